package infrarisk_test

import (
	"fmt"
	"github.com/lifeline-sim/lifeline/sim"
	"os"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/format/epanet"
	"github.com/lifeline-sim/lifeline/network/format/infrarisk"
	"github.com/lifeline-sim/lifeline/network/format/pandapower"
	"github.com/lifeline-sim/lifeline/network/format/tntp"
)

// The Micropolis city (the copy bundled with package scenarios) in one call: water, power and roads merged, the pumps
// coupled to their motors, here with a 15-minute run-down lag, and every
// power and water component given its nearest road node. W_WP8 lies midway
// between W_R2 (3367.02, 5905.17) and W_JIN1495 (3390.79, 5886.39); the
// nearest road node is T_J66 (3312, 6012), 134.1 m away (T_J8 is 258.3 m).
func Example() {
	city, err := infrarisk.Import(os.DirFS("../../../scenarios/cities"), "micropolis", infrarisk.Options{
		PumpOnPower: network.Requirement{Lag: 15 * sim.Minute},
	})
	if err != nil {
		panic(err)
	}
	for s, name := range city.Sectors() {
		fmt.Printf("%-9s %4d components\n", name, len(city.SectorMembers(s)))
	}
	for r := range city.Requirements() {
		if r < 5 {
			q := city.Requirement(r)
			fmt.Println(q.Dependent, "needs", q.Providers, "after", q.Lag)
		}
	}
	pump, _ := city.ComponentIndex("W_WP8")
	fmt.Println("crews reach W_WP8 at", city.ComponentID(city.Access(pump)))
	// Output:
	// power     2017 components
	// water     1585 components
	// transport   68 components
	// W_WP1 needs [P_LOMP1] after 15m
	// W_WP2 needs [P_LOMP1] after 15m
	// W_WP3 needs [P_LOMP1] after 15m
	// W_WP4 needs [P_LOMP1] after 15m
	// W_WP5 needs [P_LOMP2] after 15m
	// crews reach W_WP8 at T_J66
}

// The same merge by hand, for systems that do not come in InfraRisk's
// layout: three importers, then network.Merge with the cross-system
// requirements (here the first row of dependencies.csv).
func Example_merge() {
	fsys := os.DirFS("../../../scenarios/cities/micropolis")
	water, err := epanet.Import(fsys, "water/water_med.inp", epanet.Options{CRS: network.Local})
	if err != nil {
		panic(err)
	}
	power, err := pandapower.Import(fsys, "power/micropolis_power.json", pandapower.Options{CRS: network.Local, Loads: true})
	if err != nil {
		panic(err)
	}
	roads, err := tntp.Import(fsys, "transportation/transpo_net.tntp", "transportation/transpo_node.tntp",
		tntp.Options{CRS: network.Local, BareNodeIDs: true, LengthUnit: 1000, IgnoreCounts: true})
	if err != nil {
		panic(err)
	}
	city, err := network.Merge([]network.Part{{Network: water}, {Network: power}, {Network: roads}}, network.MergeOptions{
		Name:         "micropolis",
		Requirements: []network.Requirement{{Dependent: "W_WP1", Providers: []string{"P_LOMP1"}}},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(city.Name(), city.NumComponents(), "components,", city.NumLinks(), "links,", city.NumRequirements(), "requirement")
	// Output:
	// micropolis 3670 components, 3823 links, 1 requirement
}
