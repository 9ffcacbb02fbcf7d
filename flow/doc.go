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
// Model.Serve (checked by flow/flowtest):
//   - reads the network and the state and writes only its Output, and
//     there only the entries of its own sector: Served, ComponentLoading
//     and StockFlow of its members, Loading of its links;
//   - writes Served[i] in [0, 1] for every member i of the sector, and
//     Served[i] is 0 whenever i is not functional (served ⊆ functional);
//   - appends to Trip and Overloaded only functional members, to Stocks,
//     if it tracks stores, every one of them in every Serve, and to Rated,
//     if it rates links, every link whose Loading it wrote;
//   - is deterministic: the same network and state give the same Output,
//     whatever the model served before and from a fresh model alike;
//   - never removes a component from its own sector's graph because that
//     component is unserved: only functional status matters (the engine's
//     Unserved and OnBackup flags never change a verdict).
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
//	Connectivity    joined to a functional source, along      O(members + links); a flag
//	                link directions                           scan plus what reconnects
//	                                                          after restorations only
//	GiantComponent  in the largest connected cluster; the     O(members + links); about
//	                other functional members are tripped      the size cut off after
//	                (latched, Buldyrev et al. 2010)           removals only
//	Overload        in the largest cluster; members above     O(members · links)
//	                (1+α) × their intact betweenness load
//	                are tripped (Motter–Lai 2002)
//	Standalone      (nothing more: sectors without sources)   O(members)
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
// facilities) and Classifier (telecom outage causes).
package flow
