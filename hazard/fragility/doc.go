// Package fragility holds lognormal fragility curves with ordered damage
// states, the bundled library of Hazus lifeline classes, what each damage
// state does to function, and restoration times by class and state.
//
// # Curves and damage states
//
// A Class has up to four curves, one per damage state (slight, moderate,
// extensive, complete: network.DamageSlight … DamageComplete), each
//
//	P(DS ≥ ds | IM) = Φ(ln(IM / median) / β)
//
// with Φ the standard normal CDF (gonum distuv.UnitNormal). Medians are
// stored in the canonical unit of the class's Measure: PGA and SA(1.0) in
// g, PGV in m/s, PGD in m, repair rate in repairs/km; readers convert.
//
// Sampling uses one uniform u per entity for all states: Class.Draw
// returns the highest state whose curve exceeds u, so DS ≥ ds exactly when
// u < Exceed(im, ds), where Exceed is the largest probability of the
// curves of ds and above. Hazus curves of one class with different β cross
// far above their medians; the maximum keeps the states ordered there and
// equals the curve itself wherever the curves do not cross. A hazard draws
// u from the entity's own stream (hazard.Rand.Component keyed by the
// hazard's name and the component's ID), so every variant of a scenario
// gets the same u for the same component, and a stronger shaking never
// gives a lighter state for that u. Draw costs O(states), no allocation.
//
// # Function and restoration
//
// Each class carries the capacity factor after each damage state
// (Class.Factor; DefaultFactor unless the class sets Factors: none and
// slight 1, moderate 0.5, extensive and complete 0 — lifeline's
// assumption, since Hazus describes damage states in words) and a
// Restoration per state: HAZUS restoration functions are normal
// distributions of the time to restore, mean and σ in days. Restoration.
// Quantile maps one uniform to a time with the normal truncated at zero;
// Library.Restoration(class, ds) returns mean and σ for a crew model, and
// Library.RepairTime draws one.
//
// # The bundled library
//
// Hazus returns a copy of the bundled library, built from embedded CSV
// files kept with their source columns (data/SOURCE.md says where each
// comes from, with licences):
//
//   - hazus_lifeline_fragility.csv, a copy of the shared reference table:
//     electric substations ESS1–ESS6, distribution circuits EDC1–EDC2 and
//     generation plants EPP1–EPP4 (PGA); highway bridges HWB1–HWB28
//     (SA(1.0)) and HWB.GF (PGD); tunnels HTU1–HTU2 (PGA) and HTU.GF
//     (PGD); roads HRD1–HRD2 (PGD); and InfraRisk's Shelby County classes
//     (InfraRisk:W_WP, W_T, P_TF, P_EG, P_L, P_S, T_L, W_P, W_PMA) in two
//     variants: "InfraRisk:W_WP@low" and "@high"; the bare name is the
//     high variant (the stronger one: its substation rows equal the
//     anchored Hazus ESS3, the low ones the unanchored ESS4);
//   - hazus_water_facility_fragility.csv: the Hazus potable-water classes
//     the shared table lacks — treatment plants PWT1–PWT6, pumping plants
//     PPP1–PPP4, wells PWE1, tanks PST1–PST6 (PGA) and the buried tank
//     PST7 (PGD; unit assumed inches);
//   - telecom_proxy_fragility.csv: telecom classes, which are an
//     assumption and not published curves (see below): central offices
//     TEL.CO.A (anchored components) and TEL.CO.U (unanchored), and cell
//     sites TEL.CT (PGA);
//   - restoration by class family, from hazus_restoration.csv (a copy of
//     the shared table: substations for ESS, distribution circuits for
//     EDC, generation for EPP, treatment plants for PWT, pumping plants for
//     PPP, wells for PWE, tanks for PST, and substations again for the
//     telecom proxies TEL.) and hazus_restoration_transport.csv (roadways
//     for HRD, bridges for HWB, tunnels for HTU); InfraRisk classes carry
//     their own recovery times from the table's notes.
//
// # Telecom: an assumption
//
// The Hazus communication-facility curves (central offices with anchored
// or unanchored components, with or without backup power) and their
// restoration functions were not found in any source available to
// lifeline, and Hazus has no cell-tower class. So that an earthquake can
// damage a telecom network at all, the bundled library carries proxy
// classes, marked ASSUMPTION in their source columns (Class.Source):
//
//   - TEL.CO.A, a central office with anchored components: the curves of
//     Hazus ESS1, the anchored low-voltage substation (slight 0.15 g,
//     β 0.70 … complete 0.90 g, β 0.45), the closest equipment-governed
//     facility class bundled here;
//   - TEL.CO.U, unanchored components: the curves of ESS2;
//   - TEL.CT, a cell site (tower and equipment cabinet, the cabinet taken
//     to govern): the curves of ESS1;
//   - restoration from each state: the Hazus substation functions
//     (complete 30 ± 15 days).
//
// Backup power is not folded into these curves, unlike Hazus's: lifeline
// models it as the component's power requirement with a buffer. Replace
// the proxies with published values by adding classes of the same name
// (Library.Add) or naming other classes in the components' Fragility
// field. The library has no default class by component kind: a central
// office or cell tower is damaged only if its Fragility names a class.
//
// Each class also answers to its source class_id as an alias ("EP.S.L.A"
// for ESS1). Components and links select their class by their Fragility
// field (network.Component.Fragility, network.Link.Fragility):
// Library.Component and Library.Link look it up, nil for an empty field,
// an error wrapping ErrUnknownClass for a name the library lacks.
//
// # Files and errors
//
// ReadCSV reads user-defined classes in the same layout (see its
// documentation), with optional factor and restoration columns. Every
// problem is a *network.ParseError naming file, line, column and field,
// wrapping a network sentinel; input beyond MaxBytes is refused with
// network.ErrTooLarge. Invalid classes given to Add are errors wrapping
// ErrInvalid. Nothing here panics on bad input; Hazus panics only if the
// embedded data is corrupt, which the package's tests rule out.
package fragility
