package power_test

import (
	"fmt"
	"os"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/power"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/format/matpower"
)

// MATPOWER's 9-bus test case (lib/t/t_case9_pf.m): the DC power flow gives
// the flows of MATPOWER's soln9_dcpf, the slack generator at bus 1 takes
// 67 MW.
func ExampleSolveMatpower() {
	c, err := matpower.Parse(os.DirFS("../../network/format/matpower/testdata"), "t_case9_pf.m")
	if err != nil {
		fmt.Println(err)
		return
	}
	sol, err := power.SolveMatpower(c)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("slack generator %d: %.1f MW\n", sol.Slack[0]+1, sol.Pg[sol.Slack[0]])
	for k, br := range c.Branch[:3] {
		fmt.Printf("branch %d (%d-%d): %.4f MW\n", k+1, br.FBus, br.TBus, sol.Pf[k])
	}
	// Output:
	// slack generator 1: 67.0 MW
	// branch 1 (1-4): 67.0000 MW
	// branch 2 (4-5): 28.9674 MW
	// branch 3 (5-6): -61.0326 MW
}

// N-1 screening of case14: 19 branch outages leave the grid connected and
// are evaluated against the base factor; branch 14 (7-8) is the only link
// of bus 8 (a synchronous condenser) and islands it.
func ExampleScreenN1() {
	c, err := matpower.Parse(os.DirFS("../../network/format/matpower/testdata"), "case14.m")
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := power.ScreenN1(c)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("screened:", len(res.Outages))
	for _, is := range res.Islanding {
		br := c.Branch[is.Branch]
		fmt.Printf("islanding: branch %d (%d-%d) cuts off %d bus, %.0f MW of load\n", is.Branch+1, br.FBus, br.TBus, is.Buses, is.LoadMW)
	}
	// Output:
	// screened: 19
	// islanding: branch 14 (7-8) cuts off 1 bus, 0 MW of load
}

// The sector model on a two-bus network: a 60 MW plant feeds a 100 MW
// load; the load bus is served 60 %, and the line carries 60 MW, 120 % of
// its 50 MW rating (the cascade engine would trip it after its protection
// delay).
func ExampleNew() {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "plant", Sector: network.Power, Kind: network.KindGenerator,
		Role: network.RoleSource, Capacity: 60})
	b.AddComponent(network.Component{ID: "a", Sector: network.Power, Kind: network.KindBus})
	b.AddComponent(network.Component{ID: "town", Sector: network.Power, Kind: network.KindBus,
		Role: network.RoleConsumer, Demand: 100})
	b.AddLink(network.Link{ID: "plant:a", Kind: network.KindConnection, From: "plant", To: "a"})
	b.AddLink(network.Link{ID: "line", Kind: network.KindLine, From: "a", To: "town", Reactance: 0.1, Rating: 50})
	n, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	s, _ := n.SectorIndexOf(network.Power)
	m, err := power.New(n, s, power.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := flow.Evaluate(m, network.NewState(n))
	if err != nil {
		fmt.Println(err)
		return
	}
	town, _ := n.ComponentIndex("town")
	line, _ := n.LinkIndex("line")
	fmt.Printf("town served %.2f, line %.0f MW, loading %.2f\n", out.Served[town], m.Flow(line), out.Loading[line])
	// Output:
	// town served 0.60, line 60 MW, loading 1.20
}
