// Package hazardtest is the conformance suite for hazards: impacts are
// valid for the network (finite factors in range among them), sorted
// (hazard.Compare), deterministic for the same Rand, and the network is
// not modified. It depends only on testing and the packages it checks.
package hazardtest
