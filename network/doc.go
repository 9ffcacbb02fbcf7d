// Package network is lifeline's model of a city: the components, links and
// requirements of its lifelines, compiled into an immutable Network that
// every replication shares, and the per-replication State.
//
// # Model
//
// A Component is a node of one Sector (power, water, transport, telecom, or
// a user-declared sector such as gas): a substation, a pump, a tank, a cell
// tower, an intersection, a hospital. Its Role says whether it originates
// service (RoleSource), passes it on (RoleTransit) or is served
// (RoleConsumer). A Link is an intra-sector edge with its own ID that can be
// damaged itself: a line, a pipe, a road segment, a fiber. A Requirement
// says that a dependent component needs supply from providers, with a logic
// (All, Any, KOfN), a lag, an optional buffer (battery, fuel, tank) and an
// effect (Fail or Degrade). Requirement cycles are legal.
//
// Units are in the field docs: lengths in metres, durations as sim.Time
// (integer nanoseconds, the one time type of lifeline), power in MW and per unit on the
// network's ParamBaseMVA attribute, water in m³/s, angles in degrees.
// Demand is also kept in fixed point (FixedDemand, DemandScale units per
// unit of demand) so that served demand sums exactly in integers; Build
// refuses a component's demand or population, or their totals per sector
// and over the network, that these integers cannot hold, naming the
// component and the field.
//
// # Parameters
//
// Sector-specific numbers (network attributes and the Params of components
// and links) are named by a Param. The names that importers write and
// models read are typed constants (ParamPdMW, ParamRateBMVA,
// ParamElevationM, …), each documented once with its unit and meaning, so
// that a misspelt name fails to compile instead of reading as 0; code
// outside this package names them by these constants, never by a string.
//
// # Compilation
//
// A Builder collects input values (Rebuild fills one from a built Network,
// to edit and build again); Build validates them all at once and
// returns a *BuildError listing every problem by ID (errors.Is finds the
// sentinels ErrDuplicateID, ErrUnknownID, ErrCrossSector, …). The compiled
// Network uses dense int32 indices in add order, struct-of-arrays
// attributes (sparse columns for attributes most entities lack), a sorted
// ID arena for lookups, CSR adjacency in both directions, and forward and
// reverse requirement indices. Compilation is O((C + L + R) log C) time; the
// memory per component is reported by MemoryBytes. A Network is safe for
// concurrent readers; slices its accessors return alias its arrays and must
// not be modified. Accessors taking a component, link, requirement, sector
// or zone index panic, as slice accesses do, on one out of range.
//
// # State
//
// A State holds the flags, capacity factor and damage state of every
// component and link for one replication. Functional means no DownFlags;
// Delivering means functional and not Unserved. Reset restores the initial
// state in O(number changed). State methods panic with a "network:" prefix
// on a capacity factor outside [0, 1]; indices out of range panic as slice
// accesses do.
//
// # Coordinates
//
// A network declares its CRS: WGS84 lon/lat (the default) or a projected CRS
// in metres named by EPSG code. Distances are haversine for lon/lat,
// haversine after the exact inverse projection for Web Mercator (whose plane
// overstates ground lengths by 1/cos(latitude), about 1.22 at 35°N), and
// Euclidean otherwise; range checks apply to lon/lat only. CRS.ToWGS84
// converts WGS84 and Web Mercator points exactly and refuses every other CRS
// (ErrReproject) rather than approximate it.
//
// # Merging systems
//
// Merge combines systems compiled apart (a power grid, a water network, a
// road network, each from its own importer) into one city: IDs are kept, a
// Prefix per part resolves clashes (a clash without one is an error naming
// both parts), coordinates are reconciled to one CRS, and the requirements
// and crew accesses that join the systems are added from tables of
// Requirement values and IDs.
//
// # Formats and importers
//
// The native formats (JSON, GeoJSON, CSV) are in network/format, and one
// importer of real data per package under it: network/format/matpower,
// network/format/epanet, network/format/tntp, network/format/pandapower and
// network/format/shelby, and network/format/infrarisk, which reads a whole
// InfraRisk city through them and Merge. They report problems as
// *ParseError values.
//
// # Diagnostics and graph views
//
// Diagnose reports requirement cycles, dependency depths and counts, and
// WriteRequirementDOT draws the requirement graph; both run on demand, not
// in Build. Graph returns a gonum graph view of one sector over the CSR,
// without copying, so gonum's algorithms (shortest paths, centrality,
// components) run on it. Brandes computes betweenness over a sector's
// working graph without allocating.
//
// # Errors
//
// Build returns a *BuildError listing every problem, each wrapping one of
// the sentinels (ErrDuplicateID, ErrUnknownID, …). The readers and
// importers of network/format return *ParseError values carrying file,
// line, column and field; they wrap the same sentinels, and a problem only
// Build finds comes as a ParseError naming the file that wraps the
// *BuildError.
package network
