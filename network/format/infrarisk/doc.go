// Package infrarisk reads a whole InfraRisk city (the power, water and road
// systems of the InfraRisk simulator of Balakrishnan and Cassottana, 2022, and the
// table that couples them) into one lifeline network.
//
// Import reads, from a directory of an fs.FS laid out as InfraRisk's
// example cities are:
//
//	water/*.inp                        EPANET input (the only .inp file there)
//	power/*.json                       pandapower network (the only .json file)
//	transportation/transpo_net.tntp    TNTP road network
//	transportation/transpo_node.tntp   TNTP node coordinates
//	dependencies.csv                   water_id,power_id rows
//
// (each path can be set in Options), and merges the three systems with
// network.Merge into a network named after the directory. Other files of
// the directory (Shelby County's water/tank_to_pump_map.csv, its ground-motion
// fields, in2's trip tables) are not read.
//
// # Systems
//
// The water network is read by network/format/epanet, the power network by
// network/format/pandapower with its Loads option (each load a component,
// as InfraRisk treats loads: damageable, repairable and nameable by a
// dependency), the roads by network/format/tntp with node tokens as IDs
// (T_J1), link IDs T_row<row> (InfraRisk's own link names, kept in Tags
// "id", repeat in its Shelby County file), lengths in kilometres and
// free-flow times in minutes; the metadata counts are not checked, as
// InfraRisk's reduced networks keep the counts of the full ones. IDs are
// kept: InfraRisk prefixes them by system already (W_, P_, T_), so no
// prefix is added, and a clash is an error naming both files. All
// coordinates are in Options.CRS (Local by default).
//
// In Web Mercator (InfraRisk's Shelby County), the TNTP lengths are
// measured on the projection's plane, which overstates ground lengths by
// 1/cos(latitude) (about 1.22 at 35°N): each road link's length is
// multiplied by the cosine of the latitude of its ends' midpoint. The water
// and power files give ground lengths already and are kept as written.
//
// # Dependencies
//
// dependencies.csv has a header naming water_id and power_id (in any
// order; other columns are ignored; names and cells are trimmed) and one
// row per coupling. As in InfraRisk, the kinds of the two components say
// what a row means:
//
//   - a pump (network.KindPump) and a motor (network.KindMotor) or a load
//     (network.KindLoad): the pump needs the motor's power; a requirement
//     of the pump on it, from Options.PumpOnPower;
//   - a reservoir (network.KindReservoir) and a generator
//     (network.KindGenerator): the generator needs the reservoir's water;
//     a requirement of the generator on it, from Options.GeneratorOnWater.
//
// Any other pair is an error. A pump whose ID the EPANET importer changed to
// "<ID>:pump" (a node has the same ID) is found by its file ID, and a power
// ID P_MP<n> that names no component is looked up as P_LOMP<n>: the
// Micropolis files name the pump motors P_MP1–P_MP3 in dependencies.csv and
// model them as the loads P_LOMP1–P_LOMP3 of the power network. Each row is
// one requirement with one provider, so a pump named on two rows needs both
// (Logic All, as the rows are separate requirements).
//
// Lags and buffers: the zero Options reproduce InfraRisk, where a pump is
// out in every time step in which its motor has no power: no lag, no
// buffer, effect Fail, kind Physical. Set Options.PumpOnPower or
// Options.GeneratorOnWater to give every coupling of that kind a lag (a
// pump's run-down), a buffer (a backup generator with its fuel), a
// recharge rate, a Degrade effect or another kind.
//
// # Fragility classes
//
// The importers give no fragility class. With Options.Fragility, Import
// gives InfraRisk's own, by kind as InfraRisk names its components (its
// Shelby County curves, in the bundled library of hazard/fragility as
// "InfraRisk:<type>"): pumps W_WP, tanks W_T, generators (external grids)
// P_EG, lines P_L, switches P_S, transformers P_TF (InfraRisk damages a
// transformer with its substation curve), roads T_L, pipes W_PMA (pipe
// mains, by ID) and W_P (the rest). Buses, junctions, reservoirs, loads,
// road nodes and connections get none, as InfraRisk damages none of them;
// a class the file gave is kept. This rebuilds the merged network once,
// O((C + L + R) log C).
//
// # Crew access
//
// Unless Options.NoAccess, every located power and water component gets
// the nearest located road node as its Access, by the CRS's distance (ties
// to the road node read first), as InfraRisk sends crews to the nearest
// road node. This takes O(C × T) time for C components and T road nodes.
//
// # Shelby County's line ratings
//
// The Shelby County power network is overloaded in its base case, and
// Import does not hide it. Its 73 lines are all the pandapower std_type
// "shelby_line" (max_i_ka 0.142, df 1, parallel 1) between 23 kV buses, so
// pandapower's own rating S = √3 × vn_kv × max_i_ka × df × parallel is
// 5.657 MVA for every one, which the pandapower importer keeps as the
// Rating in MW; the 37 loads draw 1003 MW (plus 3.22 MW of pump motors)
// from eight 138 kV external grids. The file carries the converged AC
// result of pandapower's runpp, the solver InfraRisk runs: its res_line
// puts 61 of the 73 lines above 100 % loading_percent (P_L51 at 433 %,
// 22.29 MW; P_L5 at 1634 %, 84.45 MW) and one transformer at 108 %.
// InfraRisk's power model runs runpp and reads the served loads; it trips
// nothing on loading, so these overloads do not show there. lifeline's DC
// power flow (flow/power) agrees on P_L51 (22.23 MW, loading 3.93) but,
// with one angle reference per island and the external grids dispatched
// by its balance rule instead of as pandapower's eight fixed-angle slacks,
// spreads the rest differently: 64 lines above 1, the largest P_L71 at
// 17.4, 61 of them at or above the engine's default hard limit of 2
// (cascade.Protection), which trip at once, and three transformers above 1
// (the largest at 2.47). Run
// through the engine with flow/power and default protection, the intact
// city loses 65 links at 0 s, as each round of trips loads the rest more,
// and its power sector serves nothing before any hazard strikes.
//
// To run the city as InfraRisk does, switch overload protection off
// (cascade.Protection.Off, so loadings are reported but nothing trips), or
// rebuild the network (network.Rebuild) with each line's and transformer's
// Rating raised (by at least its base-case loading) so that only hazard
// damage overloads a link, as the bundled city shelby of package scenarios
// does. With protection off, the intact city's power sector serves all its
// demand.
//
// # Errors
//
// The importers' errors are returned as they are: *network.ParseError
// values naming the file, line, column and field. A problem in
// dependencies.csv is a *network.ParseError naming the file, the line, the
// byte column of the cell and its column name (water_id or power_id),
// wrapping network.ErrSyntax (malformed CSV, a missing column),
// network.ErrEmptyID, network.ErrUnknownID (no such component in the
// system), network.ErrInvalid (a pair InfraRisk does not couple, a row
// repeating an earlier one, a repeated column name); messages quote at most
// 64 bytes of a cell, and the file is read one row at a time. Where
// InfraRisk warns and drops a row naming no component, Import refuses it:
// the in2 toy city's row W_R9,P_G3 names a generator its power file lacks,
// so that city reads only with that row removed (Options.Dependencies can
// name a corrected copy). Every file is read under Options.MaxBytes (4 GiB
// by default); a larger one is network.ErrTooLarge. A missing file
// wraps fs.ErrNotExist, as does a
// directory without an .inp or .json file, and one with several is
// network.ErrInvalid. A problem only the merge finds (an ID clash between
// systems, a problem of network.Build) is a *network.ParseError naming the
// directory that wraps the *network.BuildError. Invalid options return the
// error of Options.Validate.
//
// Time and memory are those of the three importers and of network.Merge,
// plus the access search above.
package infrarisk
