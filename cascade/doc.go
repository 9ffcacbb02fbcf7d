// Package cascade is lifeline's engine: one replication of a disaster chain
// on a compiled network.
//
// An Engine owns the kernel (sim.Scheduler), the per-run network.State,
// every timer (requirement lags, buffer depletion) and every status write;
// sector models (package flow) are pure and only report. Engines are reused
// across replications (Run resets them); one per worker.
//
// # Settling an instant
//
// All events due at an instant run first, in the kernel's documented order
// (impact < suspend/resume < trip < repair/responder action < lag/buffer
// expiry, FIFO within a priority). The engine then settles the instant to
// the greatest fixpoint of these rules: a component is functional when
// it is not damaged, removed, suspended or latched and each of its Fail
// requirements is met (≥ k providers delivering) or still bridged by a
// running lag or buffer; it delivers when functional and served by its
// sector's model. Failures prune towards the fixpoint: dirty sectors are
// recomputed, requirement counts updated, dependents whose requirements are
// neither met nor bridged dropped, until nothing changes (more rounds than
// components is ErrNotSettling). On a restoration (repair, resume, restore,
// a new capacity or demand factor, a buffer top-up, a responder's supply, a
// requirement met again) the engine first re-admits, tentatively, the
// closure of the restored components over sector adjacency and reverse
// requirements among components down for unlatched reasons, then prunes: a
// zero-lag power ↔ telecom loop comes back once the damage that broke it is
// repaired. Tentative steps record nothing and start no clock. A component
// of the closure held down by a requirement that cannot be met at the
// instant (too few providers that may deliver, counting the re-admitted)
// is left down rather than re-admitted and pruned again: the fixpoint is
// the same, and its sector's model sees no change. A provider may deliver
// only if its sector's model has something new to read, and, in a sector
// with sources whose model follows flow's source rule (every model but
// those marked flow.Unbound), only if its region (what joins it through
// working links, counting what may come back) holds a source or touches a
// delivering member: a substation in a district still cut off from
// generation brings back none of the towers whose batteries it fed, and
// ruling those out may cut off more, until nothing changes. Most
// restorations in a dark district bring nothing back, so the engine keeps
// the dark regions of those sectors (functional members that do not
// deliver, and the members next to them down for want of supply) from one
// instant to the next and first evaluates the same greatest fixpoint on a
// small graph of regions, such gates and their providers: a restored
// component that provably stays dark is re-admitted alone, without the
// closure around it, with the same result (a loop of requirements through
// it counts as possibly coming back). The intact network at time 0 settles
// the same way. An impact that changes nothing
// (a repair of an undamaged component) is ignored and counted
// (Result.Ignored).
//
// # Configuration
//
// New checks what it is given: a model keyed by a name that is no sector of
// the network, a negative horizon, an invalid Protection (negative delays,
// a NaN hard limit) or a negative or NaN "protection_delay_s" parameter is
// an error. A sector without any RoleSource member whose members include
// a source kind (network.UnmarkedSources) runs as standalone under the
// default model, and every Result carries a warning saying so.
//
// # Requirements
//
// A lag has no memory: a loss at t takes effect at t + lag unless supply
// returns first. A buffer starts full, drains one hour per hour after the
// lag while its requirement is unmet and the dependent is otherwise
// functional, and recharges at its rate while met; its depletion is one
// scheduled event, moved whenever its rate changes. Levels are integer
// time: a draining buffer loses exactly the time elapsed, and a charging
// one holds the level its charge began with plus rate × the time since,
// rounded once to the nanosecond (a top-up starts the charge again from
// the new level), so how often the engine looks at a buffer never changes
// its level or its depletion time. Clocks run only while
// the dependent is otherwise functional: a component damaged while supply
// is missing starts its clocks again when it is repaired. Effects combine:
// any expired Fail requirement takes the dependent down; otherwise its
// capacity factor is the minimum of its damage factor and the factors of
// its expired Degrade requirements. On-backup is a flag, not a status.
//
// Every instant plus a delay (a lag, a buffer's autonomy, a protection or
// reclose delay) saturates at sim.MaxTime, which means "never": such a
// clock is not queued, so a lag of MaxTime never expires and a protection
// delay of MaxTime never trips. A buffer never holds more than its size,
// whatever its recharge rate or a top-up. A run without a horizon ends at
// its last event.
//
// # Provenance
//
// Every recorded change cites a Cause whose Parent is the cause it descends
// from: a requirement loss cites the provider change that dropped the count
// below k (going on backup, a lag or buffer expiry cite the same; a
// requirement unmet from the start cites a provider's initial state), a
// member cut off from its sector's sources cites the elements its model
// names as the cut (flow.Output.Cut: those that failed since the model's
// last call, lie next to the functional region the member was left in,
// and just before reached a source without passing through it, so a
// failed dead end fed through that region is no cause): the one whose
// change came last is the Parent (at one time: a component before a
// link, then the lowest index), the others are co-parents, stored flat in
// Result.CoParents (Result.CoParentsOf). Connectivity and the telecom
// model name the cut of every member they cut off; flow/power names it
// for a member whose island lost its generation or was split from it (not
// for one merely shed, or dark because its generators are derated to
// nothing); flow/roads names the failed road elements on the former route
// of a zone that lost access to care (none when the route only got
// slower); flow/water names it for a member cut off from its non-tank
// sources (not for one that lost only the tanks that fed it). Where no
// cut is named (those cases, the research models) and in the initial settle, a sector verdict cites the
// first change or impact that touched the sector at that instant. A
// re-admitted component cites the restoration it was reached from. Within
// one instant a model names only what failed since its last call, so a
// member cut off in a later settling round than one of its cut's elements
// failed cites that round's elements only. Causes of one instant are
// committed before the changes citing them, so parents never follow their
// children. Roots are impacts, responder actions (Apply, Supply, TopUp),
// reclosings, and the intact state (Initial changes, trips of overloads
// present from time 0). Result.Explain walks the chain along parents;
// Chain prints it as text, JSON and DOT, co-parents beside the parents;
// a responder's action is worded with the member's recorded activity
// (Result.Activities) on its entity: a repair with the one that ends with
// it ("repair by power-3 (on site from 1d2h)"), a supply, substitution or
// top-up with the one that starts, else ends, at its time ("generate by
// gen-1 from 1h to 13h"); without one, "by a responder".
// Direct losses are first losses of components by damage, removal or
// suspension and of links by an impact; the rest are induced (links the
// engine tripped among them).
//
// # Overload protection
//
// A sector model may report link loadings (flow.Output.Loading) and
// member loadings (Output.ComponentLoading); the engine keeps the last
// value reported for each. After an instant settles, the engine arms a
// trip for every working link or functional member whose reported loading
// changed to above 1, to fire after its
// protection delay (Protection.Delay, or the link's network.ParamProtectionDelayS
// parameter), cancels it when the loading falls back to 1 or below first,
// and trips at once at or above the hard limit (default 2, as in Grid2Op);
// Protection.Off switches it all off. Tripped links are latched; optional
// reclosing brings them back RecloseDelay after their last trip (a repair
// in between ends the trip, and a new trip its own delay). Each trip is a
// cause citing the change that overloaded the line, with its loading.
//
// # Triggers and responders
//
// A hazard that also implements hazard.Trigger is asked, after each settled
// instant, for secondary impacts of every changed component (a dam fails →
// a flood); they are scheduled and their causes cite the change.
// Compound hazards (hazard.Compound: chains of triggered hazards,
// sequences) give their impacts by part: each impact's cause names its
// part (Cause.Hazard), and a part another part started descends from a
// ByTrigger cause naming the parent part, at the instant and on the
// component (or none) where the trigger's condition held, itself the
// child of the parent's trigger cause when the parent was started too. A
// hazard.PartTrigger's parts descend from the change that fired it. Part
// names join the run's hazard names: a compound's part named like another
// hazard of the run is an error (a PartTrigger's parts, known only when
// they start, may share a name with another hazard and are recorded under
// it). A
// Responder sees every change of a settled instant (also with the change
// log off) and acts through its Control, a view of the run and not the
// engine: Now, a read-only network.View of the state, its random stream;
// Apply (repair, restore, open or close a link, set a factor), Supply
// (bring a requirement a provider for a while) and Substitute (a mobile
// unit makes a component deliver at least a fraction for a while), each
// returning an ActionID that Cancel withdraws (or, once started, ends);
// TopUp (refuel a buffer); At, After and Cancel for its own events,
// delivered to an EventHandler; counted resources (NewResource: crews)
// bound to the run's kernel; Record (activities). It gets neither the
// writable state nor the scheduler. A Responder that is also a Finisher
// is called once more when the run ends, to record what is still under
// way then (a crew waiting, a trip). Triggers and responders cost no
// allocation per change: one Control serves the whole run, and hazard
// streams are derived once per run.
//
// # Stores
//
// A model may report stores (water tanks) with their net outflow
// (Output.StockFlow): the engine integrates their levels, schedules
// each empty time analytically (level ÷ outflow), moves it when the outflow
// changes, and flags a dry store network.Depleted until it refills.
//
// # Series and splits
//
// Served demand (in fixed point, network.FixedDemand) and population are
// summed in integers per sector, so Q returns exactly to 1 when everything
// is restored and stays in [0, 1] (network.Build refuses totals an int64
// cannot hold); population served follows the capacity factor as demand
// does. Result.Reasons splits each sector's members over time by why they
// are down (damaged, unsupplied, unserved) or on backup; a model that
// classifies its members (flow.Classifier: telecom's outage causes the way
// outage reports give them) gets its own split in Result.Classes, and one
// that judges access to critical facilities (flow.AccessReporter: roads)
// gets access series in Result.Access (per facility too with
// Options.FacilityAccess). Result.Sector finds all of a
// sector's records by its name. Result.Supply lists the intervals during
// which a requirement of a critical component was unmet. Per component and
// link, Result.Outage and LinkOutage keep the outage count, the first
// failure time and the total outage time whether or not the change log is
// on; with the log on, Outages, LinkOutages, Explain and ExplainLink read
// it through an index built once per result (O(changes)), each call then
// costing O(log changes of the entity + answer). Text output (WriteText,
// WriteDOT) rounds times to the second; JSON keeps integer nanoseconds.
//
// # Sector models and cost
//
// The engine hands each sector model what changed in its sector since the
// model's last call (flow.Changes: every component it wrote, every link an
// impact, trip or reclosing changed; Changes.All after a reset; with the
// change log on, a run that restores the intact state first serves every
// model that state from scratch, so that its first losses name their cuts
// as on a fresh engine; with it off, Changes.NoCut, and Changes.All at a
// model's first call instead) and applies only what the model reports
// (flow.Output): the members whose served fraction changed, trips,
// loadings, outflows and cuts. A model's error ends the run with it,
// wrapped with the sector and model names and the instant. The engine checks
// every report before applying it, in O(entries): a report that breaks
// flow's contract (an index out of range or outside the model's sector, an
// entry listed twice, a served fraction outside [0, 1] or NaN or above 0
// for a member that is not functional, a negative or NaN loading, an
// infinite or NaN outflow, a cut for a member the report does not take out
// of service, a malformed cut) ends the run with
// ErrBadReport naming the entry, rather than a panic or a wrong result.
//
// A run restores the settled intact state (computed once per Engine) in
// O(components + requirements) copies. Each instant then costs what
// changed: the sector models' updates (Connectivity grows its verdict
// after restorations and searches again after a loss; GiantComponent
// updates decrementally after pure removals; roads updates its
// nearest-facility forest; power re-solves the islands a change touched;
// water walks what was cut off or reconnected and the tank groups a change
// touches), the members reported or written (sorted, so
// that the change log does not depend on the models' report order), the
// requirements whose provider counts changed, the re-admission closure of
// restorations that may bring something back (walked once, plus the
// regions of the providers it asks about, each labelled once and again
// only where a member ruled out may have cut it off from its sources; the
// requirements checked are those of what it restores; the models see only
// what may come back) and, for the others, the dark regions around them
// (each labelled once while it stays dark) and the proof that they stay
// dark,
// and the members of classified sectors whose flags or
// providers changed. No step scans a sector. No allocation per event in
// steady state: buffers are reused across runs.
package cascade
