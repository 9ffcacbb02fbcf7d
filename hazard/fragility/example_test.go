package fragility_test

import (
	"fmt"

	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/network"
)

// A Hazus class gives exceedance probabilities, maps one uniform draw to a
// damage state, and says what the state does and how long it takes to
// restore.
func Example() {
	lib := fragility.Hazus()
	ess1, _ := lib.Class("ESS1")
	fmt.Printf("%s, %s\n", ess1.Name, ess1.Description)
	for _, pga := range []float64{0.15, 0.29} {
		fmt.Printf("PGA %.2f g: P(≥slight) = %.3f\n", pga, ess1.Exceed(pga, network.DamageSlight))
	}
	// One uniform per component serves every state.
	for _, u := range []float64{0.9, 0.6, 0.3, 0.05} {
		ds := ess1.Draw(0.29, u)
		mean, sigma, _ := lib.Restoration("ESS1", ds)
		fmt.Printf("u = %.2f: %-8s factor %.1f, restored in %v ± %v\n", u, fragility.StateName(ds), ess1.Factor(ds), mean, sigma)
	}
	// Output:
	// ESS1, Electrical Power, Substation, Low Voltage, Anchored
	// PGA 0.15 g: P(≥slight) = 0.500
	// PGA 0.29 g: P(≥slight) = 0.827
	// u = 0.90: none     factor 1.0, restored in 0s ± 0s
	// u = 0.60: slight   factor 1.0, restored in 1d ± 12h
	// u = 0.30: moderate factor 0.5, restored in 3d ± 1d12h
	// u = 0.05: extensive factor 0.0, restored in 7d ± 3d12h
}

// User-defined classes come from a table in the bundled layout, or from
// Library.Add.
func ExampleLibrary_Add() {
	lib := fragility.NewLibrary()
	err := lib.Add(fragility.Class{
		Name:    "tower",
		Measure: fragility.PGA,
		Curves:  [5]fragility.Curve{network.DamageComplete: {Median: 0.6, Beta: 0.5}},
	})
	fmt.Println(err)
	tower, _ := lib.Class("tower")
	fmt.Printf("%.2f\n", tower.Exceed(0.6, network.DamageSlight))
	// Output:
	// <nil>
	// 0.50
}
