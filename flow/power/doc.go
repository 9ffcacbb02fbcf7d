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
//     angle ("va_deg"); the DC power flow of each island is solved as above.
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
// # Incremental solution
//
// With Changes.All (and on the first call, after a failed one, or while a
// coupler inside a bus is open) Serve solves the sector whole: O(components
// + links) for the topology and balancing plus one numeric factorisation
// and solve, O(|L|) — about 0.3 ms for a 2,000-bus grid, without
// allocation; when a coupler between two buses opens, the merged bus
// splits and the pattern is analysed anew for that state. Otherwise it
// keeps the islands, their solutions and the factorisation, and works on
// what the changes touched:
//
//   - Islands are recomputed only when connectivity changed: a listed
//     member whose functional status, or a listed coupler whose working
//     status, differs from the topology's, or a listed branch whose
//     change splits or joins islands (a demand, factor or damage-state
//     change cannot). A restored branch inside one island joins nothing,
//     and an outage whose ends stay connected — a breadth-first search
//     from one end, a few hops in a meshed grid — splits nothing: both are
//     applied to the topology as they are. After a recomputation (O(
//     components + links)) the new islands are matched with the old: an
//     island with exactly the members of an old one keeps its balance,
//     reference and angles.
//   - An island is touched when it is new (split, joined, grown or shrunk)
//     or holds a listed member or an end of a listed link. Only touched
//     islands are balanced again (their sums taken in member order, as a
//     whole solution takes them) and re-solved.
//   - Re-solving: the rows of the touched islands' buses (and of buses
//     that went dark) are re-assembled; the factorisation is brought up to
//     date by a partial refactorisation — a change in column j of B
//     changes only row j of L and the rows of its ancestors in the
//     elimination tree (Davis 2006, §4.1), so only those rows are
//     recomputed, for the columns whose values differ from the ones the
//     factor holds — and the triangular solves run over the touched rows
//     only (no working branch joins them to another island, so the factor
//     entries between them and the rest are exact zeros). Every operation
//     on those rows is the one a whole solution does, in the same order:
//     the incremental solution is bitwise the from-scratch one.
//   - A branch outage or restoration inside an island changes two
//     diagonal and two off-diagonal entries (a rank-one change b·e·eᵀ);
//     a bus outage, an identity row. Both are absorbed by the partial
//     refactorisation along the tree paths of the changed columns, which
//     is exact whatever the number of changes, so updates never pile up;
//     the factor is refactorised whole when the rows to recompute exceed
//     half of them (a whole pass then costs no more), when it failed last
//     time, or when the pivot tolerance (1e-13 × the largest diagonal
//     entry) moved and a kept pivot no longer passes it.
//   - Demand and generation changes leave B alone: only the touched
//     islands' right-hand sides and solves are redone.
//   - Reported: the served fractions of the touched islands' and listed
//     members, and the loadings of the branches at re-solved buses, of the
//     couplers whose flow may have moved and of listed links, where they
//     differ from the last report.
//
// Cost of an incremental Serve: O(|ch|) to find what changed, plus
// O(components + links) for the topology when connectivity changed, plus
// the touched islands (their members, branches and rows of L) and the
// elimination-tree paths of the changed columns. An island that holds
// most of the grid is therefore re-solved whole when any of its members
// changes: its generators rebalance, so every angle in it moves.
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
