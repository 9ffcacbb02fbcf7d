// Package response is lifeline's respond-and-recover layer: repair crews
// and emergency units that travel on the live road network, the policies
// that choose their work, and scripted actions for what-if studies. A
// Responder carries out a Plan in a cascade run (it implements
// cascade.Responder) and acts only through the run's cascade.Control.
//
// # Teams and jobs
//
// A Plan lists Teams. A team is Count identical members (crews or units,
// named Name-1 … Name-Count) that start idle at a Depot and do one kind
// of Work:
//
//   - Repair: a damaged component or link of the team's Sector
//     (of Kinds when set: the crews' skills) is a job. Links — lines,
//     pipes, road segments — are repaired like components. On site the
//     crew draws the duration from the plan's RepairModel with the job's
//     own stream, Control.Stream keyed by the entity's ID hash
//     (network.Network.ComponentKey, LinkKey): the same component takes
//     the same time in every variant of a scenario. The repair is a
//     hazard.Repair applied at the end of the work. The model is
//     pluggable: ByClass looks the entity's fragility class up in a
//     RestorationTable, Normal is one normal law per damage state for
//     every class, Fixed a constant. A plan without one uses HazusRepair:
//     ByClass over hazard/fragility's bundled Hazus library (a substation
//     damaged moderate takes 3 d ± 1.5 d, truncated at zero), falling
//     back to the simple DefaultRepair (a Normal: moderate 12 h ± 6 h, …)
//     for what Hazus has no restoration time for — no class or a class
//     the library lacks (hospitals, shelters, telecom sites), a trip, a
//     damage without a state.
//   - Generate: a mobile generator goes to a site with a requirement on
//     the power sector that is unsupplied or on backup and not down for
//     its own sake (damaged, suspended, …), and supplies every such
//     requirement (Control.Supply) for its fuel Autonomy.
//   - Substitute: cells on wheels, water trucks: a site of Kinds that does
//     not deliver gets Control.Substitute with Fraction until it delivers
//     on its own again (or for Autonomy when set).
//   - Refuel: a fuel truck refills every buffer of a site on backup
//     (Control.TopUp, Amount or a full refill) in OnSite; if the site is
//     still on backup half its smallest buffer later, it needs fuel again.
//
// When a generator's or a substitute unit's work ends and its site still
// needs it, a new job is filed at once (the unit, being there, is usually
// the nearest): it stays while it is needed, so a run in which a need
// never ends (a site never repaired) needs a horizon. A generator that
// stays supplies the site again at the instant its fuel would run out,
// before the instant settles (the need is judged on the site's providers,
// whose loss its flags show only once it settles), so the site does not
// drop out for an instant at each refuelling.
//
// Elements tripped by the engine's protection without damage are not
// crew jobs: a line reset alone into a grid still stressed by damage
// trips again, and crews would cycle on it. The responder recloses a
// sector's tripped elements all at once (hazard.Repair, an operator's
// switching) at the first dispatch at which no repair job of the sector
// is open, and again only after a further repair there; only elements a
// repair team covers are reclosed.
//
// A job goes to the first team of the plan whose work, sector and kinds
// fit it; a team they fit nowhere in the network (a kind the city lacks,
// a generator in a city without power requirements, a fuel truck without
// buffered ones) is a plan error at New rather than a team that silently
// does nothing. A team that fits something, but only what earlier teams
// take (a whole-sector team after teams that cover the sector's kinds
// between them, a second generator fleet), never works either; it is not
// an error, and Responder.Shadowed lists it with the teams that take its
// work. A site has at most one open job per kind of work. A job is
// filed when the responder sees the change that creates the need
// (cascade.Responder.OnChange; for repairs also a damage that leaves the
// element working, a slight damage or a pipe's leak) and withdrawn while pending when the need
// goes away (another crew, a scripted repair, the site back on its own).
// A member that arrives at a job that is no longer needed is free at
// once. Members are not cascade.Resources: a resource grants its lowest
// free unit to the first waiting request, whereas here each free member
// chooses its next job from where it stands, which is what the policies
// decide.
//
// # Travel
//
// Members travel on the transport sector (network.Transport) with the
// travel times of flow/roads (free-flow time ÷ capacity factor, closed
// links and non-functional road components impassable: a collapsed
// bridge, a flooded road), as they are at departure: a route is fixed
// when the member leaves and later changes to the roads do not move its
// arrival, unless the team's policy opts into rerouting (Rerouter,
// Rerouting): then, after each instant that changes the roads, a member
// under way finishes the road it is on and goes on by the fastest route
// from the next node, or stops there, its job pending again, when no open
// road leads on. The responder keeps its own roads.Router, loaded once
// per run and told of every road change (Router.Update, O(degree) per
// change), so road repairs speed up every later trip at once — including
// the next trip of the crew that made the repair.
//
// Sites are placed on the roads once per network by a Locator: a road
// component is its own node; another component goes to its Access node,
// or else to the road node nearest it by the CRS distance; a link to the
// node of its From end. A crew reaches a damaged road link from either
// end and a damaged road component from any node next to it (it works
// from there). A job no open road leads to waits. A free member is asked
// only when a pending job of its team may be within its reach, and a
// member left waiting only again once a road has opened or a job has been
// filed for its team; with undirected roads "within reach" is judged on
// the connected pieces of the open road graph, labelled once per change
// of which road elements are open, so a member cut off from every pending
// job costs no search at all. Without a transport sector travel takes no
// time.
//
// # Policies
//
// A Policy chooses a free member's next job from its team's pending jobs
// (Decision). Built in: NearestFirst, CriticalFirst, MostPopulation
// (population restored per crew-hour), HighestBetweenness, FirstCome;
// PolicyFunc adapts a user's function. Comparing policies is a one-line
// change of Plan.Policy (or Team.Policy). A policy sees the live state —
// what is damaged, what waits for supply, the current travel times — and
// expected durations (RepairModel.Mean), never a drawn duration or a
// future event.
//
// The critical sites CriticalFirst serves first (Decision.Critical) are
// what the critical facilities' supply depends on in the intact network,
// not only their direct providers: starting from the critical components,
// every site added brings in the providers of its requirements and, in a
// sector with sources, the members and links of one shortest path (fewest
// hops over the links in service, ties to the lowest index) from it to a
// nearest source; repeated until nothing is added. So a hospital brings
// in its distribution substation, the transmission substations and lines
// between that substation and generation, their SCADA fiber nodes, the
// fiber between those and the central office, and the substations that
// power the fiber nodes. A link is critical when it lies on one of those
// paths, not because it touches a critical site. New builds the
// set once: one breadth-first search per sector holding a critical site,
// O(C + L + R) in all.
//
// Decision.Walk offers the reachable jobs in order of travel time: the
// search grows from the member (roads.Router.Walk) and stops when the
// policy has what it needs, so NearestFirst costs the ball of roads that
// holds the nearest job rather than a full shortest-path tree per member
// per decision (BenchmarkRestoration compares the two). Ties in travel
// time go to the earlier report. Free members are asked team by team in
// plan order and, within a team, in member order.
//
// # Scripted actions
//
// Plan.Script lists Actions: at a time, or at the first settled instant
// from that time at which a condition on the live state holds, do an
// Effect once: ShedLoad (demand factors in a district), Isolate (close
// the links of a sector crossing a zone's boundary: a pressure zone),
// Backup (switch a facility to its own generator), Preposition (send a
// team's idle members to a place), or any EffectFunc acting through the
// Control.
//
// # Activities
//
// Every member's time is recorded in cascade.Result.Activities (Actor,
// Kind, Target, Start, End), so per-crew Gantt charts come from the
// result: KindIdle at a road node (recorded when the member leaves),
// KindTravel to the job's entity (recorded on arrival, so a rerouted trip
// shows its real end; a move's target is the road node), then the work's
// own kind (Work.String: "repair", "generate", "substitute", "refuel") on
// it. A Substitute stay is recorded when it ends. A spell, trip or stay
// still under way at the end of the run is recorded then, cut at the end
// (Responder.Finish, a cascade.Finisher), so every member's time is
// accounted for up to the end: crews that finished their last job days
// before it show those days idle.
//
// # Determinism and cost
//
// Everything is ordered: jobs by report, members by index, teams by plan
// order, ties by report; repair draws are keyed by entity. The same seed
// gives a bit-identical Result, and a Responder is reused across an
// engine's runs (Start resets it). New costs O(C + L + R) for the
// network's components, links and requirements, plus the Locator; Start
// costs O(C × teams). Each change costs O(1) per kind of work, each road
// change O(degree); a decision costs its policy's search.
//
// # Panics
//
// Policies that return a job not pending for the deciding team, repair
// models that return a negative duration, and Act.Move with an unknown
// team or a place off the roads panic with a "response:" message.
// Configuration errors are returned by New, wrapping ErrPlan.
package response
