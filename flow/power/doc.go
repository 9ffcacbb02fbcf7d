// Package power is lifeline's power-sector physics: the DC power flow of
// MATPOWER, a sector model (flow.Model) that solves it per island after
// outages, and fast N-1 contingency screening.
//
// # DC power flow
//
// SolveMatpower follows MATPOWER's rundcpf (makeBdc, makeSbus, dcpf)
// exactly. Each in-service branch whose ends are not isolated (type-4)
// buses has susceptance b = 1/(x·tap), tap 0 meaning 1; B = Cftᵀ·Bf with Bf
// = b at (branch, from) and −b at (branch, to). A phase shifter of θs
// degrees injects Pfinj = −b·θs·π/180 at its from end and −Pfinj at its
// to end. The net injection of bus i is P_i = (Σ PG of its in-service
// generators − PD_i − GS_i)/baseMVA − Pbusinj_i. The reference buses are
// MATPOWER's bustypes: the type-3 buses with an in-service generator, else
// the first type-2 bus with one; their angles stay at VA from the case (30°
// for case118's bus 69), and the angles of the other buses solve B θ = P.
// Branch flows are Pf = (b·(θf − θt) − b·θs)·baseMVA MW at the from end, −Pf
// at the to end (lossless); out-of-service branches carry 0. The first
// in-service generator at each reference bus takes the mismatch, B(ref,:)·θ
// − P(ref). On the shared reference cases the results agree with MATPOWER's
// published solutions (t_case9_pf; JuliaGrid's case14test and case30test)
// to 1e-12 and with the reference CSVs to their printed 10 decimals.
//
// # Sparse factorisation
//
// B is symmetric; with the reference rows removed it is nonsingular for a
// connected network, positive definite unless a reactance is negative
// (series compensation, as in case300). It is factorised as P B Pᵀ = L D Lᵀ
// without pivoting (Davis's LDL algorithm: elimination tree and column
// counts in one pass, then an up-looking numeric factorisation), in a
// minimum-degree order (explicit elimination graph, exact external
// degrees). Reference, dead and dark buses stay in the pattern as identity
// rows, their couplings moved to the right-hand side, so one symbolic
// analysis serves every outage state: a branch that stops working keeps its
// structural entries with the value 0, and only the numeric factorisation
// is repeated. A zero or negligible pivot (below 1e-13 × the largest
// diagonal entry: a part of the network with no reference) is ErrSingular,
// never a wrong answer. For case_ACTIVSg2000 (2,000 buses) the factor
// holds about 9,500 off-diagonal entries and one solve from the parsed case
// takes under 2 ms on the benchmark machine (benchmarks/README.md).
//
// # N-1 screening
//
// A Screener factorises the base case once; the outage of branch l is the
// rank-one update B − b_l·e·eᵀ (e = e_f − e_t), whose effect on the angles
// is w·F_l/(1 − b_l·eᵀw) with w = B⁻¹e (Sherman–Morrison; the line outage
// distribution factors of l): one solve with the base factor and one pass
// over the branches per outage. Outages that split the network — bridges of
// the graph of in-service branches, found exactly by a depth-first search —
// are reported apart (IslandingOutage: buses, load and generation cut
// off), as the denominator vanishes there and a single-reference DC power
// flow has no solution. Every other outage equals a full re-solve (checked
// on case118 to 1e-12 MW).
//
// # The sector model
//
// Model (New, Options.Factory) runs on a compiled network and a
// per-replication state, and is what the cascade engine uses. Components
// of the sector are buses (or any element: substations, loads) and sources;
// links with a reactance are branches, links without one are
// zero-impedance couplers (generator connections, switches) that merge
// their ends into one electrical bus. New documents the parameters it
// reads; a network imported from MATPOWER carries them all.
//
// At each Serve, for the functional components and working links (a branch
// works when its link works and both ends are functional):
//
//   - Islands are the connected groups of buses joined by working branches
//     (and of components joined by working couplers). An island is energised
//     when it holds a functional generator with a positive upper limit;
//     every component of a dark island is unserved.
//   - Each energised island balances its generation and demand. Demand is
//     PD × the component's capacity factor × its demand factor (a heat wave
//     raises it) plus GS; a source's range is [PMIN, PMAX] (widened to
//     include its base dispatch) × its capacity factor. Starting from the base dispatch, the mismatch is shared in
//     proportion to each generator's headroom (or footroom); when the
//     island's generators cannot cover its load, all run at PMAX and every
//     load is shed by the same fraction; a surplus below the generators'
//     PMIN curtails generation proportionally. In the intact network the
//     base dispatch is MATPOWER's (the slack took the mismatch), so nothing
//     moves and the intact solution is MATPOWER's to round-off.
//   - The angle reference of an island is a type-3 bus with an available
//     generator, else the bus of its largest available generator (highest
//     upper limit, first in component order on ties), held at its case
//     angle ("va_deg"); the reference takes the island's mismatch (what
//     the balance leaves). The DC power flow of each island is solved as
//     above, on its meshed core only (below: "Meshed core and hanging
//     trees"). A dark island carries no flow; its buses keep their case
//     angles.
//   - Served: a component of an energised island is served 1, except loads
//     (positive demand), which are served the island's shed fraction; the
//     engine multiplies by the component's capacity factor.
//   - Loading of each link of the sector: |flow| ÷ (rating × link capacity
//     factor), 0 when unrated (rating 0) or not carrying flow. Heat-wave
//     derating is a link factor below 1. The flow of a coupler is known for
//     a component hanging on it alone (a generator's or load's connection)
//     and 0 otherwise.
//
// Served fractions and loadings feed the cascade engine's loading hook,
// which owns the protection delays, trips and reclosing; the model itself
// never trips anything (Output.Trip and Again stay untouched). Serve
// reports only the served fractions and loadings that changed since its
// last report (flow.Changes, flow.Output).
//
// # Meshed core and hanging trees
//
// A grid is a meshed core with radial feeders hanging off it. The model
// splits the branch graph of its buses once (and again for a split bus
// system) into its 2-core and the trees that hang from it: repeatedly strip
// the buses with at most one branch to the buses not yet stripped, counting
// parallel branches one each (a parallel pair is a cycle and stays in the
// core); each stripped bus's remaining branch leads to its tree parent. A
// tree branch's flow is the net injection of the subtree below it
// (Kirchhoff's current law), so:
//
//   - Each bus keeps its own net injection and its subtree's — the sum of
//     its own and its working children's (ascending), taken in that one
//     order by a whole solution and by an update alike, so both are
//     bitwise equal — in three parts: generation g, sheddable demand l
//     (positive loads) and the rest r (negative loads, shunts). A load's
//     share s of an island applies uniformly: injection = g − s·l − r, so a
//     change of s needs no sum redone.
//   - A tree branch's flow is its subtree's injection (signed by the
//     branch's direction); on the path from a reference that lies in a tree
//     up to its core, less the island's total injection (the mismatch the
//     reference takes).
//   - Only the core needs B θ = P: each core bus's injection is its own
//     plus its hanging subtrees' (tree buses are identity rows of the one
//     symbolic factorisation, tree branches stay out of the matrix). A
//     reference in a tree fixes the core bus its tree hangs from, at the
//     angle that puts the reference at its case angle.
//   - Tree buses' angles are not solved: Angle computes one on demand from
//     the top of its piece of tree and the drops θf − θt = F/(base·b) +
//     shift on the way up (O(depth)).
//
// An island's balance reads its sums (l + r its demand, l the sheddable
// part): of its core buses (ascending), or of the top of a piece of tree
// cut from the core; its generators are found by descending only into
// subtrees that count some.
//
// # Incremental solution
//
// With Changes.All (and on the first call, after a failed one, or when a
// change touches a bus whose elements are not simple — one element with
// branches, the others generators or loads joined to it by one coupler
// each — or a coupler between two elements with branches) Serve solves the
// sector whole: O(components + links) for the topology, the sums and the
// balance, plus one numeric factorisation and solve of the core. Otherwise
// it updates what the changes touched:
//
//   - Topology, without a relabelling of whole islands: a tree branch lost
//     (or a tree bus, whose branches all go) cuts the subtree below into a
//     piece of its own, an island that stays lit only by its own
//     generators; a branch back joins the piece to the island above. Each
//     relabels the piece that moves and redoes the sums on the path above
//     it. A generator or load whose bus or coupler goes leaves the bus and
//     stands alone. A core bus or branch that changes the core's
//     connectivity (a branch outage whose ends stay joined, found by a
//     breadth-first search over the core, does not) has the core islands
//     recomputed over the core alone; a new core island keeps the id most
//     of its buses had, the largest first, so only buses that changed
//     island are relabelled.
//   - Sums: a listed member's bus, and the path from it to the top of its
//     piece of tree.
//   - Balance: each touched island (one holding a listed member, an end of
//     a listed link, or a piece that moved) is balanced again from its sums
//     and generators; a generator whose output moved redoes its path.
//   - Flows: the tree branches on the paths redone, on the reference paths
//     (old and new), and in pieces that moved; every tree branch of an
//     island only when its served fraction or energisation changed (every
//     load's share then moved). The core of each touched core island is
//     re-solved: its rows re-assembled, the factor brought up to date by a
//     partial refactorisation — a change in column j of B changes only row
//     j of L and the rows of its ancestors in the elimination tree (Davis
//     2006, §4.1), so only those are recomputed, exactly as a complete
//     factorisation would — and the triangular solves run over its rows
//     only. The factor is refactorised whole when those rows exceed half
//     of them, when it failed last time, or when the pivot tolerance
//     (1e-13 × the largest diagonal entry, over the core) moved and a kept
//     pivot no longer passes it.
//   - Reported: the served fractions and coupler loadings of the members
//     of the buses on those paths and pieces and of listed members, and
//     the loadings of the branches whose flows were recomputed and of
//     listed links, where they differ from the last report.
//
// Cost of an incremental Serve: O(|ch|) plus, per change, the path from it
// to the core and the piece of tree it cuts off or joins, plus the core
// islands touched (their buses and branches, the rows of L refactorised,
// the generators), plus O(core) for a change of the core's connectivity;
// a change of an island's served fraction adds the island. On the
// synthetic city of 10⁵ components the core holds 100 of the 19,700 buses
// of the power sector. Every operation of an update is the one a whole
// solution does on the same values, so served fractions, flows, angles and
// dispatch are bitwise those of a fresh model.
//
// # Provenance
//
// For each member an incremental Serve takes out of service (from a
// positive served fraction to 0) because its island lost every generator
// or was split from them, Serve names the elements that cut it off
// (flow.Output.Cut), by flow.Connectivity's definition: the components and
// links that failed since the last call, lie next to the island the member
// was left in, and just before reached a functional generator without
// passing through that island — the branch or bus that split the island,
// the generator that failed. The Model keeps a flow.Connectivity of its
// sector in step with every Serve (it sees the same changes, and skips the
// cut search under Changes.NoCut) and cites the cut it names. A member
// still joined to a functional generator gets no cut: one merely shed, or
// left dark because its island's generators are derated to nothing (a
// capacity factor or PMAX of 0), whose loss the engine explains by the
// event that first touched the sector. The Connectivity follows link
// directions, as its definition does; power islands do not, so on a
// sector with directed links a member can lose power without a cut.
// Cost: the Connectivity's (O(changes) plus the region the changes cut off
// or reconnect, small beside the DC solution), and about 70 bytes per
// component of the network.
//
// # Errors
//
// Functions return errors wrapping ErrInvalid, ErrNoReference, ErrSingular
// or ErrIslanding; nothing panics on bad input. Model.Serve returns an
// error wrapping ErrSingular when an island cannot be solved (reactances
// that cancel), and the cascade engine ends its run with it.
package power
