// Package wind is lifeline's tropical cyclone (typhoon, hurricane) wind
// hazard: a storm track, the wind it blows at each site over time, and the
// damage that gusts do to overhead lines, poles and towers.
//
// # Wind field
//
// A Track is a list of fixes (time, centre longitude and latitude in
// WGS84 degrees, central pressure in hPa, radius of maximum wind in
// metres), given in code or read from CSV (Reader.ReadTrack), interpolated
// linearly in time; the storm's forward velocity is
// that of the track segment. At each instant the gradient wind is the
// axisymmetric profile of Holland (1980) (Profile) with the pressure
// deficit Δp = AmbientPressure − central pressure, the air density
// (1.15 kg/m³) and Coriolis parameter of the centre's latitude, and
// Holland's B from the regression of Vickery & Wadhera (2008) (HollandB,
// unless Wind.B is set). A fix without a radius takes Vickery &
// Wadhera's Atlantic regression (RmaxVW08).
//
// The 1-min sustained wind at 10 m is SurfaceFactor (default 0.8, an
// assumption) times the gradient wind, blowing around the centre
// (anticlockwise in the northern hemisphere, clockwise in the southern,
// without an inflow angle), plus the forward velocity scaled by
// Jelesnianski's factor r·Rmax/(r² + Rmax²) (Jelesnianski 1966, as in
// SLOSH): the wind is stronger to the right of the track in the northern
// hemisphere. The 3-s gust is GustFactor (default 1.52/1.25 ≈ 1.22, from
// the Durst curve) times the sustained wind. Distances from the centre are
// great-circle (haversine) distances; directions are taken in the local
// plane at the mean latitude. Wind.At returns both speeds at a place and
// time; IntensityAt (hazard.Intensity) the gust, so that a chain's
// trigger can start the storm's rain when the gust at a place passes a
// threshold (hazard/chain).
//
// # Damage
//
// Components and links whose kind (Wind.Kinds) or fragility class
// (Wind.Classes, taking precedence) has a Curve are exposed: a lognormal
// fragility.Curve against the peak 3-s gust in m/s, P(damage | gust) =
// Φ(ln(gust/median)/β), and the damage state it leads to. The package
// bundles no curves: no published wind fragility of overhead lines,
// poles or cell towers was available to lifeline to copy with its source,
// so the curves are the caller's (fit them to the asset base, or take them
// from a study such as those of Panteli et al. 2017 or Ouyang &
// Dueñas-Osorio 2014).
//
// Each exposed entity draws one uniform u from its own stream
// (hazard.Rand.Component or Link, keyed by its ID), which fixes its
// capacity: the gust median·exp(β·Φ⁻¹(u)) at which P(damage) = u. The wind
// is evaluated every Step (default 10 minutes) from the first fix to the
// last; the entity is damaged at the first step whose gust exceeds its
// capacity (first exceedance, which also says whether the peak gust
// damages it: the same u gives the same verdict either way). A component
// feels the wind at its Location; a link at the corners of its Geometry
// (or its ends) and the midpoint of each segment, the strongest gust
// counting. The Damage impact carries the curve's state and the capacity
// factor fragility.DefaultFactor of that state; damage is latched: the
// entity stays down until repaired. The draws being fixed per entity, a
// storm whose gusts are at least as strong everywhere damages a superset,
// each entity no later.
//
// A wind and a flood (hazard/flood: storm surge or rain) are two hazards
// of one run, each with its own name.
//
// # Cost
//
// Impacts costs O(S·E·P) for S time steps and E exposed entities of P
// points each, plus sorting the impacts; nothing per unexposed entity
// beyond a kind lookup. Entities already damaged are dropped, and at each
// step an entity whose capacity is above the storm's bound on any gust
// (the cyclostrophic peak plus half the forward speed) is skipped without
// computing its wind, so a weak storm costs little. A hazard is
// pure: it never modifies the network, and the same Rand gives the same
// impacts. The network's CRS must convert to WGS84 exactly
// (network.CRS.ToWGS84: geographic or Web Mercator); others are an error.
package wind
