// Package flowtest is the conformance suite every sector model runs, and
// the lookups the sector models' tests share. It depends only on testing
// and the packages it checks.
//
// Run checks flow's contract (the flow package documentation and the
// docs of flow.Changes and flow.Output) on every sector of a network.
// Its factory must refuse a sector index the network does not have, and
// the model a state of another network. It
// drives each model through two seeded random sequences of changes, one
// of components only (models may take a faster path while every link
// works) and one with links: damage and repair, suspensions, capacity,
// demand and link factors, the Depleted flag, sweeping changes as a large
// hazard makes, and resets (Changes.All), listing in flow.Changes what
// changed as the engine does, and asking for no cuts (Changes.NoCut) at
// random steps, as the engine does with its change log off. For every Serve it checks that the model
//
//   - returns no error and leaves the network and the state unmodified;
//   - reports only members of its sector, each at most once per list,
//     and after Changes.All every member's served fraction, every link it
//     rated and every store it listed before;
//   - reports served fractions in [0, 1], and 0 unless the member is
//     functional (served ⊆ functional);
//   - reports loadings ≥ 0 and not NaN, 0 for a link that does not work
//     and for a member that is not functional, only for links of its
//     sector, and finite store outflows;
//   - trips only functional members;
//   - serves, in a sector with sources, only members that a path of
//     functional members and working links joins to a functional source,
//     unless the model is flow.Unbound;
//   - names cuts (flow.Output.Cut) only for functional members it reports
//     as losing service, each once, with elements of its sector that no
//     longer work, each named once (which elements are causes is for the
//     model's own tests);
//
// and that the verdict its reports add up to equals a fresh model's
// evaluation from scratch (flow.Evaluate) of the same state: served
// fractions and trips exactly, loadings and outflows within 1e-9
// relative. It compares after every change, after a second call without
// changes, and after the engine's Unserved and OnBackup flags are set on
// members (which must change nothing: only functional status matters).
// Trips are latched at random, as the engine does, or left unlatched (the
// model must ask for them again).
//
// Drive is the long form for a model's own tests: thousands of steps on a
// network the model's test builds, with what Run does not do — every
// member down at once and every member back, Changes.All in the middle of
// a sequence, Changes that also list unchanged elements and elements of
// another sector (which a model must ignore), and Serve errors, which a
// fresh model must return too.
package flowtest
