package chain_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/chain"
	"github.com/lifeline-sim/lifeline/hazard/hazardtest"
	"github.com/lifeline-sim/lifeline/hazard/heat"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

func city(t *testing.T) *network.Network {
	t.Helper()
	n, err := synth.City(synth.CityParams{Components: 400, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func run(t *testing.T, n *network.Network, hs ...hazard.Hazard) *cascade.Result {
	t.Helper()
	e, err := cascade.New(n, cascade.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Run(context.Background(), cascade.Input{Hazards: hs, Seed: sim.ReplicationSeed(1, 0)})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// metres is the distance between two lon/lat points by the spherical law
// of cosines (R = 6371 km), written apart from the CRS's haversine.
func metres(a, b network.Point) float64 {
	rad := math.Pi / 180
	c := math.Sin(a.Y*rad)*math.Sin(b.Y*rad) + math.Cos(a.Y*rad)*math.Cos(b.Y*rad)*math.Cos((a.X-b.X)*rad)
	return 6371e3 * math.Acos(min(1, c))
}

// TestEarthquakeDamBreachFlood: the earthquake (a RandomFraction of
// fraction 1 on the water tanks, at 1 h) damages both tanks; tank tk1's
// failure breaches it, and 30 min later the flood suspends every located
// component within 500 m of it. Every such component is down from 1h30m,
// and its outage is explained back through "dam-breach" to the
// earthquake's damage of tk1.
func TestEarthquakeDamBreachFlood(t *testing.T) {
	n := city(t)
	tk1, _ := n.ComponentIndex("tk1")
	at, _ := n.Location(tk1)
	quake := &hazard.RandomFraction{Label: "earthquake", Select: hazard.Selector{Kind: network.KindTank}, Fraction: 1, At: sim.Hour}
	c := &chain.Chain{Parent: quake, Triggers: []chain.Trigger{{
		Name: "breach", Probability: 1, Delay: 30 * sim.Minute, When: chain.Fails{Component: "tk1"},
		Then: &pool{Label: "dam-breach", Centre: at, Radius: 500, Depth: 2, Duration: 12 * sim.Hour},
	}}}
	hazardtest.Run(t, n, c)
	r := run(t, n, c)
	flooded := 0
	for i := range n.Components() {
		p, ok := n.Location(i)
		if !ok || i == tk1 || metres(p, at) > 499 { // 1 m of slack for the two formulas
			continue
		}
		flooded++
		if r.Outage[i].First != 90*sim.Minute && n.ComponentKind(i) != network.KindTank {
			t.Errorf("%s, %.0f m away: first outage %v, want 1h30m", n.ComponentID(i), metres(p, at), r.Outage[i].First)
		}
		ch, ok := r.Explain(i, 2*sim.Hour)
		text := ch.String()
		if !ok || ch.Causes[0].Hazard != "dam-breach" || ch.Causes[0].Time != 90*sim.Minute ||
			!strings.Contains(text, `tk1 (water tank): damage by hazard "earthquake"`) {
			t.Errorf("%s:\n%s", n.ComponentID(i), text)
		}
	}
	if flooded == 0 {
		t.Fatal("nothing within 500 m of tk1: the test checks nothing")
	}
}

// TestTyphoonRainstormLandslide: rain under the typhoon grows 10 mm/h;
// at 50 mm/h (5 h, a sample of the half-hourly check) a rainstorm starts
// an hour later (6 h) and floods 0.5 m deep within 300 m of a road
// intersection; the water there, above 0.3 m at once, starts a landslide
// 2 h later (8 h) that closes a road at the intersection. The road's
// closure is explained back through "landslide" and "rainstorm" to the
// typhoon.
func TestTyphoonRainstormLandslide(t *testing.T) {
	n := city(t)
	node, road := roadNode(t, n)
	at, _ := n.Location(node)
	slide := &hazard.List{Label: "landslide", Items: []hazard.Impact{{Kind: hazard.Damage, Target: road, Link: true, State: network.DamageComplete}}}
	rainstorm := &chain.Chain{
		Parent: &pool{Label: "rainstorm", Centre: at, Radius: 300, Depth: 0.5, Duration: 24 * sim.Hour},
		Triggers: []chain.Trigger{{Name: "slope", Probability: 1, Delay: 2 * sim.Hour, Then: slide,
			When: chain.Above{Component: n.ComponentID(node), Threshold: 0.3, Until: 6 * sim.Hour, Step: 10 * sim.Minute}}},
	}
	typhoon := &chain.Chain{Parent: &rise{Label: "typhoon", Rate: 10}, Triggers: []chain.Trigger{{
		Name: "rain", Probability: 1, Delay: sim.Hour, Then: rainstorm,
		When: chain.Above{Place: &at, Threshold: 50, Until: 12 * sim.Hour, Step: 30 * sim.Minute}}}}
	hazardtest.RunWith(t, n, typhoon, hazardtest.Options{Unkeyed: "the landslide's road is a link index"})
	r := run(t, n, typhoon)
	if r.Outage[node].First != 6*sim.Hour {
		t.Fatalf("intersection %s: %v, first outage %v", n.ComponentID(node), r.Final[node], r.Outage[node].First)
	}
	ch, ok := r.ExplainLink(road, 9*sim.Hour)
	if !ok {
		t.Fatalf("road %s: no explanation", n.LinkID(road))
	}
	checkCauses(t, ch, []cause{{"landslide", cascade.ByImpact, 8 * sim.Hour, road},
		{"rainstorm", cascade.ByTrigger, 6 * sim.Hour, node}, {"typhoon", cascade.ByTrigger, 5 * sim.Hour, -1}})
}

// TestHeatStartsWildfire: a physical hazard as parent. The heat wave
// warms 1 °C/h from 25 °C at 0 h to 40 °C at 15 h; sampled hourly, the air
// first reaches 38 °C at 13 h, and two hours later (15 h) a wildfire
// suspends the substation for 6 h. Its outage is explained through
// "wildfire" to the heat wave.
func TestHeatStartsWildfire(t *testing.T) {
	n := town(t)
	wave := &heat.Wave{Series: []heat.Sample{{Time: 0, Celsius: 25}, {Time: 15 * sim.Hour, Celsius: 40}, {Time: 20 * sim.Hour, Celsius: 25}},
		Power: heat.Response{Off: true}, Water: heat.Response{Off: true}, Lines: heat.Derating{Off: true}}
	fire := &hazard.List{Label: "wildfire", Items: []hazard.Impact{{Kind: hazard.Suspend, Target: 3}, {Time: 6 * sim.Hour, Kind: hazard.Resume, Target: 3}}}
	c := &chain.Chain{Parent: wave, Triggers: []chain.Trigger{{Name: "ignition", Probability: 1, Delay: 2 * sim.Hour, Then: fire,
		When: chain.Above{Place: &network.Point{X: 0.018}, Threshold: 38, Until: sim.Day, Step: sim.Hour}}}}
	hazardtest.RunWith(t, n, c, hazardtest.Options{Unkeyed: "the wildfire's target is an index"})
	r := run(t, n, c)
	if r.Outage[3].First != 15*sim.Hour || r.Outage[3].Total != 6*sim.Hour {
		t.Fatalf("substation c3: %+v", r.Outage[3])
	}
	ch, ok := r.Explain(3, 16*sim.Hour)
	if !ok || len(ch.Causes) != 2 || ch.Causes[0].Hazard != "wildfire" || ch.Causes[1].Hazard != "heat" || ch.Causes[1].Time != 13*sim.Hour {
		t.Fatalf("chain:\n%s", ch)
	}
}
