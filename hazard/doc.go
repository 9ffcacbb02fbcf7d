// Package hazard is lifeline's vocabulary of impacts and its hazard
// sources.
//
// An Impact is what a hazard does to one component or link at one instant:
// Damage (to a damage state, with a capacity factor: 0 takes it down),
// Remove, Suspend and Resume (a flooded road closes and reopens), SetFactor
// on a named parameter (capacity, demand, rating, travel time), and the
// restoring kinds Repair and Restore that responders use.
//
// A Hazard is pure: given the network and a random stream it returns its
// impacts sorted by (time, links after components, index). Optional
// interfaces add to it: a Trigger is called by the engine on status
// changes to start secondary impacts (a dam fails → a flood), and a
// PartTrigger to start named secondary hazards; a Compound gives its
// impacts by named Part, each part with the part that started it (a chain
// of triggered hazards, a sequence; the engine records each part under its
// own name and the start as a trigger cause); an Intensity reports how
// strong the hazard is at a place and time (what chained triggers read).
//
// Sources here: List (explicit impacts), RandomFraction (each component of
// a sector or kind is hit independently with a probability, drawing from
// its own entity stream so that every variant of a scenario hits the same
// components — common random numbers), and Targeted (the k components of
// highest degree, betweenness or population). Their zero Effect is Damage
// (complete, repairable); research removals ask for Remove. Repairs adds
// a Repair, drawn uniformly within a window from the entity's own stream
// (common random numbers again), for every Damage a hazard makes. Physical
// hazards come in their own subpackages (hazard/heat: heat waves;
// earthquake, flood and wind alike), and so do chains and sequences of
// hazards (hazard/chain). Every hazard passes hazard/hazardtest.
package hazard
