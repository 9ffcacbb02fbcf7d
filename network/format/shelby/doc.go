// Package shelby reads the Shelby County INDP test system.
//
// Import reads the four-layer Shelby County, Tennessee test system of the
// interdependent network design problem (INDP) literature (Gonzalez,
// Dueñas-Osorio et al.; files as in htalebiyan/Dec2py
// data/Extended_Shelby_County) from the directory dir of fsys ("." for its
// root): WaterNodes.csv, WaterArcs.csv, PowerNodes.csv, PowerArcs.csv,
// GasNodes.csv, GasArcs.csv, TelecommunicationNodes.csv,
// TelecommunicationArcs.csv and Interdep.csv. Columns are found by their
// header names, in any order; names and cells are trimmed of spaces, a
// repeated name is an error (network.ErrInvalid) and rows whose cells are all
// empty are skipped.
//
// Conventions:
//   - Each node becomes a component with ID <letter><ID> (W12, P3, G5, T7:
//     water, power, gas, telecom), Sector Water, Power, "gas" or Telecom,
//     Location (X, Y) as WGS84 lon/lat, Tags "type" = Node Type.
//   - Kind from Node Type: Storage Tank → network.KindTank, Pumping Station →
//     network.KindPump, Distribution Node → network.KindJunction, Gate
//     Station → "gate_station", <n>kV Substation → network.KindSubstation
//     (with Params "vn_kv" = n), Intersections point → network.KindBus,
//     Regulator Station → "regulator_station", Other → network.KindNode,
//     Fiber or Microwave Node → network.KindFiberNode, Splice Capsules →
//     "splice_capsule"; any other type → its snake_case (network.KindNode
//     when empty).
//   - Demand (in the INDP model's flow units, which the files do not state)
//     is signed: Demand < 0 is consumption (Role network.RoleConsumer, Demand
//     = −Demand), Demand > 0 is supply (Role network.RoleSource, Capacity =
//     Demand), 0 is transit. The telecom layer has no source type, so its
//     sources are exactly the nodes with positive Demand (22 of 27 in the
//     published files). Each layer's supply and demand balance to within
//     rounding.
//   - Population from the "population" column when present and not "N/A". The
//     files give every node, sources included, a share of the county's
//     population, and every share counts in population-weighted service
//     figures (a gas gate station cut off takes its area's people with
//     it), while demand-weighted ones count consumers only: a layer can
//     keep all its demand and lose a third of its people.
//   - Each arc becomes an undirected link with ID <letter>a<ID> (Wa0), Kind
//     from Arc Type (Water/Gas pipe → network.KindPipe, Transmission Line →
//     network.KindLine, Fiber Optic Cable → network.KindFiber, Microwave →
//     network.KindMicrowave, else the snake_case), Length = Length (km) ×
//     1000 m, Capacity = u, Params "fixed_cost" = f and "flow_cost" = c (the
//     INDP arc costs), Tags "type" = Arc Type.
//   - Each Interdep.csv row becomes one requirement: Dependent = the Depender
//     Node in the Depender Network, Providers = [the Dependee Node in the
//     Dependee Network], Logic All, Kind from Type (Physical, Cyber,
//     Geographic, Logical, any case; empty is Physical), no lag and no
//     buffer. Network names are Water, Power, Gas and Telecommunication (or
//     Telecom), in any case. Rows naming the same dependent are separate
//     requirements, all of which must hold.
//
// Options.Prefix goes before every component and link ID (and so before the
// IDs requirements name), so that the system can be merged with others
// (network.Merge); Options.MaxBytes caps each file's size (default 4 GiB).
//
// The network is named "shelby_indp". Components are added layer by layer
// (water, power, gas, telecom) in file order, then links likewise, then
// requirements in row order.
//
// Errors are *network.ParseError values naming the file, line, 1-based byte
// column and header name, wrapping network.ErrSyntax, network.ErrNotFinite,
// network.ErrNegative, network.ErrOutOfRange, network.ErrInvalid,
// network.ErrDuplicateID, network.ErrUnknownID, network.ErrSelfLoop or
// network.ErrSelfRequirement; a missing file wraps fs.ErrNotExist. Problems
// found by Build, if any, come as a network.ParseError with File dir wrapping
// a *network.BuildError. Error messages quote at most 64 bytes of the
// offending text.
//
// Each file is read as a stream, one row at a time, each row handed to a
// network.Builder before the next is read, so that importing takes about the
// memory of building the same network; a file above 4 GiB is refused with
// network.ErrTooLarge (the files have no options: the cap is the default of
// the other importers).
//
// Parameter names above are those of network's Param constants
// (network.ParamFixedCost is "fixed_cost").
package shelby
