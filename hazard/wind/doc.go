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
// time; Wind.IntensityAt the gust at a place of the network's CRS
// (hazard.Intensity), which chained hazards read (hazard/chain: a
// rainstorm when the gust passes a speed).
//
// # Curves
//
// Components and links whose kind (Wind.Kinds) or fragility class
// (Wind.Classes, taking precedence) has a Curve are exposed: a fragility
// curve against the peak 3-s gust in m/s and the damage state it leads
// to. A Curve keeps the form its source published (Form): a lognormal
// Φ(ln(gust/median)/β), or an exponential A·exp(B·v) or power law A·v^B
// with v in the source's speed unit (Curve.Unit, MPH for miles per hour).
// An exponential is A in calm air; lifeline removes that storm-independent
// rate, P = (min(1, A·exp(B·v)) − A)/(1 − A). A link's curve may be for
// one of its structures (Curve.Span, the spacing of its poles or towers):
// a link of length L then has k = ⌈L/Span⌉ structures failing
// independently, P = 1 − (1 − p)^k.
//
// # Bundled curves
//
// A Wind with neither Kinds nor Classes uses the bundled curves
// (DefaultKinds, DefaultClasses; embedded from data/wind_fragility.csv,
// whose rows cite their sources, see data/SOURCE.md); curves the caller
// gives replace them. Bundled, with v in mph:
//
//   - WIND-DP, distribution poles, p = 1e-4·exp(0.0421·v) per pole;
//   - WIND-DC, distribution conductors, p = 8e-12·v^5.1731 per span;
//   - WIND-TT, transmission towers, p = 2e-7·exp(0.0834·v) per tower;
//
// all three from Quanta Technology (2009), the storm-hardening study for
// the Public Utility Commission of Texas used by Ouyang & Dueñas-Osorio
// (2014) and Watson (2018), failure taken as complete damage; and
// HAZUS-SUB-K1 … HAZUS-SUB-K5, electric substations: the Hazus hurricane
// model's severe-damage lognormals (ln v normal with mean 5.060 … 5.204
// and σ 0.15 … 0.147) for terrains k1 … k5 as documented by Watson (2018),
// severe taken as extensive. Overhead lines (network.KindLine) take
// WIND-DP by default; the others apply by class only (a transmission line
// whose Fragility is "WIND-TT", a substation's "HAZUS-SUB-K3").
//
// Assumptions, lifeline's own: the sources' speeds are applied to the peak
// 3-s gust at 10 m (they do not state a gust duration lifeline could
// verify); poles and conductor spans are 50 m apart and towers 300 m, and
// fail independently along a link. No published wind fragility of cell
// towers was available to lifeline: give them a curve of the caller's.
//
// # Damage
//
// Each exposed entity draws one uniform u from its own stream
// (hazard.Rand.Component or Link, keyed by its ID), which fixes its
// capacity: the gust at which its P(damage) = u (Curve.Quantile; for a
// lognormal median·exp(β·Φ⁻¹(u)); for k structures the quantile at
// 1 − (1 − u)^(1/k); a link without a Length is one structure). The
// wind is evaluated every Step (default 10 minutes) from the first fix to
// the last; the entity is damaged at the first step whose gust exceeds its
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
// impacts. Track.Approach, the closest the storm's centre comes to a box
// of longitudes and latitudes (a network's extent), costs one distance
// per 10 km of track. The network's CRS must convert to WGS84 exactly
// (network.CRS.ToWGS84: geographic or Web Mercator); others are an error.
package wind
