// Package tntp reads road networks in the format of the Transportation
// Networks for Research repository (TNTP).
//
// Import reads a road network in the TNTP format from an fs.FS: a network
// file and, optionally, a node file with coordinates (nodeFile "" means
// none). netFile and nodeFile name the inputs in errors; the network is named
// netFile. Options (IDs' prefixes, CRS, length and time units) have a
// Validate method, which Import calls first. Parameter names are those of
// network's Param constants (network.ParamB is "b").
//
// Network file: metadata lines "<KEY> value" up to "<END OF METADATA>"
// (<NUMBER OF NODES> and <NUMBER OF LINKS> are required, other keys are
// ignored), then one row per link:
//
//	init_node term_node capacity length free_flow_time b power speed toll link_type ;
//
// with fields separated by spaces or tabs and the ";" optional. Text after
// "~" is a comment; the "~" line before the rows is the header. Columns after
// link_type (InfraRisk adds "id") are kept as link tags named by the header,
// in snake_case, when the header is tab-separated with one name per column,
// otherwise as col<k> (1-based column number).
//
// Node file: rows "node x y" (the ";" is optional), after an optional header
// line (recognised by a second field that is not a number).
//
// Conventions:
//   - Every node becomes a component with ID Prefix+token (the token alone
//     with opts.BareNodeIDs), Sector Transport,
//     Kind network.KindIntersection, Role network.RoleTransit, Location (x,
//     y) in opts.CRS. Without a node file the components are the link
//     endpoints in order of first appearance, without locations (a node no
//     link touches cannot be created then).
//   - Every row becomes a directed link (TNTP links are one-way) with ID
//     LinkPrefix+row (1-based over link rows), Kind network.KindRoad,
//     Capacity = capacity in vehicles per hour, Length = length × LengthUnit
//     metres, FreeFlow = free_flow_time × TimeUnit (rounded to the
//     nanosecond), and Params "b", "power", "speed", "toll" and "link_type"
//     as written.
//   - The metadata counts must match the file: <NUMBER OF LINKS> the number
//     of rows, <NUMBER OF NODES> the number of nodes in the node file, or at
//     least the number of distinct endpoints without one (unless
//     IgnoreCounts).
//
// Errors are *network.ParseError values with the file, line, 1-based byte
// column and field (the column name as above, or the metadata key) wrapping
// network.ErrSyntax, network.ErrNotFinite, network.ErrNegative,
// network.ErrDuplicateID, network.ErrUnknownID, network.ErrSelfLoop,
// network.ErrInvalid (a metadata count that does not match) or
// network.ErrOutOfRange (a free-flow time of 2^53 ns or more, a lon/lat out
// of range). Problems found by Build, if any, come as a network.ParseError
// naming the network file that wraps a *network.BuildError. Invalid options
// return an error from Validate. The files are read in one pass, line by
// line, in time linear in their size and memory linear in the network; a
// file above opts.MaxBytes (4 GiB by default) is refused with
// network.ErrTooLarge. Error messages quote at most 64 bytes of the
// offending text.
package tntp
