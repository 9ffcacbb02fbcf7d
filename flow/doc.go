// Package flow holds lifeline's sector service models. A model is pure:
// given the compiled network and the per-replication state (which
// components and links work), it computes the fraction of each sector
// member's demand the sector delivers, and optionally which components the
// engine must latch down (a cluster cut from the giant component, an
// overloaded node), link loadings against ratings and the outflows of
// stores. Models never write the state and own no timers: the cascade
// engine does both.
//
// # Contract
//
// A model is built for one (network, sector) by a Factory (one shape for
// every model: func(*network.Network, network.SectorIndex) (Model,
// error)); the model packages expose Options with a Factory method and a
// New(n, s, opts) that refuses what it cannot use. The engine then calls
// Model.Serve(st, ch, out) with what changed in the sector since the
// model's last call (Changes: the members and links whose state a model
// reads; All to evaluate from scratch) and the model reports in out only
// what its verdict changes (Output: served fractions, trips, link and
// member loadings, store outflows, and optionally, for each member that
// lost service, the elements that cut it off: Output.Cut, which the engine
// cites as the loss's causes). Serve (checked by flow/flowtest):
//
//   - reads the network and the state and writes neither: its report
//     lists only members and links of its own sector, each at most once
//     per list;
//   - reports served fractions in [0, 1], 0 whenever the member is not
//     functional (served ⊆ functional); trips only functional members;
//   - after Changes.All reports its whole verdict (every member's served
//     fraction, every rated link, every store);
//   - may keep incremental structures between calls (a spanning forest, a
//     factorisation), as long as its verdict depends on the current state
//     alone: the served fractions and trips its reports add up to equal a
//     fresh model's evaluation from scratch (Evaluate) exactly, loadings
//     and outflows within 1e-9 relative (a trip hinging on a loading
//     within that band of its limit may differ);
//   - in a sector with sources, serves a member only while a path of
//     functional members and working links (either way) joins it to a
//     functional source of the sector, unless the model is Unbound
//     (Standalone, GiantComponent, Overload, a Whole, roads): the engine
//     relies on it to re-admit after a restoration only what may come
//     back;
//   - never removes a component from its own sector's graph because that
//     component is unserved: only functional status matters (the engine's
//     Unserved and OnBackup flags are never listed as changes and never
//     change a verdict);
//   - returns an error, rather than a verdict, when it cannot serve (a
//     state of another network, a singular island): the engine ends its
//     run with it.
//
// Evaluate is the one-shot form (a state from scratch, as a dense
// Verdict) for tests and for users who call models directly. A model that
// computes its verdict whole may report through a Differ, which compares
// it with the verdict reported last (O(sector) per call), or be written
// as a Whole and wrapped by FromWhole.
//
// # Conventions and units
//
// Functional is network.State.Functional: none of the network.DownFlags
// (damaged, removed, suspended, tripped, unsupplied). A link counts while
// it works (network.State.LinkWorking: in service in the base case and
// not down); every link joins two members of one sector. A source is a
// member whose Role is network.RoleSource (network.Network.Sources), and
// it feeds only while functional. Service follows link directions
// (network.Network.Out: both ways along undirected links, From to To along
// directed ones) in the models that model supply (Connectivity, and the
// water and telecom models); the research models GiantComponent and
// Overload take every link as undirected.
//
// Served is a fraction of the member's demand, without unit; the engine
// multiplies it by the member's capacity factor and weighs it by demand
// (the sector's unit: MW, m³/s, …) and population. Loading and
// ComponentLoading are ratios (flow ÷ rating, load ÷ capacity), without
// unit; a link that does not work carries no flow and has loading 0.
// StockFlow is in the sector's unit per second.
//
// # Models
//
//	model           served ⇔ functional and …                 cost per Serve
//	Connectivity    joined to a functional source, along      O(changes + the region
//	                link directions (a spanning forest from   cut off or reconnected
//	                the sources: a failure re-hangs the       + forest walks);
//	                orphaned subtrees through other feeds     O(members + links) after
//	                and searches only what stays cut off;     Changes.All and in the
//	                a restoration searches from what came     worst case
//	                back); reports each loss's cut
//	GiantComponent  in the largest connected cluster; the     O(members + links); about
//	                other functional members are tripped      the size cut off after
//	                (latched, Buldyrev et al. 2010)           removals only
//	Overload        in the largest cluster; members above     O(members · links)
//	                (1+α) × their intact betweenness load
//	                are tripped (Motter–Lai 2002)
//	Standalone      (nothing more: sectors without sources)   O(changes)
//	water           joined, along link directions, to a       O(changes × degree) plus
//	(flow/water)    functional non-tank source or to a tank   what is cut off or
//	                with water left; cut-off tanks drain      reconnected, plus the
//	                the demand they serve                     regions of the draining
//	                                                          tank groups a change
//	                                                          touches
//	telecom         joined to a functional core, along link   Connectivity's; a class
//	(flow/telecom)  directions (Connectivity)                 per member the engine
//	                                                          marks: O(1), O(its
//	                                                          providers) if unsupplied
//
// Reach is the one incremental structure for "which members still reach
// a source" (the spanning forest and the cut search above): Connectivity
// and the telecom model serve by it, and the water model keeps one from
// its non-tank sources.
//
// Default picks Connectivity for a sector with sources and Standalone for
// one without. The sector physics live in subpackages: flow/power (DC
// power flow per island, generator balancing, load shedding, branch
// loadings), flow/water (supply from sources and tanks, tank outflows),
// flow/roads (travel times, access to critical facilities) and
// flow/telecom (backhaul to the cores, outage classification).
//
// A model value may keep scratch buffers, so it is not safe for concurrent
// use: every worker builds its own with a Factory. Optional interfaces
// add reports the engine records: AccessReporter (road access to critical
// facilities) and Classifier (telecom outage causes); Unbound marks a
// model that serves without the source rule.
package flow
