// Package scenarios reads lifeline's scenario files, keeps the registry of
// the kinds they can name and the bundled cities and scenarios, and runs
// scenarios.
//
// # Format
//
// A scenario file is one YAML document (version 1):
//
//	version: 1
//	name: my-quake
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
//	  - {name: quake, kind: earthquake, magnitude: 7, epicentre: {lon: -90.078, lat: 35.036}, at: 1h, repair_within: 3d}
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
// The keys variants (what-ifs) and events (event sets with annual rates)
// are reserved: a file that uses them is refused with ErrNotSupported
// until the analysis layer gives them meaning.
//
// # Response
//
// The response section (ResponseSpec) is a response.Plan: repair crews,
// emergency units, the policy they follow, the repair-time model and
// scripted actions (see package response for what each does):
//
//	response:
//	  policy: nearest-first          # critical-first, most-population, highest-betweenness, first-come
//	  reroute: false                 # true: members under way take the fastest route again when roads change
//	  repair: {model: fixed, time: 6h}   # default (by damage state), fixed, by-class (Hazus; fallback: 4h optional)
//	  teams:                         # repair crews: name, count, depot (a component ID), sector, kinds
//	    - {name: power, count: 10, depot: i1968, sector: power, kinds: [substation, line]}
//	    - {name: roads, count: 6, depot: i2109, sector: transport, policy: critical-first}
//	  units:                         # generator, cells-on-wheels, water-truck, fuel-truck
//	    - {name: gen, kind: generator, count: 2, depot: i2243, autonomy: 12h}
//	    - {name: cow, kind: cells-on-wheels, count: 2, depot: co1, fraction: 0.8}
//	    - {name: fuel, kind: fuel-truck, count: 1, depot: i2109, on_site: 30m}
//	  script:                        # do: shed-load, isolate, backup, preposition
//	    - {name: shed, do: shed-load, at: 2h, zone: D01-01, sector: power, factor: 0.5}
//	    - {name: gen-on, do: backup, facility: ho1, when: {fails: {component: ds12}}}
//	    - {name: stage, do: preposition, at: 0s, team: power, to: i2109}
//
// Crews of a team repair the damaged components and links of its sector
// (of its kinds when given); a job goes to the first team that fits it.
// A response without a repair key takes Hazus restoration times by
// fragility class and damage state (response.HazusRepair: by-class, the
// default model where Hazus has no time), not the kind named default,
// whose times are a few hours to days for every class: write the model
// you mean.
// Policies, unit kinds, repair models and effects are registry kinds
// (GroupPolicy, GroupUnit, GroupRepair, GroupAction). A team or unit may
// name its own policy and reroute. An action runs once: at its time, or,
// with when, at the first settled instant from that time at which the
// watched component has one of the states given (default: damaged,
// removed, suspended, tripped). Each part is checked by response's own
// Validate and placed at its mapping; names the network must have
// (depots, sectors, kinds, zones, facilities, teams) are checked at their
// key with the closest valid name suggested; response.New then binds the
// plan to the network (a depot the roads cannot reach is an error). Each
// engine (Scenario.Engine) runs its own Responder. Crews and a hazard's
// repair_within both repair: a file uses one or the other (a positive
// repair_within beside response teams is refused at its key).
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
// network.ErrNegative; a hazard that strikes once (random-fraction,
// targeted, the earthquakes) at an instant after a positive horizon
// network.ErrOutOfRange, since the run would end before it. Aliases and merge keys are refused (a file is read
// as written, and no alias can blow it up). A file above Loader.MaxBytes
// (DefaultMaxBytes, 4 MiB) is refused with network.ErrTooLarge before it is
// parsed; empty files, binary data and second documents are
// network.ErrSyntax. Nothing panics on bad input (FuzzParse).
//
// # Warnings
//
// Some files are valid but ask for what can do nothing. Load finds these
// while it builds the scenario and returns them as Warnings
// (Scenario.Warnings: file, line, column and field, as an error is
// placed, and a message), which never stop the scenario from loading or
// running:
//
//   - an earthquake (earthquake, ground-motion) that can damage nothing:
//     no component or link with a location has a fragility class in a
//     measure it gives, and no pipe has located ends (quake.Exposed), as
//     with a network imported without classes such as a MATPOWER case;
//   - a flood whose water lies entirely outside the network's extent, the
//     bounding box of its locations and link geometries (flood.Extent):
//     lon/lat areas over a network in local metres, say;
//   - a wind whose track never comes within 1100 km of the network's
//     extent (wind.Track.Approach), farther than any storm on record has
//     blown gales (Typhoon Tip, 1979, about 2,220 km across);
//   - a response team or unit that never gets a job, everything it fits
//     going to an earlier team (response.Responder.Shadowed).
//
// The hazards nested in chains and sequences are checked as the top-level
// ones are. The checks cost O(components + links) per hazard, and nothing
// for a scenario without these hazards or a response.
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
// Bundled cities (Cities) are generated deterministically (network/synth)
// from fixed parameters: riverton, about 10⁴ components with all four
// lifelines, hospitals and shelters, batteries and generators; and
// coupled-er, a research network of two coupled Erdős–Rényi graphs
// (City.Research). Three are read from files embedded with the package
// (City.Dir, under cities/, each with its SOURCE.md and licence, in the
// format City.Format names): two InfraRisk cities read by
// network/format/infrarisk, with InfraRisk's fragility classes by kind and
// each component's nearest road node as crew access, and one research
// network read by network/format/shelby; these files are the repository's
// one copy (the importers' and models' tests read them from here):
//
//   - micropolis, InfraRisk's Micropolis (water, power and roads on a
//     local plane in metres, 3670 components; MIT licence), a virtual
//     town. Its eight pumps need the three motors InfraRisk couples them
//     to, each with a standby generator (below); beyond those, its one
//     buffer is the water network's own, the tank W_T1 (1390 m³ at its
//     initial level). It has no telecom and no critical facilities, so the
//     batteries and generators riverton gives its own do not apply.
//   - shelby, InfraRisk's Shelby County, Tennessee (water, power and roads
//     in Web Mercator, 629 components; MIT licence), beside the five
//     2475-year ground-motion fields InfraRisk samples
//     (cities/shelby/hazards_gmfs_2475; PGV and PGD assumed in cm/s and
//     cm). Its line ratings are raised and its pumps get standby
//     generators (below), and its storage is checked.
//   - shelby-indp, a research network: the four-layer Shelby County test
//     system of the interdependent network design problem (INDP)
//     literature (water, power, gas and telecom: 167 nodes, 217 arcs, the
//     73 interdependencies of Interdep.csv, all without lag or buffer; MIT
//     licence). Its supplies, demands and capacities are the flow units of
//     the INDP model, and it has none of the physical data the lifeline
//     models need (line reactances, tank volumes, roads), so its layers are
//     served by connectivity, which flow.Default gives each of them: a
//     node works while working nodes and arcs join it to a supply node of
//     its layer and every node it depends on works, the functionality of
//     that literature.
//
// Ratings. The Shelby County power case is overloaded in its own base
// case: its 73 lines are pandapower's placeholder type "shelby_line",
// 5.657 MVA at 23 kV, while its 37 loads draw 1003 MW; pandapower's own
// stored AC result puts 61 of them above 100 %, and under the DC power
// flow and default protection the intact city loses 65 links at 0 s and
// serves nothing (network/format/infrarisk, "Shelby County's line
// ratings"). The city raises the Rating of each rated line and transformer
// to max(rating, 2 × |F|), F its flow in MW in the intact city under
// flow/power's DC power flow with default options, computed once when the
// city is built (City.RatingMargin), so that the intact city serves all
// its demand under any protection while protection still trips what a
// hazard adds. The margin 2 is an assumption, not a published figure: it
// leaves every raised link at half its rating in the intact city. With
// 1.25 or 1.5, shelby-quake's grid never returns to full service once
// everything is repaired, as lines reclose one at a time into
// configurations that overload them again; with 2 it does.
//
// Standby power at the pumping stations. In both InfraRisk cities each
// pump (micropolis's 8, shelby's 14) needs its motor with a buffer of 48 h
// that is never refilled (infrarisk.Options.PumpOnPower: Buffer 48 h,
// Recharge 0, no lag): a standby generator with two days of fuel at full
// load at every pumping station, which runs the pump while its motor has
// no power and stops it once the fuel runs out. InfraRisk itself stops a
// pump the moment its motor loses power (the importer's default, which
// the importers' tests keep, reading the files without the cities'
// additions). Sources: Wisconsin Administrative Code NR 811.27 requires a
// standby auxiliary power source at every municipal pumping station
// (unless auxiliary power elsewhere can supply an average day), and the
// Washington Suburban Sanitary Commission's design rules for water
// pumping stations (WSSC Code 11.125.260(c)) ask for a fuel tank that
// sustains the generator's full load for two days. Neither is Tennessee's
// rule (the Tennessee Department of Environment and Conservation's
// Community Public Water Systems Design Criteria, 2018, section 2.3
// "Standby Power", was not read), and not every utility meets them
// (Dublin San Ramon Services District had generators at 2 of its 17 pump
// stations in 2019): that Shelby County's stations have them is an
// assumption, and Micropolis, a virtual town under no jurisdiction's
// rules, is given the same; the assumption is made alike for every
// station of both cities. The generators themselves are not damaged.
//
// Storage. Shelby County's six EPANET tanks hold 1300 m³ above their
// minimum levels at their initial levels and 4897 m³ when full: 8.6 h and
// 32 h of the junctions' average demand of 3.645 ML/day (152 m³/h). A
// common storage rule asks for one average day (American Samoa rule
// 25.0403.3: storage equal to the average daily demand of the peak month;
// the Ten States Standards' wording was not verified), so the tanks as
// InfraRisk starts them hold about a third of a day, and full, a day and
// a third. They are kept as the file gives them.
//
// A bundled scenario names a file of a bundled city by its path in the
// repository relative to the scenario file, which is also its path in the
// embedded file system LoadBundled reads (bundled/ beside cities/):
// shelby-quake's field is
// ../cities/shelby/hazards_gmfs_2475/203080_7.7_gms.csv. So the city's
// files are not copied, and the same scenario file runs from a checkout
// of the repository.
//
// Bundled scenarios are embedded YAML files with the data files they name
// (Bundled, BundledNames, LoadBundled): riverton-quake (a
// magnitude-7 earthquake 10 km from the centre, BA08 with correlated
// residuals, the Hazus fragilities riverton's classes name; telecom sites,
// hospitals and shelters have no class and are not damaged; 300 power,
// 10 water and 6 road crews repair critical sites first, each repair
// taking response.DefaultRepair's time for its damage state, and two
// mobile generators power pumps that lost their power: the city goes
// dark when the central office's batteries run out a day in and serves
// all its demand again after about ten days),
// riverton-crews (5 % of the city damaged at random, repaired by crews
// per sector on the damaged roads, nearest first, with two mobile
// generators),
// riverton-rainstorm (a synthetic flood map whose water rises and recedes
// over two days), riverton-typhoon (a chain: the typhoon's gust at the
// city centre starts the rainstorm), riverton-heatwave (a synthetic
// temperature series; its file says which conductor parameter makes lines
// trip, since riverton's default ratings would not),
// micropolis-quake (a magnitude-6.5 earthquake 10 km west of Micropolis,
// epicentre as x and y on its local plane, InfraRisk's fragilities: the
// external grid, the town's only source, fails and the pumps run on their
// generators until it is repaired 17 h later, long before their 48 h of
// fuel run out, so no pump stops and the town's water serves all its
// demand throughout; everything is repaired within three days),
// shelby-quake (InfraRisk's ground-motion field 203080_7.7 on Shelby
// County, the heaviest-weighted of its five at 0.47, with
// InfraRisk's fragilities: six of the eight external grids fail, a pump
// whose motor stays without power runs on its generator until the fuel
// runs out 48 h later, lines trip and reclose hourly while the grid is
// repaired, and everything damaged is repaired within three days),
// coupled-er-percolation (interdependent percolation, as
// examples/percolation wires it) and shelby-indp-percolation (each power
// node of shelby-indp fails with probability 0.2, 20 replications, and the
// failure cascades through the interdependencies into water, gas and
// telecom). DefaultScenario is the one lifeline run
// runs without an argument.
//
// # Hazards
//
// Beside list, random-fraction and targeted, the physical hazards are
// kinds whose parameters build the hazard packages' own configurations
// and are checked by their Validate: flood (hazard/flood: areas, a
// GeoJSON file with hydrographs, and/or grids, a manifest CSV of ESRI
// ASCII grids; road_closure, equipment heights and depth–damage curves by
// component kind), wind (hazard/wind: a track inline or as track_file,
// fragility curves against the gust by kind or class) and heat
// (hazard/heat: a temperature series inline or as series_file, demand
// responses, line derating). Files are read with those packages' readers,
// relative to the scenario file, and their errors name the file read.
//
//	hazards:
//	  - name: typhoon-chain
//	    kind: chain
//	    repair_within: 3d            # repairs what every part damages
//	    parent: {name: typhoon, kind: wind, track_file: track.csv, kinds: {line: {median: 50, beta: 0.3}}}
//	    triggers:
//	      - name: rain-bands
//	        when: {above: {place: {x: -90.0, y: 35.1}, threshold: 30, until: 20h, step: 10m}}
//	        probability: 1           # the default
//	        delay: 1h
//	        then: {name: rainstorm, kind: flood, areas: flood.geojson}
//	  - name: aftershocks
//	    kind: sequence
//	    steps:
//	      - {offset: 2d, hazard: {name: second, kind: random-fraction, fraction: 0.01}}
//
// A chain (hazard/chain) has a parent hazard and triggers, each with a
// name unique in its chain, a condition (when: exactly one of above: the
// parent's intensity at a component or place reaches a threshold on
// sampled instants; fails: a component fails, with the states that count;
// at: an instant), a probability (default 1), a delay and the hazard it
// starts (then), which may itself be a chain or a sequence. A sequence
// lists hazards with offsets. Every hazard of a file, nested or not, has
// its own name; repair_within belongs to top-level hazards only and
// repairs what all their parts damage (not what a fails trigger starts
// during the run, which the engine decides).
//
// The earthquake kinds build a quake.Earthquake (hazard/quake), checked
// by its Validate. earthquake is a point source: epicentre as x and y in
// the network's CRS or as lon and lat in WGS84 (converted exactly for a
// network in WGS84 or Web Mercator, refused with network.ErrReproject for
// any other CRS), depth_km, magnitude, fault (unspecified, strike-slip,
// normal, reverse), attenuation (ba08, the default, or kawashima with its
// own tau and phi, which ba08 refuses), vs30 (one value for every site)
// and correlation (off, range_km, spacing_m, radius_km). ground-motion
// reads a field instead: file with format csv (quake.ReadGMF: the
// InfraRisk fields; crs, default EPSG:4326, and units, factors to m/s and
// m for PGV and PGD) or openquake (quake.ReadOpenQuake: file is the
// gmf-data export, sites the sitemesh, event the event_id); a key of the
// other format is refused. Both damage through fragility classes: the
// bundled Hazus library, to which classes adds the classes of a CSV file
// (fragility.ReadCSV; a class of the same name replaces Hazus's), with
// pipe_k1 and break_share for pipes. Neither has an intensity a chain's
// above condition can read; fails and at conditions work.
//
//	hazards:
//	  - name: quake
//	    kind: earthquake
//	    at: 1h
//	    epicentre: {lon: -90.078, lat: 35.036}
//	    depth_km: 10
//	    magnitude: 7
//	    fault: strike-slip
//	    vs30: 360
//	    correlation: {radius_km: 30}
//	    repair_within: 3d
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
