// Package telecom is lifeline's telecommunications service model and its
// outage classification.
//
// # Service
//
// A member of the telecom sector (a cell tower, a fiber node, a remote
// terminal) is served while it is functional and joined, through working
// backhaul links (fiber, microwave) and functional components, to a
// functional core: a central office, a mobile switching centre, any
// member with Role source. Served is 0 or 1; the engine weighs it by
// population. Power comes in through requirements, not through the
// model: towers and central offices carry requirements on their power
// providers, with batteries and generators as requirement buffers (the
// engine drains them), so a site on battery is functional and served,
// with the OnBackup flag.
//
// Data without explicit central offices have their sources inferred by
// the importer. shelby.Import gives the INDP Shelby County
// telecom layer no source type: its sources are the nodes with positive
// Demand (supply) in TelecommunicationNodes.csv, 22 of its 27 nodes, so
// with this model the layer loses a site only when it is cut off from all
// of them.
//
// # Outage classification
//
// Classify sorts a site the way outage reports do (the FCC's Disaster
// Information Reporting System counts cell sites out of service by cause:
// damage, power, transport), as a pure function of the network and the
// state flags. The first that applies wins:
//
//   - Damaged: damaged, removed, suspended (flooded, closed by a hazard)
//     or tripped;
//   - NoPower: unsupplied (an expired requirement with effect Fail), and
//     one of its unmet Fail requirements has a provider in the power
//     sector;
//   - OtherSupply: unsupplied for another requirement (cooling water, a
//     SCADA link);
//   - Backhaul: functional but unserved: cut off from every core (the
//     reports' "transport" cause);
//   - OnBackup: delivering on a battery or generator;
//   - Up: delivering on utility power.
//
// A requirement is unmet when fewer of its providers deliver than it
// needs; the flags do not say which unmet requirement expired, so a site
// on battery for its power requirement that went down for another one is
// classed NoPower. Count applies Classify to every member of a sector.
//
// # Cost
//
// Serve is flow.Connectivity's Serve on the telecom sector, with its cost
// (see its documentation): the model keeps no state of its own, so it
// gets faster whenever Connectivity does. Classification touches only
// what changed:
// the engine (a flow.Classifier) classifies a member again only when its
// flags, or those of a provider of its requirements, changed, and keeps
// the count per class; each Class is O(1), or O(the providers of its Fail
// requirements) for an unsupplied member. Count, O(members), is for
// reports and tests, never called per instant.
package telecom
