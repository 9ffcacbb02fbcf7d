// Package report turns one run's record, a cascade.Result, into the files
// people read: CSV and JSON tables, GeoJSON, PNG and SVG plots, and a
// self-contained HTML report. It formats and draws; every figure it shows is
// computed by package metrics (or recorded by cascade), never here.
//
// # Summary
//
// Summarize is the one home of the figures the command line prints: what
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
// printing an amplification. Summary.WriteText and Summary.WriteJSON print
// it; Write puts it, the service series and each replication's files
// (below) into a directory.
//
// # Files
//
// Writers take an io.Writer; WriteFile writes any of them to a path
// atomically (a temporary file in the same directory, synced and renamed
// over the path), so a reader never sees half a file. All output is
// deterministic: the same Result gives the same bytes.
//
// Time is written twice: as integer nanoseconds since the scenario start
// (columns ending in _ns, exact) and in hours (columns ending in _h, a
// float64 for reading, the shortest decimal that reads back as it). A JSON
// document starts with the run's header: "network" (its name), "complete"
// (false when the run stopped early), "end_ns" and "end_h" (the instant the
// run reached). Documents of many rows (timeline, outages, GeoJSON) are
// written one row a line; the metrics document is indented.
//
// # Timeline (WriteTimelineCSV, WriteTimelineJSON)
//
// The change log (cascade.Result.Changes), one row per change in time order:
//
//	time_ns, time_h   when the change happened
//	entity            "component" or "link"
//	id                the entity's ID
//	sector            its sector
//	kind              its kind (substation, line, …)
//	old_status        its flags before ("up", or the reasons it was down or
//	new_status        impaired joined by "|": damaged, unsupplied, unserved,
//	                  on-backup, …) and after (network.Flags)
//	old_factor        its capacity factor before and after, in [0, 1]
//	new_factor
//	mechanism         the mechanism of its cause (impact, service,
//	                  requirement, lag, buffer, trip, …: cascade.Mechanism)
//	cause             the cause's id (cascade.Result.Causes)
//	parent            the id of the cause it descends from, −1 for a root
//	hazard            the hazard at the root of the chain ("" for an input
//	                  impact or the intact state, "responder" for a
//	                  responder's action)
//
// A run that kept no change log (cascade.Options.NoChangeLog) although
// something changed has no timeline: the writers return an error wrapping
// metrics.ErrNoChangeLog.
//
// # Outages (WriteOutagesCSV, WriteOutagesJSON)
//
// One row per component, then per link, in index order
// (cascade.OutageStats; no change log needed):
//
//	entity, id, sector, kind   as in the timeline
//	count                      the number of outages (spells of not
//	                           delivering; a link: of not working)
//	first_ns, first_h          when the first began; empty (JSON null) when
//	                           the entity never failed
//	total_ns, total_h          the time spent down, up to the end of the run
//	                           for an outage still open then
//
// # Metrics (WriteMetricsCSV, WriteMetricsJSON)
//
// One row per sector and weight, every sector by demand and then every
// sector by population (metrics.Curve.Figures over the whole run):
//
//	sector, weight          the sector; "demand" or "population"
//	total                   the intact total: fixed-point demand
//	                        (network.DemandScale units per unit of the
//	                        sector's demand) or people
//	min_q                   the least service fraction Q reached (robustness)
//	min_at_ns, min_at_h     when it was first reached
//	loss_h                  the resilience loss ∫(1 − Q)dt over the run, hours
//	unserved                the unserved weight × hours over the run, in
//	unserved_unit           "person_h" (customer-hours) for population;
//	                        for demand "MWh" (power) or "demand_h" (the
//	                        sector's demand unit × hours)
//	recover_90_ns, _h       the time to recover to 90, 95 and 100 % of
//	recover_95_ns, _h       service (metrics.Recovery.Duration: from the first
//	recover_100_ns, _h      drop below the level to the return above it for
//	                        good; 0 when it never dropped); empty (JSON null)
//	                        when the sector had not recovered by the end
//	q_day1 … q_day90        Q at days 1, 3, 7, 30 and 90 (the value at the end
//	                        of the run held after it)
//
// The JSON document holds these rows under "sectors" (the recovery times as
// an array of {level, ns, h} and the days as "functionality") and adds
// "chains" (metrics.ChainStats: direct and induced first losses,
// amplification, failures by mechanism and by sector path, the longest
// chain; null without a change log), "telecom" (the telecom sites and the
// site-hours by outage cause: damaged, no_power, other_supply, backhaul,
// on_backup; null without a telecom sector) and "facilities" (every critical
// facility, per sector its requirements draw on the intervals without
// supply and their total, and the intervals without road access, null when
// the run did not record access).
//
// # GeoJSON (WriteGeoJSON)
//
// A FeatureCollection (RFC 7946) of every component as a Point and every
// link as a LineString (its geometry, or the segment between its ends), with
// the outage table's columns as properties, plus "role" and "critical" for
// components. GeoJSON positions are WGS84 longitude and latitude: a network
// in Web Mercator is reprojected exactly; any other projected or local CRS
// is refused with an error wrapping network.ErrReproject.
//
// # Pictures
//
// Plots are gonum.org/v1/plot plots, built from a Result and drawn by
// WritePlot as SVG or PNG (by default 16 × 10 cm; PNG at 96 dpi); the same
// Result draws the same bytes. Time axes are in hours since the scenario
// start and show a little past the end of the run, where step series hold
// their last value (as package metrics defines them).
//
//   - ServicePlot: Q(t) of every sector with something to serve, by demand
//     or by population, as step functions (metrics.Curves).
//   - MemberPlot: the share of members delivering in every sector with
//     neither demand nor population (a research network's layers, a
//     facilities sector without people), as the text summary weighs them.
//   - GanttPlot: the restoration Gantt chart, one row per actor (in natural
//     order: crew-2 before crew-10; with more than 25 actors, a label on
//     every k-th row only, at most 25 of them), a bar per activity
//     (cascade.Result.Activities: travel, repair, idle, …) coloured by kind,
//     clipped at the end of the run (the Result keeps the activities as the
//     responder recorded them, ends past Result.End included).
//   - TelecomPlot: the telecom sites out by cause (damaged, no power, other
//     supply, backhaul lost) stacked over time, with the sites working on
//     backup on top (metrics.TelecomCauses).
//   - MapPlot: the city, components as dots and links as lines coloured by
//     their total outage time (grey when never out, else from yellow to
//     dark red, the run's longest), critical facilities ringed; WGS84
//     degrees where the CRS converts exactly, else the CRS's own
//     coordinates.
//
// A picture with nothing to show (no activities, no located component) is
// an error wrapping ErrNothingToPlot.
//
// # HTML report
//
// WriteHTML writes one self-contained page: no scripts, no external
// resources (the map and plots are inline SVG), so it opens offline. It
// shows the run's header and warnings, the outage map, the service curves,
// the resilience figures (of the sectors and weights with something to
// weigh: a sector without demand is no row by demand), the critical
// facilities' hours without supply and
// road access, the telecom outage causes, the restoration Gantt chart, the
// chain statistics and the top chains of causes as text
// (cascade.Chain.WriteText): the longest, then those of the components out
// longest. Its tests load it in headless Chromium (Debian's chromium
// package), check that nothing is logged to the console and no load fails,
// and that a screenshot is not blank; they skip when chromium is absent
// unless LIFELINE_CHROMIUM=required.
//
// # Cost
//
// The tables cost O(changes) (timeline), O(components + links) (outages,
// GeoJSON) and what package metrics documents for the figures; the service
// and telecom plots O(steps of their series), the Gantt chart
// O(activities · log actors), the map O((components + links) · log
// components); the HTML report the sum of its parts. BenchmarkWriters
// measures each on a synthetic city.
package report
