package network_test

import (
	"fmt"
	"os"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// A substation needs SCADA from a central office that needs the
// substation's power: a requirement cycle. A pump needs the substation and a
// hospital needs the pump.
func ExampleNetwork_Diagnose() {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "sub", Sector: network.Power, Kind: network.KindSubstation})
	b.AddComponent(network.Component{ID: "co", Sector: network.Telecom, Kind: network.KindCentralOffice})
	b.AddComponent(network.Component{ID: "pump", Sector: network.Water, Kind: network.KindPump})
	b.AddComponent(network.Component{ID: "hospital", Sector: "health", Kind: network.KindHospital})
	b.AddRequirement(network.Requirement{Dependent: "sub", Providers: []string{"co"}, Kind: network.Cyber})
	b.AddRequirement(network.Requirement{Dependent: "co", Providers: []string{"sub"}, Buffer: 4 * sim.Hour})
	b.AddRequirement(network.Requirement{Dependent: "pump", Providers: []string{"sub"}, Lag: sim.Minute})
	b.AddRequirement(network.Requirement{Dependent: "hospital", Providers: []string{"pump"}, Buffer: 24 * sim.Hour})
	n, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	d, err := n.Diagnose()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("cycles:", d.Cycles)
	for i := range n.Components() {
		fmt.Printf("depth of %s: %d\n", n.ComponentID(i), d.Depth[i])
	}
	fmt.Println("deepest:", d.Deepest, "at", d.MaxDepth)
	for _, k := range d.ByKind {
		if k.Requirements > 0 {
			fmt.Printf("%s: %d\n", k.Kind, k.Requirements)
		}
	}
	for _, p := range d.BySectors {
		fmt.Printf("%s → %s: %d\n", p.Provider, p.Dependent, p.Edges)
	}
	if err := n.WriteRequirementDOT(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// cycles: [[co sub]]
	// depth of sub: 0
	// depth of co: 0
	// depth of pump: 1
	// depth of hospital: 2
	// deepest: [hospital] at 2
	// physical: 3
	// cyber: 1
	// power → water: 1
	// power → telecom: 1
	// water → health: 1
	// telecom → power: 1
	// digraph requirements {
	// 	graph [label="network requirements", labelloc=t, rankdir=LR, fontname="Helvetica"];
	// 	node [shape=box, style="rounded,filled", fontname="Helvetica"];
	// 	edge [fontname="Helvetica", fontsize=10];
	// 	subgraph cluster_0 {
	// 		label="power";
	// 		color="#b45309";
	// 		"sub" [fillcolor="#fde68a", color="#b45309"];
	// 	}
	// 	subgraph cluster_1 {
	// 		label="water";
	// 		color="#1d4ed8";
	// 		"pump" [fillcolor="#bfdbfe", color="#1d4ed8"];
	// 	}
	// 	subgraph cluster_2 {
	// 		label="telecom";
	// 		color="#7e22ce";
	// 		"co" [fillcolor="#e9d5ff", color="#7e22ce"];
	// 	}
	// 	subgraph cluster_3 {
	// 		label="health";
	// 		color="#15803d";
	// 		"hospital" [fillcolor="#bbf7d0", color="#15803d"];
	// 	}
	// 	"co" -> "sub" [label="cyber", style=dashed, color="#dc2626", penwidth=2];
	// 	"sub" -> "co" [label="physical\nbuffer 4h", style=solid, color="#dc2626", penwidth=2];
	// 	"sub" -> "pump" [label="physical\nlag 1m", style=solid, color="#b45309"];
	// 	"pump" -> "hospital" [label="physical\nbuffer 1d", style=solid, color="#1d4ed8"];
	// }
}
