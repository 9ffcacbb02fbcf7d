// Package flowtest is the conformance suite every sector model runs, and
// the lookups the sector models' tests share. It depends only on testing
// and the packages it checks.
//
// Run checks flow's contract (the flow package documentation and the
// field docs of flow.Output) on every sector of a network, under the
// intact state and under random states: damaged components and links
// (in half of the states, components only, as models may take a faster
// path while every link works), capacity, link and demand factors,
// Depleted stores. For every Serve it
// checks that the model
//
//   - leaves the network and the state unmodified;
//   - writes Served for every member of its sector, in [0, 1], and 0
//     unless the member is functional (served ⊆ functional);
//   - writes nothing for components outside its sector (Served,
//     ComponentLoading, StockFlow) nor for links outside it (Loading);
//   - writes loadings that are ≥ 0 and not NaN, and 0 for a link that
//     does not work (it carries no flow), and lists in Rated, once each,
//     every link whose loading is above 0 (the engine watches only those);
//   - trips only functional members;
//   - lists as Overloaded only functional members, with
//     ComponentLoading > 1;
//   - lists as Stocks members only, once each, the same ones in every
//     Serve, with a finite StockFlow;
//
// and that the verdict (every field of the Output) is a function of the
// inputs alone: the same from a second call, from a model that served
// other states before (including states with less damage, whose trips
// the suite does not latch), from a fresh model, and whether or not the
// members it left unserved (now or at an earlier verdict) carry the
// engine's Unserved flag and any component the OnBackup flag: only
// functional status matters.
package flowtest
