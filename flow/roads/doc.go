// Package roads is lifeline's road service model: travel times on the
// damaged road network, shortest travel-time trees for crews, and access
// from every zone to the critical facilities (hospitals).
//
// # Travel times
//
// A road link's travel time is its FreeFlow time divided by its capacity
// factor (State.LinkFactor: a flooded road at factor 0.25 takes four times
// as long), rounded to the nanosecond; a link that does not work (damaged,
// removed, suspended, tripped, out of service) or has factor 0 is closed.
// Travel times are integers (nanoseconds), so sums are exact and
// Tree(a).Time(b) equals TreeTo(b).Time(a).
//
// Components carry capacity factors too. Entering a component of factor
// f < 1 multiplies the entering link's time by 1/f: this is how a
// signalled intersection that loses power slows the traffic through it.
// Give the intersection a requirement on its power supply with effect
// Degrade and the factor of an all-way stop (the synthetic cities use
// 0.5): when the requirement expires the engine lowers the intersection's
// factor and the roads through it take twice as long. Components that are
// not functional (a collapsed bridge, a flooded underpass suspended by a
// hazard) or have factor 0 are closed: no route enters, crosses or
// leaves them.
//
// # Router
//
// A Router answers shortest travel-time queries under one State (Load):
// Tree(from) is the one-to-many tree following link directions, TreeTo(to)
// the many-to-one tree (the time from every component to to, grown
// backwards over In), Route(from, to) one route with early exit. The
// search is Dijkstra's algorithm on the network's CSR adjacency with a
// radix heap (monotone integer keys); it reuses its arrays, so a Router
// that has answered one query does not allocate for the next (Route's
// path excepted). Trees read the Router's arrays and are valid until its
// next query or Load.
//
// # Access and road service
//
// A facility is a critical component of another sector with an Access
// component in this one (a hospital and the intersection at its gate).
// Each zone is judged from one representative road component: the one
// Options.Centroids names, or else the zone's road member nearest to the
// population-weighted centroid of the zone's located components (the
// plain centroid when nothing there has population; the zone's first
// road member when none is located). Zones without a road member are not
// judged.
//
// A zone reaches a facility while its representative is open and its
// travel time to the facility's access node is at most Threshold (default
// 2) times the normal travel time, the time on the intact network
// (base-case out-of-service links closed, every factor 1), computed once
// by New. A zone that cannot reach a facility even when intact never
// reaches it; nor does a zone whose representative is closed, even when
// the representative is the access node itself. The
// population of a zone is the largest total that any one sector assigns
// to its components (power and water both serve the same residents, so
// their totals are not added). Road service is
//
//	Q = Σ population of judged zones that reach at least one facility of
//	    the counted kinds (Options.Kinds, default hospitals)
//	  ÷ Σ population of judged zones
//
// in integers (Service), 1 when no zone is judged. Access(k) gives the
// same share for facility k alone. The model reports these through the
// flow.AccessReporter interface after every Serve, for the engine to record.
//
// Served: every functional road member is served (1), except that a zone
// representative is served only while its zone reaches a counted facility
// within the threshold. The engine's transport series therefore counts
// zone representatives that lost access; because road components usually
// carry no population, the population-weighted road service is Q, not
// the series.
//
// # Contract and cost
//
// Serve follows flow's contract (checked by flow/flowtest) and reads only
// the transport sector's members and links: a facility's own state (a
// hospital without power) is not the road model's concern and is
// recorded by the engine through the facility's requirements. Cost per
// Serve: O(members + links) to load travel times, plus one reverse tree
// per facility, each stopped at the largest travel time still within the
// threshold of some zone. New runs one full reverse tree per facility and
// keeps zones × facilities normal times.
package roads
