package quake_test

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/hazard/quake"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// An earthquake 5 km from a substation that feeds a pump: the engine
// applies the damage its fragility draw gives, and the pump's outage
// traces back to the earthquake by name.
func Example() {
	at := func(x, y float64) *network.Point { return &network.Point{X: x, Y: y} }
	b := network.NewBuilder()
	b.SetCRS(network.CRS{EPSG: 32616}) // UTM 16N: metres
	b.AddComponent(network.Component{ID: "sub", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleSource,
		Fragility: "ESS2", Location: at(5000, 0)})
	b.AddComponent(network.Component{ID: "pump", Sector: network.Water, Kind: network.KindPump, Role: network.RoleSource,
		Location: at(5200, 0)})
	b.AddRequirement(network.Requirement{Dependent: "pump", Providers: []string{"sub"}})
	n, err := b.Build()
	if err != nil {
		panic(err)
	}
	eq := &quake.Earthquake{Label: "M6.8", At: sim.Hour,
		Source:      quake.Source{Epicentre: network.Point{}, Magnitude: 6.8, DepthKm: 8, Fault: quake.StrikeSlip},
		Correlation: quake.Correlation{RadiusKm: 10}}
	r := hazard.NewRand(sim.ReplicationSeed(42, 0), eq.Name())
	comps, _, err := eq.Intensities(n, r)
	if err != nil {
		panic(err)
	}
	median, _ := quake.BooreAtkinson2008{}.Median(fragility.PGA, quake.Event{Magnitude: 6.8, Fault: quake.StrikeSlip}, quake.Site{DistanceKm: 5, Vs30: 760})
	fmt.Printf("median PGA at 5 km: %.2f g; this replication: %.2f g\n", median, comps[0].PGA)

	e, err := cascade.New(n, cascade.Options{})
	if err != nil {
		panic(err)
	}
	res, err := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{eq}, Seed: sim.ReplicationSeed(42, 0)})
	if err != nil {
		panic(err)
	}
	for _, c := range res.Changes {
		fmt.Printf("%v %s %v (hazard %s)\n", c.Time, n.ComponentID(c.Entity), c.New, res.Causes[c.Cause].Hazard)
	}
	// Output:
	// median PGA at 5 km: 0.31 g; this replication: 0.24 g
	// 1h sub damaged|unserved (hazard M6.8)
	// 1h pump unsupplied|unserved (hazard M6.8)
}

// The ALA (2001) repair rate: PGV 0.5 m/s is 19.685 in/s, 0.036811 repairs
// per 1,000 ft with K1 = 1; a 1 km pipe expects 0.12 repairs, a break (20
// % of repairs) with probability 1 − e^(−0.2·0.12).
func ExampleALARepairRate() {
	rr := quake.ALARepairRate(0.5, 1)
	repairs := rr / 304.8 * 1000
	fmt.Printf("%.6f per 1000 ft, %.3f per km, P(break) = %.4f\n", rr, repairs, 1-math.Exp(-0.2*repairs))
	// Output:
	// 0.036811 per 1000 ft, 0.121 per km, P(break) = 0.0239
}

// A ground-motion file on a regular lattice is interpolated bilinearly.
func ExampleReadGMF() {
	const csv = `x,y,PGA,PGV
0,0,0.10,10
1000,0,0.20,20
0,1000,0.30,30
1000,1000,0.40,40
`
	g, err := quake.ReadGMF(strings.NewReader(csv), "field.csv", network.CRS{EPSG: 32616}, quake.GMFUnits{})
	if err != nil {
		panic(err)
	}
	in, _ := g.At(network.Point{X: 250, Y: 500})
	fmt.Printf("PGA %.3f g, PGV %.3f m/s\n", in.PGA, in.PGV)
	// Output:
	// PGA 0.225 g, PGV 0.225 m/s
}

// flat is a user-defined attenuation relation: the same PGA everywhere
// within 10 km, nothing beyond, no scatter.
type flat struct{ pga float64 }

func (flat) Name() string { return "flat" }

func (f flat) Median(m fragility.Measure, _ quake.Event, s quake.Site) (float64, bool) {
	if m != fragility.PGA {
		return 0, false
	}
	if s.DistanceKm > 10 {
		return 0, true
	}
	return f.pga, true
}

func (flat) Sigma(fragility.Measure) (tau, phi float64) { return 0, 0 }

// Any Attenuation plugs in: here a uniform 0.29 g, at which an ESS1
// substation reaches at least slight damage with probability 0.827 (its
// Hazus curve), so about 827 of 1000 replications damage it.
func ExampleAttenuation() {
	p := network.Point{X: 100, Y: 0}
	b := network.NewBuilder()
	b.SetCRS(network.Local)
	b.AddComponent(network.Component{ID: "s", Sector: network.Power, Kind: network.KindSubstation, Fragility: "ESS1", Location: &p})
	n, err := b.Build()
	if err != nil {
		panic(err)
	}
	eq := &quake.Earthquake{Label: "flat", Source: quake.Source{Magnitude: 6}, Model: flat{pga: 0.29}, Library: fragility.Hazus()}
	damaged := 0
	for rep := range 1000 {
		ims, err := eq.Impacts(n, hazard.NewRand(sim.ReplicationSeed(1, rep), eq.Name()))
		if err != nil {
			panic(err)
		}
		damaged += len(ims)
	}
	fmt.Println(damaged > 790 && damaged < 865)
	// Output:
	// true
}
