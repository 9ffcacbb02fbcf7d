package chain_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/chain"
	"github.com/lifeline-sim/lifeline/hazard/flood"
	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/hazard/hazardtest"
	"github.com/lifeline-sim/lifeline/hazard/quake"
	"github.com/lifeline-sim/lifeline/hazard/wind"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// valley is a dam above a valley: in the valley a substation feeding the
// homes on the hill and a road intersection; the generator, the homes and
// the dam are outside the valley.
func valley(t *testing.T) *network.Network {
	t.Helper()
	at := func(x, y float64) *network.Point { return &network.Point{X: x, Y: y} }
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "dam", Sector: network.Water, Kind: "dam", Role: network.RoleSource, Fragility: "DAM", Location: at(-90.0, 35.12)})
	b.AddComponent(network.Component{ID: "gen", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource, Location: at(-90.05, 35.09)})
	b.AddComponent(network.Component{ID: "sub", Sector: network.Power, Kind: network.KindSubstation, Location: at(-90.0, 35.09)})
	b.AddComponent(network.Component{ID: "homes", Sector: network.Power, Kind: network.KindBus, Role: network.RoleConsumer, Population: 500, Location: at(-90.05, 35.1)})
	b.AddComponent(network.Component{ID: "x1", Sector: network.Transport, Kind: network.KindIntersection, Location: at(-90.001, 35.09)})
	b.AddLink(network.Link{ID: "l1", Kind: network.KindLine, From: "gen", To: "sub"})
	b.AddLink(network.Link{ID: "l2", Kind: network.KindLine, From: "sub", To: "homes"})
	n, err := b.Build()
	require.NoError(t, err)
	return n
}

// TestQuakeBreachesDamFloodsValley: the real hazards chained. An M7
// earthquake at the dam, with Kawashima et al. (1984) and no scatter,
// shakes it at 403.8·10^(0.265·7)·30^(−1.218) = 459 cm/s² = 0.47 g; its
// class DAM (hand-made: complete at a median 0.1 g, β 0.1) is then
// completely damaged with probability Φ(ln(4.7)/0.1) = Φ(15.4), 1 in
// float64, at the quake's 1 h. The dam's failure starts, 30 min later
// (1h30m), a flood.Flood over the valley whose water rises from 0 to 2 m
// in 1 h and is gone 6 h after that (damage off: everything recovers).
// The substation (equipment at ground level) is under water from the
// flood's start to its end, 1h30m to 8h30m, and the homes it feeds are
// without power as long; the intersection closes above 0.3 m, at
// 0.3/2 h = 9 min (1h39m), and reopens when the water falls back to 0.3 m,
// 1 h + (1.7/2)·6 h = 6h06m after the start (7h36m). The homes' outage is
// explained through the substation's suspension by "dam-breach" to the
// dam's damage by "earthquake".
func TestQuakeBreachesDamFloodsValley(t *testing.T) {
	n := valley(t)
	lib := fragility.NewLibrary()
	var dam fragility.Class
	dam.Name, dam.Measure, dam.Source = "DAM", fragility.PGA, "hand-made for this test"
	dam.Curves[network.DamageComplete] = fragility.Curve{Median: 0.1, Beta: 0.1}
	require.NoError(t, lib.Add(dam))
	eq := &quake.Earthquake{At: sim.Hour, Model: quake.Kawashima1984{}, Library: lib,
		Source: quake.Source{Epicentre: network.Point{X: -90.0, Y: 35.12}, Magnitude: 7, DepthKm: 10}}
	box := flood.Polygon{{{X: -90.01, Y: 35.085}, {X: -89.99, Y: 35.085}, {X: -89.99, Y: 35.095}, {X: -90.01, Y: 35.095}}}
	breach := &flood.Flood{Label: "dam-breach", Rules: flood.Rules{Damage: map[network.Kind]flood.DamageCurve{}},
		Areas: []flood.Area{{ID: "valley", Polygons: []flood.Polygon{box},
			Depth: flood.Hydrograph{{T: 0, Depth: 0}, {T: sim.Hour, Depth: 2}, {T: 7 * sim.Hour, Depth: 0}}}}}
	c := &chain.Chain{Parent: eq, Triggers: []chain.Trigger{{Name: "breach", Probability: 1, Delay: 30 * sim.Minute,
		When: chain.Fails{Component: "dam"}, Then: breach}}}
	hazardtest.Run(t, n, c)
	r := run(t, n, c)

	id := func(s string) int32 { i, ok := n.ComponentIndex(s); require.True(t, ok, s); return i }
	assert.Equal(t, [][2]sim.Time{{sim.Hour, -1}}, r.Outages(id("dam")), "dam")
	h := sim.Hour
	assert.Equal(t, [][2]sim.Time{{90 * sim.Minute, 8*h + 30*sim.Minute}}, r.Outages(id("sub")), "substation")
	assert.Equal(t, [][2]sim.Time{{90 * sim.Minute, 8*h + 30*sim.Minute}}, r.Outages(id("homes")), "homes")
	assert.Equal(t, [][2]sim.Time{{99 * sim.Minute, 7*h + 36*sim.Minute}}, r.Outages(id("x1")), "intersection")
	assert.Empty(t, r.Outages(id("gen")), "generator")

	ch, ok := r.Explain(id("homes"), 2*h)
	require.True(t, ok)
	var path []string
	for _, cs := range ch.Causes {
		if cs.Hazard != "" && cs.Mechanism == cascade.ByImpact {
			path = append(path, n.ComponentID(cs.Entity)+" by "+cs.Hazard)
		}
	}
	assert.Equal(t, []string{"sub by dam-breach", "dam by earthquake"}, path, "%s", ch)
	root := ch.Causes[len(ch.Causes)-1]
	assert.Equal(t, cascade.ByImpact, root.Mechanism, "%s", ch)
	assert.Equal(t, "earthquake", root.Hazard, "%s", ch)
	assert.Equal(t, sim.Hour, root.Time, "%s", ch)
}

// TestTyphoonRainstormLandslideReal: the real wind and flood chained by
// their intensities. The typhoon's gust at a road intersection is read
// every 30 min; at the first sample at or above 25 m/s (found here by a
// walk of Wind.At) the rainstorm starts an hour later and floods the
// intersection, its water rising 0.5 m an hour: it passes the road
// closure of 0.3 m at 36 min and the landslide's threshold of 0.3 m is
// seen at the next 10-min sample, 40 min. The landslide comes 2 h later
// and closes a road at the intersection. The road's closure is explained
// through "landslide" and "rainstorm" to "typhoon".
func TestTyphoonRainstormLandslideReal(t *testing.T) {
	n := city(t)
	node, road := roadNode(t, n)
	at, _ := n.Location(node)
	typhoon := &wind.Wind{Label: "typhoon", Classes: map[string]wind.Curve{"unused": {Curve: fragility.Curve{Median: 50, Beta: 0.3}}},
		Track: wind.Track{
			{T: 0, Lon: at.X - 0.3, Lat: at.Y - 1.5, Pressure: 950, Rmax: 25000},
			{T: 12 * sim.Hour, Lon: at.X + 0.3, Lat: at.Y + 1.5, Pressure: 960, Rmax: 30000}}}
	fired := sim.Time(-1)
	for k := sim.Time(0); k <= 24; k++ {
		if _, g := typhoon.At(at, k*30*sim.Minute); g >= 25 {
			fired = k * 30 * sim.Minute
			break
		}
	}
	require.Positive(t, fired, "the typhoon blows 25 m/s there from the start or never: the test checks nothing")
	box := flood.Polygon{{{X: at.X - 0.002, Y: at.Y - 0.002}, {X: at.X + 0.002, Y: at.Y - 0.002}, {X: at.X + 0.002, Y: at.Y + 0.002}, {X: at.X - 0.002, Y: at.Y + 0.002}}}
	rain := &flood.Flood{Label: "rainstorm", Areas: []flood.Area{{ID: "basin", Polygons: []flood.Polygon{box},
		Depth: flood.Hydrograph{{T: 0, Depth: 0}, {T: sim.Hour, Depth: 0.5}, {T: 24 * sim.Hour, Depth: 0.5}, {T: 30 * sim.Hour, Depth: 0}}}}}
	slide := &hazard.List{Label: "landslide", Items: []hazard.Impact{{Kind: hazard.Damage, Target: road, Link: true, State: network.DamageComplete}}}
	rainstorm := &chain.Chain{Parent: rain, Triggers: []chain.Trigger{{Name: "slope", Probability: 1, Delay: 2 * sim.Hour, Then: slide,
		When: chain.Above{Component: n.ComponentID(node), Threshold: 0.3, Until: 6 * sim.Hour, Step: 10 * sim.Minute}}}}
	c := &chain.Chain{Parent: typhoon, Triggers: []chain.Trigger{{Name: "rain", Probability: 1, Delay: sim.Hour, Then: rainstorm,
		When: chain.Above{Place: &at, Threshold: 25, Until: 12 * sim.Hour, Step: 30 * sim.Minute}}}}
	hazardtest.RunWith(t, n, c, hazardtest.Options{Unkeyed: "the landslide's road is a link index"})
	r := run(t, n, c)

	start := fired + sim.Hour
	assert.Equal(t, start+36*sim.Minute, r.Outage[node].First, "intersection closed when the water passes 0.3 m")
	ch, ok := r.ExplainLink(road, start+3*sim.Hour)
	require.True(t, ok)
	checkCauses(t, ch, []cause{{"landslide", cascade.ByImpact, start + 160*sim.Minute, road},
		{"rainstorm", cascade.ByTrigger, start + 40*sim.Minute, node}, {"typhoon", cascade.ByTrigger, fired, -1}})
}

// TestFailsChildErrorReported: the hazard a Fails trigger would start is
// computed during the run, when a Trigger call can return no error; a
// child that cannot be computed (here a flood with no water) must fail
// the chain before the run, not vanish when the dam breaks.
func TestFailsChildErrorReported(t *testing.T) {
	n := valley(t)
	dam := &hazard.List{Label: "earthquake", Items: []hazard.Impact{{Time: sim.Hour, Kind: hazard.Damage, Target: 0, State: network.DamageComplete}}}
	c := &chain.Chain{Parent: dam, Triggers: []chain.Trigger{{Name: "breach", Probability: 1,
		When: chain.Fails{Component: "dam"}, Then: &flood.Flood{Label: "dam-breach"}}}}
	_, err := c.Parts(n, hazard.NewRand(1, c.Name()))
	require.ErrorIs(t, err, hazard.ErrInvalid)
	assert.ErrorContains(t, err, "dam-breach")
	e, err := cascade.New(n, cascade.Options{})
	require.NoError(t, err)
	_, err = e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{c}, Seed: 1})
	assert.ErrorIs(t, err, hazard.ErrInvalid, "the run")
}
