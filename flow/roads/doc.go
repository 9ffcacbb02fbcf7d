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
// backwards over In), Route(from, to) one route with early exit, and
// Walk(from, visit) the members in order of travel time until visit says
// stop: a search for the nearest of some targets costs the ball that
// holds it, not the sector. LoadView loads from a read-only
// network.View (what a responder sees), and Update takes the changed
// components and links alone, in O(their degree), where Load costs the
// whole sector. The
// search is Dijkstra's algorithm on the network's CSR adjacency with a
// radix heap (monotone integer keys); it reuses its arrays, so a Router
// that has answered one query does not allocate for the next (Route's
// path excepted). Free-flow times are read once, into a dense array per
// link, and the arc times of the loaded state into one per adjacency
// entry, so the search reads no network column. Trees read the Router's
// arrays and are valid until its next query or Load.
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
// A zone reaches care while its representative is open and its travel
// time to the nearest open facility of the counted kinds (Options.Kinds,
// default hospitals: the nearest of their access nodes) is at most
// Threshold (default 2) times its normal nearest time, the same on the
// intact network (base-case out-of-service links closed, every factor 1),
// computed once by New. The facility need not be the one that is nearest
// when intact: a zone whose nearest hospital is cut off still reaches
// care through the next one while that is within the threshold of the
// intact nearest time. A zone that reaches no counted facility even when
// intact never reaches care; nor does a zone whose representative is
// closed, even when the representative is an access node itself. (Judging
// each facility against its own intact time instead would let a zone
// reach care while any one hospital, however far, stayed within twice its
// own intact time; Access reports that per-facility figure. The nearest
// rule is stricter and costs one forest, not one tree per facility.) The
// population of a zone is the largest total that any one sector assigns
// to its components (power and water both serve the same residents, so
// their totals are not added). Road service is
//
//	Q = Σ population of judged zones that reach care
//	  ÷ Σ population of judged zones
//
// in integers (Service), 1 when no zone is judged. Access(k) gives, for
// facility k of any tracked kind, the population whose zone reaches k
// within Threshold times its own intact time to k (the per-facility rule,
// for reports); it is computed on demand and does not enter Service or
// Served. The model reports these through the flow.AccessReporter
// interface, for the engine to record.
//
// Served: every functional road member is served (1), except that a zone
// representative is served only while its zone reaches care. The
// engine's transport series therefore counts zone representatives that
// lost access; because road components usually carry no population, the
// population-weighted road service is Q, not the series.
//
// # Nearest-facility forest
//
// The model keeps one shortest travel-time forest towards the counted
// facilities' access nodes: every open access node is a root at time 0,
// and every component's time is its travel time to the nearest root. The
// forest is updated with Ramalingam and Reps' dynamic shortest-path
// algorithm (G. Ramalingam and T. Reps, "An incremental algorithm for a
// generalization of the shortest-path problem", J. Algorithms 21, 1996),
// batched:
//
//   - a link or component change that slows or closes an arc of the
//     forest resets the subtree hanging below it, which then takes the
//     best time over its arcs into the rest of the forest;
//   - a change that speeds up or opens an arc, or opens a root, offers
//     the arc's tail a shorter time;
//   - Dijkstra's algorithm from those components settles the reset
//     subtrees and everything that can now improve.
//
// The result equals a from-scratch forest exactly (times are integers).
//
// # Provenance
//
// When a functional zone representative loses access, Serve names the
// road elements on its former route to its nearest facility (the forest's
// route at the previous call) that have failed since: the links that no
// longer work and the intersections, gate included, that are no longer
// functional (flow.Output.Cut; the engine cites them as the loss's
// causes). Only the part of the route the update reset can hold such an
// element, and the forest keeps the former route of exactly that part, so
// the cut costs the length of that part. A zone that lost access to a
// route that only got slower (a flood's factor, an intersection without
// power) names no cut, and the engine explains its loss by the event that
// first touched the sector. Memory: 8 more bytes per component.
//
// # Contract and cost
//
// Serve follows flow's contract (checked by flow/flowtest) and reads only
// the transport sector's members and links: a facility's own state (a
// hospital without power) is not the road model's concern and is
// recorded by the engine through the facility's requirements. Its
// verdict depends on the state alone: a model's first Serve evaluates
// the state from scratch (Router.Load and one multi-source Dijkstra,
// O(L + N log T) for N members, L links and times spanning T), and later
// calls take the members and links the engine lists as changed
// (flow.Changes, no scan of the sector) and update only what changed:
// the arcs of changed links and
// components, then the forest, at a cost of O((A + I) log T) for the A
// components whose route used a slowed or closed arc and the I whose
// route gets shorter, plus re-judging the zones whose representatives
// are among them. The number of facilities does not enter. Access(k)
// costs one reverse tree from facility k, stopped at the largest time
// still within the threshold of some zone, when the travel times have
// changed since its last call for k (plus one intact tree on the first
// call for k). New runs one multi-source tree on the intact network and
// keeps one normal time per zone; Access keeps, per facility asked, one
// per zone.
package roads
