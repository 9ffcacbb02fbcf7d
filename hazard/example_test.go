package hazard_test

import (
	"fmt"
	"math"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

func grid() *network.Network {
	b := network.NewBuilder()
	for i := range 6 {
		b.AddComponent(network.Component{ID: fmt.Sprint("s", i), Sector: network.Power, Kind: network.KindSubstation,
			Location: &network.Point{X: -90 + 0.01*float64(i), Y: 35}})
	}
	n, err := b.Build()
	if err != nil {
		panic(err)
	}
	return n
}

// windstorm is a user-written hazard: a front moving east at 40 km/h from
// longitude −90.005 suspends every located component it passes for 6 h
// (arrival rounded to the second).
// It implements hazard.Hazard: pure, returning sorted impacts.
type windstorm struct{}

func (windstorm) Name() string { return "windstorm" }

func (windstorm) Impacts(n *network.Network, _ hazard.Rand) ([]hazard.Impact, error) {
	const speed = 40e3 / 3600 // m/s
	var out []hazard.Impact
	start := network.Point{X: -90.005, Y: 35}
	for i := range n.Components() {
		p, ok := n.Location(i)
		if !ok || p.X < start.X {
			continue
		}
		secs := n.CRS().Distance(start, network.Point{X: p.X, Y: start.Y}) / speed
		at := sim.Time(math.Round(secs)) * sim.Second
		out = append(out,
			hazard.Impact{Time: at, Kind: hazard.Suspend, Target: i},
			hazard.Impact{Time: at + 6*sim.Hour, Kind: hazard.Resume, Target: i})
	}
	hazard.Sort(out)
	return out, nil
}

// A custom hazard: implement Name and Impacts (hazard/hazardtest checks
// the contract); the engine runs it like the built-in sources.
func Example_customHazard() {
	n := grid()
	im, _ := windstorm{}.Impacts(n, hazard.Rand{})
	for _, x := range im[:4] {
		fmt.Println(x.Time, x.Kind, n.ComponentID(x.Target))
	}
	// Output:
	// 41s suspend s0
	// 2m3s suspend s1
	// 3m25s suspend s2
	// 4m47s suspend s3
}

// RandomFraction hits each selected component with a probability, drawing
// from the component's own stream (keyed by the hazard's name and the
// component's ID, as the engine keys it): a larger fraction hits a
// superset.
func ExampleRandomFraction() {
	n := grid()
	for _, f := range []float64{0.3, 0.6} {
		h := &hazard.RandomFraction{Fraction: f, Effect: hazard.Damage}
		im, _ := h.Impacts(n, hazard.NewRand(2, h.Name()))
		var ids []string
		for _, x := range im {
			ids = append(ids, n.ComponentID(x.Target))
		}
		fmt.Println(f, ids)
	}
	// Output:
	// 0.3 [s0 s5]
	// 0.6 [s0 s1 s2 s3 s5]
}
