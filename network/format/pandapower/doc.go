// Package pandapower reads power networks saved by pandapower.
//
// Import reads a pandapower network saved with pandapower.to_json (format
// version 2.x; InfraRisk's files are 2.6.0): a JSON object {"_module",
// "_class": "pandapowerNet", "_object": {…}} whose tables are pandas
// DataFrames {"_class": "DataFrame", "orient": "split", "_object": "<JSON
// string>"}; the string holds {"columns", "index", "data"}. file names the
// input in errors.
//
// Conventions (pandapower index = the DataFrame index, which need not be 0,
// 1, 2, … but must not repeat within a table):
//   - bus → component, Sector Power, Kind network.KindBus, Params "vn_kv",
//     Zone from "zone". A bus with at least one in-service load is
//     network.RoleConsumer with Demand = Σ p_mw × scaling (MW) over its
//     in-service rows of "load" and "asymmetric_load" (p_a_mw + p_b_mw +
//     p_c_mw; a negative value, generation written as load, is an error);
//     other buses are network.RoleTransit. Location = bus_geodata (x, y) in
//     opts.CRS.
//   - With opts.Loads, each row of "load" and "asymmetric_load" is instead a
//     component of its own, added after the buses: Kind network.KindLoad,
//     network.RoleConsumer, Demand as above (0 when out of service), Tags
//     "table", its bus's location, joined to its bus by a connection link as
//     a motor is (below); its bus then stays network.RoleTransit.
//   - ext_grid, gen, sgen → component, Kind network.KindGenerator,
//     network.RoleSource, Tags "table"; gen and sgen carry Params "p_mw" (×
//     scaling for sgen) and Capacity = max_p_mw when given. motor →
//     component, Kind network.KindMotor, network.RoleConsumer, Demand =
//     pn_mech_mw / (efficiency_percent / 100) × loading_percent / 100 ×
//     scaling MW (pandapower's motor load). Each is joined to its bus by a
//     network.KindConnection link with ID "<component ID>-conn", out of
//     service when the element is; it takes its bus's location.
//   - line → link, Kind network.KindLine, from_bus to to_bus, Length =
//     length_km × 1000 m, Reactance = x_ohm_per_km × length_km / parallel ÷
//     (vn_kv² / sn_mva) per unit with vn_kv of from_bus and the network's
//     sn_mva (attribute "base_mva", default 1 MVA), Rating ≈ √3 × max_i_ka ×
//     vn_kv × parallel × df MW (apparent power at rated voltage taken as real
//     power: an approximation), Tags "std_type".
//   - trafo → link, Kind network.KindTransformer, hv_bus to lv_bus, Reactance
//     = vk_percent / 100 × sn_mva(net) / sn_mva(trafo) × (vn_lv_kv / vn_kv(lv
//     bus))² / parallel per unit (the short-circuit impedance taken as
//     reactance: resistance ignored), Rating = sn_mva × parallel MVA taken as
//     MW, Tap = the off-nominal ratio (vn_hv_kv / vn_kv(hv bus)) / (vn_lv_kv
//     / vn_kv(lv bus)) (stored only when it is not 1), where the tap changer
//     scales vn_hv_kv or vn_lv_kv (tap_side) by 1 + (tap_pos − tap_neutral) ×
//     tap_step_percent / 100; Shift = shift_degree, plus ±(tap_pos −
//     tap_neutral) × tap_step_degree (+ on the hv side) for a
//     tap_phase_shifter. This follows pandapower's branch model with
//     calculate_voltage_angles on (its default for networks above 70 kV); the
//     angle of a tap changer that is not a phase shifter (tap_step_degree
//     without tap_phase_shifter) is ignored.
//   - switch with et "b" → link, Kind network.KindSwitch, bus to element,
//     OutOfService when open. A switch with et "l" or "t" is recorded on its
//     line or transformer as Tags "switch_from"/"switch_to" (the switch ID,
//     at the end matching its bus) and "switch_from_state"/ "switch_to_state"
//     ("open" or "closed"); an open one takes the branch out of service, as
//     it carries no power in pandapower.
//   - in_service false → OutOfService on the link; on a bus, Tags
//     "in_service" = "false" and every link touching it out of service;
//     out-of-service loads and motors add no demand.
//   - IDs are the pandapower names with opts.Prefix; a null or empty name
//     falls back to <table><index> (bus12, trafo7). A repeated name keeps its
//     first use (buses, then load and asymmetric_load with opts.Loads, then
//     ext_grid, gen, sgen, motor; for links: line, trafo, switch,
//     connections) and becomes name#<index> on later ones (then
//     name#<index>.2, …), so IDs are stable and unique.
//   - The network takes the file's "name", Attr "base_mva" = sn_mva and
//     "f_hz".
//
// Tables read: bus, load, asymmetric_load, motor, ext_grid, gen, sgen, line,
// trafo, switch, bus_geodata. A non-empty trafo3w, impedance or dcline table
// is an error (network.ErrInvalid), as its topology would be lost. Everything
// else (shunt, ward, xward, storage, line_geodata, costs, controllers,
// results, std_types) is ignored.
//
// Errors are *network.ParseError values with Field "table.column" (or the
// top-level key) wrapping network.ErrSyntax, network.ErrVersion,
// network.ErrInvalid (also for a key repeated in a JSON object),
// network.ErrNegative, network.ErrNotFinite, network.ErrDuplicateID,
// network.ErrUnknownID or network.ErrSelfLoop. Line and Col (1-based, bytes)
// locate the cell in the outer JSON, through the escapes of the table string.
// Problems found by Build (a demand sum that overflows) come as a
// network.ParseError naming the file that wraps a *network.BuildError;
// invalid options return the error of Validate. Error messages quote at
// most 64 bytes of the offending text.
//
// Time is linear in the size of the input. The file is read whole (its
// tables are JSON strings inside JSON), then each table is decoded once and
// its cells kept as offsets into the decoded string (8 bytes a cell); the
// file's text is let go before the network is built, and an error reads it
// again to place itself. Lines and transformers are converted twice, once
// to check them and place the switches that sit on them, once to add them
// to the Builder, so that none is held in between. A file above opts.MaxBytes (4 GiB by default) is
// refused with network.ErrTooLarge.
//
// Parameter names above are those of network's Param constants
// (network.ParamVnKV is "vn_kv").
package pandapower
