// Package chain builds disaster chains and sequences out of hazards: an
// earthquake that breaches a dam whose flood closes the plant downstream,
// a typhoon whose rain floods a district where a slope gives way onto a
// road, a main shock and its aftershock two days later.
//
// # Chains
//
// A Chain is a parent hazard and Triggers. A Trigger starts another hazard
// (Then) with a Probability, Delay after its condition (When) holds:
//
//   - Above: the parent's intensity (hazard.Intensity, in the parent's
//     unit: flood depth in m for hazard/flood, 3-s gust in m/s for
//     hazard/wind, air temperature in °C for hazard/heat, or a custom
//     hazard's rain rate) at a component's location or at a Place reaches
//     Threshold. The earthquake (hazard/quake) reports none: its shaking
//     is one instant whose effect is the damage it draws, so chain on
//     that damage with Fails. The
//     instants From, From+Step, … ≤ Until are sampled (at most MaxSamples)
//     and the trigger fires at the first one at or above the threshold: a
//     crossing between samples is seen at the next sample, so Step is the
//     resolution. Decided when the chain's impacts are computed.
//   - Fails: a component fails (damage, removal, suspension or a trip by
//     default; any state flags, such as losing its supply). The
//     cascade engine decides it, during the run: the chain is a
//     hazard.PartTrigger, and the started hazard's first impact's cause
//     is the component's change.
//   - At: an instant (a second typhoon that may come).
//
// The started hazard's impacts are shifted by the firing instant plus the
// delay: its time 0 is when it starts. It may itself be a Chain (the
// rainstorm that starts the landslide) or a Sequence.
//
// A Chain is a hazard.Compound: its parts are the parent's and each started
// hazard's, each under its own name, drawing from its own stream
// (hazard.NewRand(seed, its name)), so that a chained hazard draws what it
// would draw alone. The engine records each impact's cause under its
// part's name, a started part as the child of a trigger cause naming its
// parent part (cascade.ByTrigger), and cascade's Explain walks from an
// outage back through every hazard of the chain to the first.
//
// Determinism: a trigger's draw is the first uniform of the stream
// hazard.TriggerStreamOf(parent name) scoped by the key of the condition's
// component (none for a Place or a time), entity the hash of the trigger's
// name: keyed by (parent name, trigger name, component ID), so it is the
// same in every variant of a scenario, and a higher probability fires a
// superset. A Fails trigger fires on every failure of its component with
// that same draw.
//
// Names: the chain is named by its Label, or by its parent; the names of
// its parts must differ from each other and from the run's other hazards
// (hazard.CheckParts, the engine). The triggers of started hazards that
// are chains of their own run when their conditions are Above or At;
// their Fails triggers are not asked (only the top chain's, and its
// parent's, reach the engine).
//
// # Sequences
//
// A Sequence lists hazards with offsets; each keeps its own name and
// stream and no step starts another.
//
// # Cost
//
// Parts costs the parent's and the started hazards' impacts (those of
// Fails triggers included: they are computed once to check them), plus
// one intensity evaluation per sampled instant of each Above trigger.
// TriggerParts costs O(triggers) per change and allocates only when a
// hazard starts.
package chain
