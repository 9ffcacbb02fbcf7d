// Package synth generates synthetic cities and research graphs for tests,
// examples and benchmarks: plausible, seeded, of any size from a few hundred
// to millions of components.
//
// # Cities
//
// City and CityBuilder lay out a city from CityParams. The same parameters
// (Seed included) give the same network, component for component; separate
// random streams per sector keep, for example, the road layout unchanged
// when only water parameters change. Generation is O(C) time and memory for
// C components apart from the DC power flow that rates the transmission
// lines (conjugate gradients on D districts, about O(D^1.5)); a city of 10⁶
// components is generated in well under a second and compiled by Build in
// a few seconds.
//
// Geography. Coordinates are WGS84 longitude/latitude (the default CRS)
// around CityParams.Origin, the city centre (default 90.0° W, 35.1° N).
// The city is a W×H grid of square districts (at least 2×2) of side
// DistrictSize (default 2 km), with about DistrictComponents components each
// (default 1000); Zone is the district's name "Dxx-yy" (column, row from
// the south-west). Population per district follows Density (default 4000
// people/km²), denser towards the centre (weight 0.4 + 1.6·exp(−r²/r₀²),
// r₀ = 0.35 × the city's smaller side). Unless NoRiver is set, a river runs
// north–south a quarter of the way across. Every component has a Location,
// a Zone and an Access: the road intersection of the road-grid cell it lies
// in (an intersection is its own access; a bridge's is its first end).
// Lengths are great-circle distances between the ends. Roads and water
// mains of the trunk grid, transmission lines and the fiber between central
// offices carry a straight two-point Geometry; other links carry none, to
// save memory.
//
// A district's components are split about 40 % transport, 20 % power, 8 %
// cell towers and the rest water, plus one transmission substation, main
// junction, pumping station, fiber node and shelter per district and the
// citywide plants below. The built city has the requested number of
// components within 5 %.
//
// Power (sector power, network attribute base_mva = 100):
//   - one transmission substation per district (Kind substation, Role
//     transit, 230 kV: Hazus ESS3 or ESS4, anchored or not at random), meshed
//     with its four neighbours by lines of reactance 0.4 Ω/km on a 230 kV,
//     100 MVA base (7.6e-4 p.u./km);
//   - generation plants (Kind generator, Role source, Hazus EPP3/EPP4), one
//     per 8 districts and at least 2, at random districts, each joined to its
//     substation by a Kind connection link (zero impedance). Params
//     pmax_mw, pmin_mw = 0.2·pmax_mw and pg_mw; Capacity = pmax_mw. The
//     capacities share (1 + ReserveMargin) × total load (default margin
//     0.25) with random weights in [0.7, 1.3); dispatch pg_mw = pmax_mw /
//     (1 + ReserveMargin), so Σ pg_mw equals the total load exactly;
//   - distribution substations (Kind substation, Role consumer, Hazus ESS1
//     or ESS2) on a jittered lattice in each district, carrying the loads:
//     Population shares the district's people (random weights in [0.5, 1.5))
//     and Demand = Population × LoadPerCapita (default 1.2 kW/person, in MW);
//   - radial feeders: each lattice row is a feeder from the transmission
//     substation to the row's middle element and outwards both ways; the
//     east ends of neighbouring rows are joined by normally-open ties
//     (OutOfService). Feeder lines have reactance 0.4 Ω/km on a 13.8 kV base
//     (0.21 p.u./km) and Hazus class EDC1 or EDC2 (distribution circuits);
//     transmission lines have no class (the Hazus earthquake model has none
//     for them);
//   - ratings: every line is rated RatingMargin (default 2) × its
//     base-case DC power flow, and at least 1 MW. Radial feeder flows are
//     the downstream load; transmission flows come from a DC power flow of
//     the mesh; a tie is rated for the larger of the rows it joins.
//
// Water (sector water; Demand in m³/s):
//   - treatment plants (Kind treatment_plant, Role source, Hazus PWT3), one
//     per 24 districts and at least 1, on the river's east bank (or in
//     random districts without a river), joined to the trunk grid by 1.2 m
//     mains; Capacity (1 + ReserveMargin) × total demand / plants;
//   - a main junction per district (Kind junction, Role transit) on a trunk
//     grid of 0.6 m mains (class InfraRisk:W_PMA);
//   - a booster pumping station per district (Kind pump, Role transit,
//     InfraRisk:W_WP) between the main junction and the district's
//     distribution mesh;
//   - consumer junctions (Kind junction, Role consumer) on a lattice joined
//     by 0.2 m pipes: a random spanning tree plus each other lattice edge
//     with probability PipeLoops (default 0.15), and a few leaf junctions on
//     0.15 m pipes; Population shares the district's people and Demand =
//     Population × WaterPerCapita (default 0.35 m³/person/day) / 86400 s;
//     pipe class InfraRisk:W_P;
//   - elevated tanks (Kind tank, Role source, InfraRisk:W_T), one per two
//     districts, on 0.4 m pipes; Storage = TankStorage (default 24 h of the
//     city's average demand) split evenly; Params elevation_m is 80 m of
//     ground plus a 30–45 m tower.
//
// The InfraRisk:* classes are the water classes of the shared fragility
// table (hazus_lifeline_fragility.csv); PWT3 is the Hazus name of a medium
// treatment plant with anchored components, which that table lacks.
//
// Transport (sector transport): intersections (Kind intersection) on a
// jittered square grid, roads (Kind road) between neighbours. Every
// ArterialEvery-th line (default 4) is an arterial: 60 km/h, Capacity 3600
// veh/h, Hazus HRD1, with Geometry; other streets are local: 40 km/h, 900
// veh/h, HRD2, and are thinned to a random spanning tree plus each other
// segment with probability RoadLoops (default 0.3). Params speed_kmh;
// FreeFlow = Length / speed. The river is crossed once per row of districts
// by a bridge (Kind bridge component splitting the segment into two roads,
// Hazus HWB1 or HWB2, major spans); any other segment carries an overpass
// with probability BridgeFraction (default 0.01; HWB5, HWB10, HWB12 or
// HWB17). Intersections of two arterials are signalled, and those on one
// arterial with probability SignalShare (default 0.15).
//
// Telecom (sector telecom): central offices (Kind central_office, Role
// source), one per block of 3×3 districts, meshed by fiber; a fiber node
// (Kind fiber_node, a remote terminal) per district homed on its block's
// office; cell towers (Kind cell_tower, Role consumer, Population sharing
// the district's people) on a lattice, each backhauled by fiber to its
// fiber node. Telecom components carry no fragility class.
//
// Facilities (sector Facilities, no links, no sources): a shelter (Kind
// shelter, Critical, Population 2 % of its district) in every district and
// a hospital (Kind hospital, Critical, Population = city / hospitals) per
// four districts, at random positions.
//
// Requirements (providers are the distribution substation, junction or
// tower of the lattice cell the dependent lies in, the nearest one up to
// the jitter; Logic All, effect Fail and kind physical unless stated):
//   - pumping stations and treatment plants need power, Lag PumpLag
//     (default 0);
//   - signalled intersections need power, effect Degrade, Factor
//     SignalFactor (default 0.5);
//   - central offices need power with a COBuffer battery/generator
//     (default 24 h), fiber nodes and cell towers with RemoteBuffer and
//     TowerBuffer (default 8 h), recharging at Recharge (default 0.25
//     autonomy-hours per hour). The 24 h and 8 h figures are the minimums of
//     47 CFR 12.2 as adopted by FCC Order 07-139 (2007), as recorded in
//     fragility/backup_and_storage_durations.csv of the shared reference
//     data (rows telecom_central_office, cell_site and
//     telecom_remote_terminal_or_remote_switch), which notes that whether
//     the rule took effect was not verified: they are planning figures;
//   - transmission substations need their district's fiber node (SCADA,
//     kind cyber, Lag SCADALag, default 30 min). With the fiber node's own
//     power requirement this closes a power ↔ telecom loop in every district;
//   - hospitals need power from either of two substations (Logic Any) with
//     a HospitalBuffer generator (default 96 h, no recharge: the Joint
//     Commission's 96-hour planning horizon without outside support, row
//     hospital of the same file — a planning horizon, not a required amount
//     of fuel on site), water with a HospitalWater buffer (default 24 h, an
//     assumption) and telecom (kind cyber, effect Degrade, Factor 0.5);
//   - shelters need power and water.
//
// IDs are short: components i<k> (intersection), br<k>, ts<d>, ds<k>,
// gen<k>, mj<d>, pu<d>, j<k>, tk<k>, wtp<k>, co<k>, fn<d>, tw<k>, sh<d>,
// ho<k>; links rd<k>, pl<k>, wp<k>, fb<k>, numbered in add order.
//
// # Research graphs
//
// ErdosRenyi draws G(n, M) with M = round(k·n/2) distinct edges in O(n + M);
// ScaleFree draws an erased configuration model with a power-law degree
// sequence P(d) ∝ d^−λ. CoupledLayers builds n such layers as sectors
// "layer0", "layer1", … of Role transit nodes, coupled one to one in both
// directions (node i of layer a requires node π(i) of layer b, Logic All,
// Lag 0) in a chain or a star, as in Buldyrev et al., Nature 464:1025 (2010)
// and Gao et al., Nature Physics 8:40 (2012).
//
// # Errors and panics
//
// City, CityBuilder and CoupledLayers return an error wrapping ErrParams for
// parameters out of range. ErdosRenyi and ScaleFree panic with a "synth:"
// prefix on impossible arguments, as documented on each.
package synth
