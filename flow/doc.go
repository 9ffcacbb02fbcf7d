// Package flow holds lifeline's sector service models. A model is pure:
// given the compiled network and the per-replication state (which
// components and links work), it computes the fraction of each sector
// member's demand the sector delivers, and optionally which components the
// engine must latch down (a cluster cut from the giant component, an
// overloaded node) and link loadings against ratings. Models never write the
// state and own no timers: the cascade engine does both.
//
// Contract of Model.Serve (checked by flow/flowtest):
//   - it reads the network and the state and writes only its Output;
//   - for every member i of the sector it writes Served[i] in [0, 1], and
//     Served[i] is 0 whenever i is not functional (served ⊆ functional);
//   - it is deterministic: the same inputs give the same output;
//   - it never removes a component from its own sector's graph because
//     that component is unserved: only functional status matters.
//
// A model value may keep scratch buffers, so it is not safe for concurrent
// use: every worker builds its own with a Factory.
//
// Models: Connectivity (served ⇔ joined to a working source through
// working links and functional components, along link directions),
// GiantComponent (served ⇔ in the largest connected cluster; leaving it is
// latched), Overload (Motter–Lai 2002: load = betweenness, capacity =
// (1+α)·initial load, overloaded nodes are latched), and Standalone
// (served ⇔ functional, for sectors without sources).
package flow
