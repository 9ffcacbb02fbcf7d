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

// The telecom classes are proxies, an assumption marked in their source:
// central offices with anchored (TEL.CO.A) and unanchored (TEL.CO.U)
// components take the Hazus low-voltage substation curves ESS1 and ESS2.
func Example_telecom() {
	lib := fragility.Hazus()
	for _, name := range []string{"TEL.CO.A", "TEL.CO.U"} {
		c, _ := lib.Class(name)
		fmt.Printf("%s at 0.30 g:", name)
		for ds := network.DamageSlight; ds <= network.DamageComplete; ds++ {
			fmt.Printf(" %s %.2f", fragility.StateName(ds), c.Exceed(0.3, ds))
		}
		fmt.Println()
	}
	mean, sigma, _ := lib.Restoration("TEL.CO.A", network.DamageComplete)
	fmt.Println("restored from complete in", mean, "±", sigma)
	// Output:
	// TEL.CO.A at 0.30 g: slight 0.84 moderate 0.52 extensive 0.18 complete 0.01
	// TEL.CO.U at 0.30 g: slight 0.90 moderate 0.61 extensive 0.38 complete 0.01
	// restored from complete in 30d ± 15d
}
