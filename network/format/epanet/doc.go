// Package epanet reads EPANET 2 input files (.inp) into lifeline water
// networks.
//
// Import reads an EPANET 2 input file (.inp) into a water network. Sections
// are read in any order; names and keywords are case-insensitive, IDs are
// case-sensitive; ';' starts a comment and "…" quotes an ID with spaces.
// Read: [TITLE] (its first line names the network), [JUNCTIONS],
// [RESERVOIRS], [TANKS], [PIPES], [PUMPS], [VALVES], [DEMANDS], [STATUS],
// [COORDINATES], [VERTICES], [OPTIONS] (Units and Demand Multiplier),
// [CURVES] (tank volume curves; curve IDs are checked) and [PATTERNS]
// (pattern IDs are checked); [END] ends the file. [CONTROLS], [RULES],
// [ENERGY], [REACTIONS], [TIMES], [REPORT], [QUALITY], [LABELS], [BACKDROP],
// [TAGS], [EMITTERS], [SOURCES], [MIXING] and [LEAKAGE] are skipped; an
// unknown section is an error.
//
// # Units
//
// Lifeline units are SI. The [OPTIONS] Units flow unit selects the file's
// unit system: CFS, GPM, MGD, IMGD and AFD are US customary (lengths,
// elevations, heads and tank diameters in ft, pipe and valve diameters in
// inches, volumes in ft³, pump power in hp); LPS, LPM, MLD, CMH, CMD and CMS
// are SI (m, pipe and valve diameters in mm, m³, kW). Flows convert to m³/s
// with GPM × 6.30901964e-5, CFS × 0.028316846592, MGD × 0.0438126364, IMGD ×
// 0.0526168042, AFD × 0.0142764101, LPS × 1e-3, LPM ÷ 60000, MLD ÷ 86.4, CMH
// ÷ 3600, CMD ÷ 86400, CMS × 1; ft × 0.3048 = m, in × 0.0254 = m, ft³ ×
// 0.028316846592 = m³, hp × 0.745699872 = kW. The default is GPM, as in
// EPANET. Valve settings and pipe roughness are kept as written (their
// meaning depends on the valve type and head-loss formula). Coordinates are
// not converted: they are read in opts.CRS.
//
// # Conventions
//
// Every ID gets opts.Prefix. Components come in the order junctions,
// reservoirs, tanks, pumps; links in the order pipes, pump connections,
// valves; each in file order. All are in Sector Water.
//
//   - Junction → Kind network.KindJunction, Role network.RoleConsumer when
//     its demand is positive and network.RoleTransit otherwise, Demand in
//     m³/s = base demand × Demand Multiplier × flow factor (0 when negative:
//     an inflow). The base demand is the [JUNCTIONS] value, or, when
//     [DEMANDS] lists the junction, the sum of its [DEMANDS] entries (which
//     replace it, as in EPANET). Params elevation_m and demand_native (the
//     signed base demand in the file's flow unit, before the multiplier).
//     Demand patterns are not applied.
//   - Reservoir → Kind network.KindReservoir, Role network.RoleSource, Params
//     head_m; Tags head_pattern when given.
//   - Tank → Kind network.KindTank, Role network.RoleSource, Storage = usable
//     volume in m³ between the initial and minimum levels: π/4·D²·(init −
//     min), or V(init) − V(min) from its volume curve (linear interpolation,
//     extrapolating the end segments, as EPANET does); a given MinVol shifts
//     both volumes equally and so leaves the usable volume alone. Params
//     elevation_m, init_level_m, min_level_m, max_level_m, diameter_m,
//     min_volume_m3; Tags volume_curve when given. Levels must satisfy min ≤
//     init ≤ max.
//   - Pipe → link Kind network.KindPipe, Length and Diameter in m, Params
//     roughness and minor_loss; OutOfService when its status (from [PIPES],
//     then [STATUS]) is Closed; Directed (Node1 → Node2) when its status is
//     CV.
//   - Pump → a component of Kind network.KindPump, Role network.RoleTransit,
//     located at the midpoint of its end nodes when both are located, so that
//     the pump can carry a requirement (power); its ID is the pump's ID, or
//     "<ID>:pump" when a node has the same ID (EPANET keeps node and link IDs
//     apart: Net1's pump 9 draws from reservoir 9); Tags epanet_id = the
//     pump's ID, head_curve (HEAD), speed_pattern (PATTERN); Params power_kw
//     (POWER) and speed (SPEED, or a numeric [STATUS]). Two directed links of
//     Kind network.KindConnection join it: "<ID>:in" from Node1 to the pump
//     and "<ID>:out" from the pump to Node2; both are OutOfService when the
//     pump's initial status is Closed (or speed 0). A pump's [VERTICES] are
//     not kept.
//   - Valve → link Kind network.KindValve, Diameter in m, Tags type (PRV,
//     PSV, PBV, FCV, TCV, GPV or PCV), Params setting (numeric settings; a
//     GPV's head-loss curve is Tags headloss_curve, a PCV's valve curve Tags
//     valve_curve) and minor_loss; Directed for PRV, PSV and FCV;
//     OutOfService when its [STATUS] is Closed.
//   - [COORDINATES] give component locations in opts.CRS; a link with
//     [VERTICES] gets the geometry (From location, vertices…, To location),
//     the end locations included when known, unless that leaves a single
//     point.
//   - Network: name from [TITLE] (the file's base name when empty);
//     attributes flow_unit_m3s (the flow factor) and demand_multiplier.
//
// # Errors
//
// Errors are *network.ParseError values with the line, the column of the
// token at fault (in bytes from 1) and Field = "SECTION.column" (for example
// "PIPES.length", "JUNCTIONS.demand", "STATUS.status"). They wrap
// network.ErrSyntax (a missing or malformed token, an unknown section or
// keyword), network.ErrInvalid (a value EPANET rejects: a non-positive length
// or diameter, tank levels out of order, an unknown unit or valve type, a
// pump with neither HEAD nor POWER), network.ErrDuplicateID,
// network.ErrUnknownID (a node, link, curve or pattern that is not defined),
// network.ErrSelfLoop (a link from a node to itself) or network.ErrOutOfRange
// (coordinates outside lon/lat in a geographic CRS). Error messages quote at
// most 64 bytes of the offending text.
//
// What is not an EPANET input file is refused, never read as an empty
// network: text before the first [SECTION] (HTML, JSON, a MATPOWER case), a
// NUL byte (binary data), a file without sections (an empty file) are
// network.ErrSyntax at the line and column found; a file without a
// junction, reservoir or tank is network.ErrInvalid at its last line, as
// EPANET refuses it ("not enough nodes in network", its error 223).
//
// # Memory
//
// The file is read line by line (lines up to 16 MiB); what the network
// needs of each line is kept, not its text, so that importing takes about
// the memory of building the same network with a Builder (benchmarks/
// README.md has the figures). A file above opts.MaxBytes (4 GiB by
// default) is refused with network.ErrTooLarge.
//
// Parameter names above are those of network's Param constants
// (network.ParamElevationM is "elevation_m").
package epanet
