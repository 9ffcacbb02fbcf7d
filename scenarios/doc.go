// Package scenarios reads lifeline's scenario files, keeps the registry of
// the kinds they can name and the bundled cities and scenarios, and runs
// scenarios.
//
// # Format
//
// A scenario file is one YAML document (version 1):
//
//	version: 1
//	name: riverton-quake
//	network:
//	  city: riverton                 # a bundled city, or:
//	  # files:                       # files read and merged in order
//	  #   - {format: matpower, path: grid.m, prefix: "p/"}
//	  #   - {format: epanet, path: water.inp, prefix: "w/", crs: local}
//	  # requirements: couplings.csv  # dependent,providers,k,lag,buffer,…
//	models:                          # sector → service model
//	  power: {kind: power}
//	  water: {kind: water, refill: 12h}
//	hazards:
//	  - {name: quake, kind: random-fraction, fraction: 0.05, at: 1h, repair_within: 3d}
//	protection: {reclose: true, reclose_delay: 1h}
//	horizon: 8d
//	seed: 1
//	replications: 1
//
// Durations are written as sim.ParseDuration reads them, Go's syntax with
// d = 24 h ("90s", "4h", "1d12h", "1.5h"), never negative. Paths are
// relative to the scenario file's directory (a leading "/" starts from
// the root of the fs.FS the file is read from; lifeline's command line
// reads from the root of the file system). A network comes from a bundled
// city or from files in any registered format: the native JSON, GeoJSON
// and CSV (network/format) and the importers (MATPOWER, EPANET, TNTP,
// pandapower, Shelby County INDP, a whole InfraRisk directory). Several
// files are merged into one city by network.Merge, each with its own ID
// prefix, and a requirements CSV (format.ReadRequirementsCSV: dependent,
// providers joined by ";", logic, k, lag, buffer, recharge, effect,
// factor, kind; IDs with their prefixes) couples them. Sectors without a
// model use flow.Default.
//
// The keys variants (what-ifs), events (event sets with annual rates) and
// response (crews, resources, policies) are reserved: a file that uses
// them is refused with ErrNotSupported until the packages that give them
// meaning exist. Until then a hazard's repair_within repairs what it
// damaged after a delay drawn uniformly up to that long (Hazard).
//
// # Strictness and errors
//
// Decoding goes through yaml.Node, so every error is a *network.ParseError
// naming the file, line, column and field path ("hazards[1].fraction"):
// an unknown key (ErrUnknownKey) or kind (ErrUnknownKind) or name
// (ErrUnknownName: a sector, an effect, a bundled city) names the closest
// valid one by edit distance, or lists them all; a value of the wrong type
// is ErrType; a missing or other version is network.ErrVersion; an unknown
// component or link ID is network.ErrUnknownID; a negative duration
// network.ErrNegative. Aliases and merge keys are refused (a file is read
// as written, and no alias can blow it up). A file above Loader.MaxBytes
// (DefaultMaxBytes, 4 MiB) is refused with network.ErrTooLarge before it is
// parsed; empty files, binary data and second documents are
// network.ErrSyntax. Nothing panics on bad input (FuzzParse).
//
// # Registry
//
// Every kind a file can name is one entry of one explicit registry sorted
// by group and name (Kinds): network formats, hazards and sector models.
// An entry gives the kind's name, a sentence of documentation and a
// constructor of its parameter struct, whose yaml-tagged fields are the
// keys it accepts; the struct builds the hazard, model or reader. A new
// kind is one entry and one struct: the decoder, the errors, the JSON
// Schema (Schema, generated from the same types) and the CLI's listings
// follow. The schema is also the file scenario.schema.json beside this
// package (TestSchema keeps it current), so an editor with a YAML language
// server completes and checks a scenario file that starts with
//
//	# yaml-language-server: $schema=https://raw.githubusercontent.com/lifeline-sim/lifeline/main/scenarios/scenario.schema.json
//
// # Bundled cities and scenarios
//
// Bundled cities are generated deterministically (network/synth) from
// fixed parameters (Cities): riverton, about 10⁴ components with all four
// lifelines, hospitals and shelters, batteries and generators. Bundled
// scenarios are embedded YAML files (Bundled, BundledNames, LoadBundled);
// DefaultScenario is the one lifeline run runs without an argument.
//
// # Running
//
// Load reads and builds a scenario; Scenario.Run runs its replications in
// order on one engine, with a context and an optional progress callback,
// and returns one cascade.Result per replication. Scenario.Engine and
// Scenario.Input are the pieces of Run for callers that spread
// replications over workers: Input(i) is a pure function of the scenario
// and i (replication i runs with seed sim.ReplicationSeed(Seed, i)), so
// results do not depend on which worker ran what. Go users may also fill
// in a Scenario themselves (LifelineModels gives the four lifelines' models).
//
// Cost: parsing is linear in the file; Build costs what reading the
// network costs (or generating a bundled city: O(components)), plus
// O(components) to check a hazard's selector.
package scenarios
