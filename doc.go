// Package lifeline is the root of a discrete-event simulator of cascading
// disaster chains across a city's interdependent lifelines: power, water,
// transport and telecom.
//
// A hazard damages components; failures spread along the coupling within a
// sector (source connectivity, overloads), between sectors (requirements with
// lags and depleting buffers) and through space and time; crews and emergency
// resources restore service. Every state change records its cause, so any
// outage can be explained back to the hazard that started it.
//
// # Packages
//
// The packages and the only imports each may make (lower packages never
// import higher ones; TestImportDirection enforces this table exactly).
// Packages marked * do not exist yet; their rows fix where they will go:
//
//	sim               kernel: Time, scheduler, RNG streams, resources, levels   (standard library only)
//	network           the city: components, links, requirements; Builder → Network; Merge; State → sim
//	network/internal/parse  parse helpers of the formats                        → network, internal/excerpt
//	network/format    native formats: JSON, GeoJSON, CSV                         → network, network/internal, sim
//	network/format/matpower, epanet, tntp, pandapower, shelby: one importer each → network, network/format, network/internal, sim
//	network/format/infrarisk  a whole InfraRisk city, through the importers      → the importers above, network, network/internal, sim
//	network/synth     synthetic cities and research graphs                       → network, sim
//	flow              pure sector service models                                 → network, sim
//	flow/flowtest     conformance suite for sector models (testing only)         → flow, network
//	hazard            impacts, hazards, fragility, triggers                      → network, sim, internal/excerpt
//	hazard/hazardtest conformance suite for hazards (testing only)               → hazard, network, sim
//	cascade           the engine: one replication                                → sim, network, flow, hazard
//	response          crews, emergency resources, policies, scripted actions    → cascade, sim, network, flow, hazard
//	metrics           pure functions over cascade.Result                         → cascade, network, sim
//	analysis*         ensembles, weak points, risk maps                          → cascade, metrics, network
//	report            summaries, CSV/JSON/GeoJSON writers, plots, HTML           → analysis, metrics, cascade, hazard, network, sim
//	scenarios         scenario files, registry, bundled cities                   → all of the above, with the formats and importers
//	internal/cli      the command line; cmd/lifeline is its thin main            → anything above
//	internal/testenv  shared data, long tests, CPU time (testing only)           (standard library only)
//	internal/parsetest  checks every parser's tests share (testing only)         → network
//	internal/excerpt  the excerpt of input text a parse error quotes             (standard library only)
//	examples, benchmarks                                                         → public packages only
//
// A subpackage of flow or hazard that holds one model (for example
// flow/power) may import what its parent may import, plus its parent. The
// native formats (network/format) and each importer under them
// (network/format/matpower, …) may import network, sim and the parse helpers
// in network/internal; the importers of one format may import
// network/format too, but never one another; network/format/infrarisk
// reads a whole city through them. The conformance suites are imported by
// tests only, as are the helpers every layer's tests share
// (internal/testenv, internal/parsetest), which sit under the root
// internal/ for that reason; so does internal/excerpt, the one rule for
// cutting quoted input short that network's parse helpers and the
// hazards' readers share.
// Tests may reach further up for end-to-end runs: those of network, flow,
// hazard, cascade, metrics, response and report build synthetic cities
// (network/synth) and run them through the engine; response's tests read
// their runs' figures through metrics.
// Third-party graph types never appear in the API:
// github.com/dominikbraun/graph is used inside network alone.
package lifeline
