// Package hazardtest is the conformance suite for hazards. It depends only
// on testing and the packages it checks.
//
// Call it from a hazard's tests:
//
//	hazardtest.Run(t, n, h)                 // one hazard on one network
//	hazardtest.RunAll(t, newHazard, n1, n2) // fresh hazards on several networks
//	hazardtest.RunWith(t, n, h, hazardtest.Options{Unkeyed: "why"})
//
// Check returns the first violation as an error instead (for tests of the
// suite itself). For Seeds replication seeds, with the Rand the engine
// gives the hazard (hazard.NewRand with its name), the suite checks that
//
//   - the hazard has a non-empty name (it keys its random numbers);
//   - two calls with the same Rand return the same impacts (determinism
//     under a seed); RunAll also compares two fresh hazards;
//   - the impacts are sorted by hazard.Compare (time, components before
//     links, index, kind);
//   - every impact is valid for the network (hazard.Impact.Validate: a
//     target that exists, a known kind, a time ≥ 0) with a finite factor;
//   - the network is unchanged: a digest of everything its accessors return
//     (entities, adjacency, requirements, sector member lists, attributes)
//     is the same before and after, which catches a hazard writing into a
//     slice the network shares;
//   - a hazard.Compound's parts pass hazard.CheckParts and its impacts are
//     its parts' merged (hazard.Flatten);
//   - a hazard.Trigger or hazard.PartTrigger answers the failure
//     (damage at 1 h) of each of up to 200 components the same way twice,
//     with valid impacts no earlier than the failure;
//   - a hazard implementing hazard.Intensity reports finite intensities,
//     the same for two calls, at up to 200 located components at time 0
//     and at up to 20 of its impact times;
//   - draws are keyed by entity ID: the hazard's impacts on Variant(n), the
//     network with unrelated extra entities (IDs starting with ExtraPrefix,
//     copies of component 0 — the ends of link 0 when there are links —
//     and of link 0, without demand, population or any link to the rest)
//     placed first in index order, so that every other entity's index
//     moves, equal its impacts on n entity by entity (by ID), ignoring the
//     extra entities. A hazard drawing from one stream in index order, or
//     from a field whose shape depends on the list of sites, fails here. A
//     hazard that ranks entities against each other (hazard.Targeted) sees
//     the extras as candidates with nothing to rank them high, but ties
//     broken by index fail; such hazards, and those whose impacts name
//     entities by index (hazard.List), skip this check with
//     Options.Unkeyed, saying why.
//
// Cost: Seeds + 3 calls of Impacts, a merge of n, and the intensity
// samples; meant for test-sized networks.
package hazardtest
