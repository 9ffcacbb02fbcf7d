// Package metrics computes the figures people report about a disaster
// from one run's record, a cascade.Result: service curves and resilience
// figures per sector, critical facilities' supply and road access,
// telecom outage causes, chain statistics and outage intervals. Every
// function is pure: it reads the Result (everything it needs is recorded
// there) and never runs a model. Time is sim.Time (integer nanoseconds);
// figures in hours are computed exactly in integers and rounded once.
//
// # Service curves
//
// A sector's service is an exact step function (Curve, from Service or
// Curves), weighted by demand (fixed point, network.DemandScale units per
// unit of the sector's demand) or by population:
//
//	Q_s(t) = Served_s(t) ÷ Total_s
//
// where Served_s(t) is the integer sum the engine recorded at the last
// step at or before t (cascade.Series) and Total_s the sector's whole
// demand or population; Q = 1 when Total_s = 0 (a sector without
// consumers), and Q returns to exactly 1 when everything is restored.
// The last step lasts to End, the instant the run reached, and is held
// after it (a run without a horizon ends at its last event; a run cut
// short says nothing about later, and the curve assumes the state it
// reached lasts). Sample reads Q on any grid of instants (Grid: regular
// ones); Min, Robustness and Recovery read it in O(steps).
//
// # Resilience figures
//
// Over a window [a, b) (0 ≤ a ≤ b; b may pass End):
//
//	unserved    D = ∫_a^b (Total − Served(t)) dt        Curve.Deficit, exact 128-bit Area
//	            customer-hours = D ÷ 3.6·10¹² for population (UnservedHours);
//	            for demand, D ÷ (DemandScale · 3.6·10¹²) in the sector's unit × h (MWh for power)
//	loss        R = ∫_a^b (1 − Q(t)) dt = D ÷ Total, hours   ResilienceLoss (Bruneau et al. 2003,
//	            who write Q in percent: their figure ÷ 100)
//	robustness  min Q(t) over the window, or over the run   Min, Robustness
//	recovery    the earliest At with Q(t) ≥ level for all t ≥ At; Lost = first t with Q(t) < level;
//	            time to recover = At − Lost                  Recovery (levels 0.9, 0.95, 1)
//	days        Q at days 1, 3, 7, 30, 90 (IN-CORE)          ReportingDays, Figures.Functionality
//	EOH         γ = ∫_0^End (1 − Q_demand(t)) dt in hours    EquivalentOutageHours (InfraRisk);
//	            γ̄ = Σ_K w_K γ_K                               WeightedOutageHours
//
// References: M. Bruneau et al., "A framework to quantitatively assess
// and enhance the seismic resilience of communities", Earthquake Spectra
// 19(4), 733–752, 2003 (the resilience triangle, loss ∫[1 − Q(t)]dt); the
// IN-CORE platform of the NIST Center for Risk-Based Community
// Resilience Planning reports functionality on days 1, 3, 7, 30 and 90;
// S. Balakrishnan and B. Cassottana, "InfraRisk: an open-source
// simulation platform for resilience analysis in interconnected
// power–water–transport networks", Sustainable Cities and Society 83,
// 2022 (equivalent outage hours; see EquivalentOutageHours for how this
// package's figure relates to theirs).
//
// Products of time and population or demand are summed in 128-bit
// unsigned integers (Area): a window and a total are each below 2⁶³, so a
// deficit is below 2¹²⁶ and never overflows. Edge cases: a sector never
// hit has D = 0, R = 0, robustness 1, Recovery with Lost −1 and At 0; a
// sector below the level at End has Recovery.Recovered false and At
// sim.MaxTime ("never"), and a window past End keeps adding its loss;
// an empty window has D = 0. A window with a < 0 or b < a, or a level
// outside [0, 1], is a programmer's error and panics.
//
// # Critical facilities
//
// Facilities gives, for every component marked Critical (hospitals,
// shelters), per sector its requirements draw on, the intervals during
// which one of those requirements was unmet (cascade.Result.Supply,
// merged where they overlap or touch), and the intervals without road
// access: no judged zone reaching it within the road model's threshold
// (cascade.AccessSeries.Facility, recorded with
// cascade.Options.FacilityAccess). With gives the complement: the
// intervals with supply.
//
// # Telecom outage causes
//
// TelecomCauses splits the telecom sector's sites over time as the FCC's
// outage reports do: damaged, no power, other supply, backhaul
// (transport) lost; and on backup, delivering on a battery or generator.
// It reads the telecom model's class split when the run recorded one,
// else the engine's reasons split (where every unsupplied site counts as
// no power). TelecomSeries.Hours integrates the counts into site-hours.
//
// # Chains
//
// ChainStats follows each failure's causes along parents (co-parents are
// beside the chain, as in cascade.Result.Explain): direct and induced
// first losses and their amplification (all ÷ direct), failures by
// mechanism, by sector path (power→water, power→telecom→power: the
// sectors of the chain's causes from the root, consecutive repeats
// merged), and the longest chain, its length the number of causes.
// A failure is a change that took a component or link out of service,
// except the intact state's at time 0.
//
// # Outage intervals
//
// Outages gives every [down, up) interval of every component and link in
// the order they began, an interval still open at the end of the run
// marked Open with End = Result.End; per entity they are those of
// cascade.Result.Outages and sum to its OutageStats.Total.
//
// # Errors and cost
//
// Every error wraps one of the package's sentinels (ErrNoSector,
// ErrNoChangeLog, ErrNotRecorded, ErrInvalidCurve, ErrInvalidWeight) for
// errors.Is. ChainStats and Outages
// read the change log and fail with ErrNoChangeLog when the run kept
// none (cascade.Options.NoChangeLog) although something failed; the
// curves, facilities and telecom split need no log. Each function costs
// O(what the Result recorded for it): the steps of a series, the changes
// and causes of the log (each cause's chain depth and path is found once),
// the supply intervals; Outages and Facilities also O(components) once.
// None is O(changes × sectors).
package metrics
