// Package report turns the results of a run into what people read and
// what other programs load: a Summary (text and JSON) and CSV files of
// service series, outages and changes, written atomically to a directory.
//
// Summary is the one home of the figures the command line prints: what
// failed (direct and induced losses, amplification), each sector's service
// Q at a few instants (0, 1 h, 6 h, 1 d, 3 d, 7 d and the end, those within
// the run) with its lowest value and when it was first reached, road
// access to hospitals, per sector the components that stopped delivering
// at least once and those down at the end, the critical facilities by
// kind (how many lost service, the longest total outage) and the longest
// disaster chains (cascade.Result.Explain), effect first. Q is weighted by
// demand, or by population for a sector without demand, or, for a sector
// with neither (a research network), is the share of its members
// delivering, from the change log. A run whose hazards damaged nothing
// directly (a heat wave changes demand and ratings) says so rather than
// printing an amplification. Resilience
// figures (customer-hours, time to recovery) will come from the metrics
// package; pictures and the HTML report will be made here too.
//
// Times are written as sim.Time text for people and as integer
// nanoseconds (with hours beside them) in JSON and CSV. Cost: Summarize is
// O(components + links + changes) plus the chains it explains; the writers
// are linear in what they write.
package report
