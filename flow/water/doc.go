// Package water is lifeline's water-supply service model: which junctions
// receive water, and how fast each tank cut off from its sources drains.
//
// # Service
//
// A member of the water sector is served (Served = 1) while it is
// functional and joined, through working links followed in their
// direction, functional components and functional pumps, to either
//
//   - a functional source that is not a tank: a treatment plant, a
//     reservoir, a well field, a pumping station the data mark as a source
//     (any functional member with Role source whose Kind is not
//     network.KindTank); or
//   - a tank with water left.
//
// Everything else is unserved (Served = 0): the model is topological, so a
// junction is served fully or not at all, and the engine multiplies by the
// junction's own capacity factor and weighs by its population. Source
// capacities, heads and pressures are not modelled: a hydraulic solver
// (a later model behind the same interfaces) will make Served fractional
// (pressure-driven demand) and write pipe loadings into Output.Loading.
//
// Pressure zones come from link directions. A pump imported from EPANET
// is a component between two directed connection links (network's
// epanet.Import), so the zone it feeds is reached only through the pump: a
// pump that is down (damaged, or Unsupplied after its power requirement
// expired) cuts its zone off unless a tank inside the zone still holds
// water. PRVs, PSVs, FCVs and check-valve pipes are directed links and pass
// water one way only; closed pipes and valves are out of service and pass
// none.
//
// # Tanks
//
// Tanks are the members of Kind network.KindTank; Storage is their usable
// volume in m³. Levels change over time and the engine owns time, so the
// engine keeps the levels (flow.Output.StockFlow): a Serve lists every
// tank whose net outflow changed, in m³/s (every tank after
// flow.Changes.All); the
// engine integrates each level from Storage, schedules the instant a
// draining tank runs dry analytically (level ÷ outflow), moves it whenever
// the outflow changes, and marks a tank that ran dry network.Depleted
// until it refills. The model reads only that flag: a tank holds water
// while its Storage is positive and it is not Depleted.
//
// Outflows, in m³/s:
//
//   - A tank that a functional non-tank source reaches is connected: it
//     refills at its refill rate (Storage ÷ Options.Refill, or its
//     network.ParamRefillM3s parameter), so its outflow is −rate (the engine stops
//     the level at Storage, and clears Depleted as soon as a dry tank
//     refills). Connected tanks serve nothing on their own: the sources
//     cover the demand.
//   - A functional tank cut off from every functional non-tank source and
//     holding water drains at the demand it serves: each consumer it
//     reaches counts Demand × capacity factor × demand factor, shared
//     equally among the k draining tanks that reach it (1/k each, so the
//     outflows of an island's tanks add up to the demand they serve; a
//     consumer only one tank reaches is charged wholly to it). When one of
//     them runs dry, the others' outflows rise at that recompute and the
//     engine moves their empty times.
//   - A tank that is down, or cut off and dry, has outflow 0.
//
// A tank whose Storage is 0 never holds water: the Shelby INDP files give
// their tanks a supply but no volume, so with this model those tanks pass
// water but serve nothing on their own.
//
// # Contract and cost
//
// Serve follows flow's contract (checked by flow/flowtest): it reports
// only members of its sector and tanks, never modifies the network or the
// state, and served ⊆ functional. It reads only the water sector's
// members and links, so the engine need recompute it only when they
// change. It keeps its verdict between calls and updates it from the
// listed changes (flow.Changes); after Changes.All it evaluates from
// scratch and reports every member and every tank.
//
// Supply from the non-tank sources is kept by a flow.Reach whose sources
// are the non-tank sources: the spanning forest Connectivity serves by,
// updated from the listed changes (a failure re-hangs the subtree it cuts
// under another feed, or searches again only what stays cut off; a repair
// searches onwards from what it reconnects). Cost: the listed changes
// times their degree, the walks up the forest (its depth each), and the
// degree of every member cut off or newly reached; a failure whose subtree
// has another feed costs that feed's walk, a large region that really
// goes dark costs its size.
//
// A member that loses water at a Serve because it lost its supply from
// the non-tank sources gets a cut (flow.Output.Cut, unless
// flow.Changes.NoCut): flow.Reach.Cut, the elements that failed at that
// call, lie next to the functional region the member was left in, and
// just before reached a non-tank source without passing through that
// region (a failed dead end hanging off the region is not a cause). A
// member served before by draining tanks alone gets no cut (the cascade
// engine then cites the first event that touched the sector at that
// instant); neither does an element fed before by draining tanks alone
// count, which, with undirected links, cannot lie next to the region of a
// member the non-tank sources reached.
//
// Draining tanks are kept in groups: tanks whose regions (the members
// each reaches, outside what the sources reach) share members form one
// group, since their shares of each other's consumers depend on each
// other. A group is walked again, and its tanks' outflows recomputed,
// only when a change touches it: a listed member or link end in one of
// its regions, a member next to a region that became functional or lost
// its supply from the sources (it may extend the region), a tank that
// starts or stops draining; a walk that enters another group's region
// redoes that group too. A redone group is searched once to gather the
// members its tanks reach; when every link of the sector is undirected,
// each connected piece of that is the common region of the tanks in it.
// Otherwise the members are split into strongly connected components
// (Tarjan's algorithm: tanks in one component reach the same members) and
// walked once per component holding tanks. That gives every member's
// share and every tank's outflow. Cost: O(the groups touched and their
// links) with undirected links; with directed links twice that plus one
// walk per component holding tanks. A change away from every draining
// region costs no walk. Outflows are
// reported only for tanks whose value changed, and Served only for
// members whose service changed. In steady state Serve does not allocate:
// every list is reused. Memory: about 120 bytes per component of the
// network (flow.Reach's 67 and the tank groups' scratch) and 5 per link,
// whatever the sector's share of them.
package water
