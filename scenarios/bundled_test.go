package scenarios_test

import (
	"context"
	"encoding/csv"
	"io/fs"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/chain"
	"github.com/lifeline-sim/lifeline/hazard/flood"
	"github.com/lifeline-sim/lifeline/hazard/heat"
	"github.com/lifeline-sim/lifeline/hazard/wind"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenarios"
	"github.com/lifeline-sim/lifeline/sim"
)

// These tests check one figure of each bundled hazard scenario
// independently of its golden summary (internal/cli's TestBundled freezes
// the whole summary and fingerprint).

// runBundled loads and runs a bundled scenario.
func runBundled(t *testing.T, name string) (*scenarios.Scenario, []*cascade.Result) {
	t.Helper()
	sc, err := scenarios.LoadBundled(name)
	require.NoError(t, err)
	res, err := sc.Run(context.Background(), scenarios.RunOptions{})
	require.NoError(t, err)
	return sc, res
}

// downAt reports whether component i does not deliver at t.
func downAt(res *cascade.Result, i int32, t sim.Time) bool {
	for _, o := range res.Outages(i) {
		if o[0] <= t && (o[1] < 0 || t < o[1]) {
			return true
		}
	}
	return false
}

// TestRainstormSubstations: the river corridor's hydrograph (0.3 m at 6 h,
// 0.9 m at 18 h; 1.0 m at 1d8h, 0.4 m at 1d16h) crosses the substations'
// equipment height of 0.5 m rising at 6 h + 0.2/0.6 × 12 h = 10 h and
// falling at 1d8h + 0.5/0.6 × 8 h = 1d14h40m, worked by hand. So every
// substation in the corridor is out of service from 10 h to 1d14h40m
// (tested just inside both ends), and every one the flood did not damage
// delivers again at the end. The corridor is lon −90.016 … −90.006 (the
// bundled GeoJSON; the low districts lie outside it).
func TestRainstormSubstations(t *testing.T) {
	sc, res := runBundled(t, "riverton-rainstorm")
	net := sc.Network
	in := 0
	for i := range net.Components() {
		p, ok := net.Location(i)
		if !ok || net.ComponentKind(i) != network.KindSubstation || p.X <= -90.016 || p.X >= -90.006 {
			continue
		}
		in++
		for _, at := range []sim.Time{10*sim.Hour + sim.Second, sim.Day + 14*sim.Hour + 39*sim.Minute} {
			assert.True(t, downAt(res[0], i, at), "%s delivers at %v", net.ComponentID(i), at)
		}
		assert.True(t, res[0].Delivering(i), "%s down at the end", net.ComponentID(i))
	}
	require.Positive(t, in, "no substation in the river corridor")
}

// TestTyphoonTrigger: the rainstorm starts when the typhoon's gust at the
// city centre first reaches 30 m/s on the 10-minute samples; the instant
// is found here by walking wind.Wind.At over the same samples, and the
// rainstorm's part of the chain fires then (its impacts follow an hour
// later).
func TestTyphoonTrigger(t *testing.T) {
	sc, err := scenarios.LoadBundled("riverton-typhoon")
	require.NoError(t, err)
	require.Len(t, sc.Hazards, 1)
	ch, ok := sc.Hazards[0].Hazard.(*chain.Chain)
	require.True(t, ok, "%T", sc.Hazards[0].Hazard)
	w, ok := ch.Parent.(*wind.Wind)
	require.True(t, ok)
	fire := sim.Time(-1)
	for at := sim.Time(0); at <= 20*sim.Hour; at += 10 * sim.Minute {
		if _, g := w.At(network.Point{X: -90.0, Y: 35.1}, at); g >= 30 {
			fire = at
			break
		}
	}
	require.GreaterOrEqual(t, fire, sim.Time(0), "the gust at the centre never reaches 30 m/s")
	parts, err := ch.Parts(sc.Network, hazard.NewRand(sim.ReplicationSeed(sc.Seed, 0), ch.Name()))
	require.NoError(t, err)
	require.Len(t, parts, 2)
	assert.Equal(t, []any{"typhoon", -1}, []any{parts[0].Name, parts[0].Parent})
	assert.Equal(t, []any{"rainstorm", 0, fire}, []any{parts[1].Name, parts[1].Parent, parts[1].At})
	require.NotEmpty(t, parts[1].Impacts)
	assert.GreaterOrEqual(t, parts[1].Impacts[0].Time, fire+sim.Hour)
	_, ok = ch.Triggers[0].Then.(*flood.Flood)
	assert.True(t, ok)

	// In the run, a component the rainstorm suspends is explained back
	// through the trigger to the typhoon.
	res, err := sc.Run(context.Background(), scenarios.RunOptions{})
	require.NoError(t, err)
	r := res[0]
	for _, c := range r.Changes {
		if c.Link || r.Causes[c.Cause].Hazard != "rainstorm" || c.New&network.Suspended == 0 {
			continue
		}
		chn, ok := r.Explain(c.Entity, c.Time)
		require.True(t, ok)
		last := chn.Causes[len(chn.Causes)-1]
		assert.Equal(t, []any{cascade.ByTrigger, "typhoon", fire}, []any{last.Mechanism, last.Hazard, last.Time}, "%s", chn)
		return
	}
	t.Fatal("the rainstorm suspended nothing")
}

// TestHeatwaveStress: at the hottest sample (42 °C at 2d15h) the wave sets
// power demand to 1 + 0.025 × (42 − 19.4) = 1.565 and line ratings to
// √((50 − 42) / (50 − 25)) = 0.5657 of their static values (by hand, from
// the scenario's 50 °C conductors rated at 25 °C), and lines trip during the run.
func TestHeatwaveStress(t *testing.T) {
	sc, res := runBundled(t, "riverton-heatwave")
	w, ok := sc.Hazards[0].Hazard.(*heat.Wave)
	require.True(t, ok)
	im, err := w.Impacts(sc.Network, hazard.NewRand(1, w.Name()))
	require.NoError(t, err)
	var demand, rating []float64
	for _, x := range im {
		if x.Time != 2*sim.Day+15*sim.Hour {
			continue
		}
		switch x.Param {
		case hazard.Demand:
			if sc.Network.ComponentSector(x.Target) == 0 {
				demand = append(demand, x.Factor)
			}
		case hazard.Rating:
			rating = append(rating, x.Factor)
		}
	}
	require.NotEmpty(t, rating)
	for _, f := range rating {
		assert.InDelta(t, math.Sqrt(8.0/25), f, 1e-12)
	}
	ps, ok := sc.Network.SectorIndexOf(network.Power)
	require.True(t, ok)
	require.Zero(t, ps, "power is sector 0")
	require.NotEmpty(t, demand)
	for _, f := range demand {
		assert.InDelta(t, 1.565, f, 1e-12)
	}
	trips := 0
	for _, c := range res[0].Changes {
		if c.Link && c.New&network.Tripped != 0 && c.Old&network.Tripped == 0 {
			trips++
		}
	}
	assert.Positive(t, trips, "no line tripped")
}

// TestPercolationTheory: the mutual giant component after removing 30 % of
// layer 0 matches the theory of Buldyrev et al. (2010) for two coupled
// Erdős–Rényi layers of mean degree k = 4, P∞ = p (1 − e^(−k P∞))² with
// p = 0.7 (solved here by fixed-point iteration from P∞ = p), within 0.01
// in every replication (20,000 nodes per layer).
func TestPercolationTheory(t *testing.T) {
	sc, res := runBundled(t, "coupled-er-percolation")
	p, k := 0.7, 4.0
	want := p
	for range 1000 {
		want = p * math.Pow(1-math.Exp(-k*want), 2)
	}
	require.Len(t, res, 3)
	for r, rr := range res {
		for s := range 2 {
			members := sc.Network.SectorMembers(network.SectorIndex(s))
			alive := 0
			for _, i := range members {
				if rr.Delivering(i) {
					alive++
				}
			}
			assert.InDelta(t, want, float64(alive)/float64(len(members)), 0.01, "replication %d layer %d", r, s)
		}
	}
}

// TestCrewsRepairTheQuake: in riverton-crews no hazard repairs anything,
// so every component the quake damages is repaired by a crew of its
// sector, once, in exactly the scenario's fixed 6 h. The damaged
// components are counted here from the quake's streams alone (a component
// is hit when the first uniform draw of its own stream is below 0.05),
// and the repairs per team from the run's activities; each repair follows
// at once the crew's trip to the same target (or its previous repair,
// when the next job is where it stands), and every sector serves fully at
// the end (14 d is ample for the work: the largest team's share, about
// 190 jobs × 6 h ÷ 6 crews, is about 8 d).
func TestCrewsRepairTheQuake(t *testing.T) {
	sc, res := runBundled(t, "riverton-crews")
	net := sc.Network
	rs := sim.ReplicationSeed(sc.Seed, 0)
	hits := map[string]int{}
	for i := range net.Components() {
		st := sim.NewStream(rs, hazard.StreamOf("quake"), int64(net.ComponentKey(i)))
		if st.Float64() < 0.05 {
			hits[string(net.SectorName(net.ComponentSector(i)))]++
		}
	}
	team := map[string]string{"power": "power", "water": "water", "transport": "roads", "telecom": "telecom"}
	repairs := map[string]int{}
	last := map[string]cascade.Activity{}
	for _, a := range res[0].Activities {
		if a.Kind == "repair" {
			require.False(t, a.Link, "the quake damages components only")
			assert.Equal(t, 6*sim.Hour, a.End-a.Start, "%s repairs %s", a.Actor, net.ComponentID(a.Target))
			// A crew goes from its trip (or, with no road to travel, its
			// previous repair) straight to the work.
			prev := last[a.Actor]
			assert.Equal(t, a.Start, prev.End, "%s", a.Actor)
			if prev.Kind != "repair" {
				assert.Equal(t, []any{"travel", a.Target}, []any{prev.Kind, prev.Target}, "%s", a.Actor)
			}
			assert.Equal(t, team[string(net.SectorName(net.ComponentSector(a.Target)))], a.Actor[:strings.LastIndexByte(a.Actor, '-')])
			repairs[string(net.SectorName(net.ComponentSector(a.Target)))]++
		}
		last[a.Actor] = a
	}
	require.Positive(t, hits["power"])
	for s := range team {
		assert.Equal(t, hits[s], repairs[s], s)
	}
	for _, ser := range res[0].Series {
		assert.Equal(t, ser.TotalDemand, ser.Points[len(ser.Points)-1].Demand, "%s", ser.Sector)
	}
}

// TestMicropolisQuakeChain: the quake's own impacts (drawn here apart from
// the engine) take out P_EG1, the external grid that is Micropolis's only
// power source (cities/micropolis/SOURCE.md), so every power component is
// down just after the shock, and so is every pump, which InfraRisk couples
// to its motor without a buffer; the town's water still flows then, from
// the tank. Everything is repaired within 3 days, so every sector serves
// its whole demand at the end (5 d).
func TestMicropolisQuakeChain(t *testing.T) {
	sc, res := runBundled(t, "micropolis-quake")
	net := sc.Network
	hits, err := sc.Hazards[0].Impacts(net, hazard.NewRand(sim.ReplicationSeed(sc.Seed, 0), "quake"))
	require.NoError(t, err)
	eg, ok := net.ComponentIndex("P_EG1")
	require.True(t, ok)
	grid := false
	for _, h := range hits {
		if h.Kind == hazard.Damage && !h.Link && h.Target == eg {
			grid = h.Factor == 0
		}
	}
	require.True(t, grid, "the quake does not take out the external grid")
	after := sim.Hour + sim.Second // the scenario's quake strikes at 1h
	pumps := 0
	for i := range net.Components() {
		if net.SectorName(net.ComponentSector(i)) == network.Power || net.ComponentKind(i) == network.KindPump {
			require.True(t, downAt(res[0], i, after), "%s delivers after the shock", net.ComponentID(i))
			if net.ComponentKind(i) == network.KindPump {
				pumps++
			}
		}
	}
	assert.Equal(t, 8, pumps)
	tank, ok := net.ComponentIndex("W_T1")
	require.True(t, ok)
	assert.False(t, downAt(res[0], tank, after), "the tank is down after the shock")
	for _, ser := range res[0].Series {
		assert.Equal(t, ser.TotalDemand, ser.Points[len(ser.Points)-1].Demand, "%s", ser.Sector)
	}
}

// TestINDPCascade checks shelby-indp-percolation against a plain fixed
// point over the rows of the INDP files (cities/shelby-indp, read here
// with encoding/csv, not with network/format/shelby): in each replication
// the power nodes the hazard removes (its own impacts, drawn apart from
// the engine) are gone; then, until nothing changes, a node keeps working
// only while working nodes and arcs join it to a working supply node of
// its layer (positive Demand, the files' sign for supply) and every
// dependee of its Interdep.csv rows works. The nodes that work at the end
// are, layer by layer, exactly those the engine finds delivering; and the
// cascade reaches water, gas and telecom in some replication.
func TestINDPCascade(t *testing.T) {
	sc, res := runBundled(t, "shelby-indp-percolation")
	net := sc.Network
	g := readINDP(t, os.DirFS("cities/shelby-indp"))
	require.Len(t, res, 20)
	reached := map[string]bool{}
	for r, rr := range res {
		hits, err := sc.Hazards[0].Impacts(net, hazard.NewRand(sim.ReplicationSeed(sc.Seed, r), "failure"))
		require.NoError(t, err)
		removed := map[string]bool{}
		for _, h := range hits {
			require.Equal(t, []any{hazard.Remove, false, sim.Hour}, []any{h.Kind, h.Link, h.Time})
			removed[net.ComponentID(h.Target)] = true
		}
		require.NotEmpty(t, removed, "replication %d", r)
		want := g.functioning(removed)
		for layer, nodes := range g.nodes {
			var got, fixed []string
			for _, id := range nodes {
				i, ok := net.ComponentIndex(id)
				require.True(t, ok, id)
				if rr.Delivering(i) {
					got = append(got, id)
				}
				if want[id] {
					fixed = append(fixed, id)
				}
			}
			assert.Equal(t, fixed, got, "replication %d, layer %s", r, layer)
			if layer != "P" && len(fixed) < len(nodes) {
				reached[layer] = true
			}
		}
	}
	assert.Equal(t, map[string]bool{"W": true, "G": true, "T": true}, reached, "layers the cascade reached")
}

// indp is the four-layer INDP system as the test reads it: node IDs by
// layer letter (W, P, G, T, as network/format/shelby names them), supply
// nodes, arcs per layer and dependencies.
type indp struct {
	nodes  map[string][]string
	supply map[string]bool
	arcs   map[string][][2]string
	deps   [][2]string // dependent, dependee
}

// readINDP reads the nine CSV files of the INDP system from fsys.
func readINDP(t *testing.T, fsys fs.FS) *indp {
	t.Helper()
	rows := func(name string) []map[string]string {
		f, err := fsys.Open(name)
		require.NoError(t, err)
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		require.NoError(t, err)
		var out []map[string]string
		for _, rec := range recs[1:] {
			m := map[string]string{}
			for j, h := range recs[0] {
				m[strings.TrimSpace(h)] = strings.TrimSpace(rec[j])
			}
			out = append(out, m)
		}
		return out
	}
	g := &indp{nodes: map[string][]string{}, supply: map[string]bool{}, arcs: map[string][][2]string{}}
	letters := map[string]string{"Water": "W", "Power": "P", "Gas": "G", "Telecommunication": "T"}
	for layer, l := range letters {
		for _, row := range rows(layer + "Nodes.csv") {
			id := l + row["ID"]
			g.nodes[l] = append(g.nodes[l], id)
			d, err := strconv.ParseFloat(row["Demand"], 64)
			require.NoError(t, err)
			g.supply[id] = d > 0
		}
		for _, row := range rows(layer + "Arcs.csv") {
			g.arcs[l] = append(g.arcs[l], [2]string{l + row["Start Node"], l + row["End Node"]})
		}
	}
	for _, row := range rows("Interdep.csv") {
		g.deps = append(g.deps, [2]string{letters[row["Depender Network"]] + row["Depender Node"], letters[row["Dependee Network"]] + row["Dependee Node"]})
	}
	assert.Equal(t, []int{49, 75, 16, 27}, []int{len(g.nodes["W"]), len(g.nodes["P"]), len(g.nodes["G"]), len(g.nodes["T"])})
	assert.Len(t, g.deps, 73)
	return g
}

// functioning returns the nodes that work once the removed ones are gone
// and the cascade has run to its fixed point.
func (g *indp) functioning(removed map[string]bool) map[string]bool {
	work := map[string]bool{}
	for _, nodes := range g.nodes {
		for _, id := range nodes {
			work[id] = !removed[id]
		}
	}
	for changed := true; changed; {
		changed = false
		for l, nodes := range g.nodes {
			// Flood from the working supply nodes over arcs whose ends work.
			reach := map[string]bool{}
			var stack []string
			for _, id := range nodes {
				if work[id] && g.supply[id] {
					reach[id] = true
					stack = append(stack, id)
				}
			}
			for len(stack) > 0 {
				id := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				for _, a := range g.arcs[l] {
					for e, end := range a {
						if end == id && work[a[1-e]] && !reach[a[1-e]] {
							reach[a[1-e]] = true
							stack = append(stack, a[1-e])
						}
					}
				}
			}
			for _, id := range nodes {
				if work[id] && !reach[id] {
					work[id], changed = false, true
				}
			}
		}
		for _, d := range g.deps {
			if work[d[0]] && !work[d[1]] {
				work[d[0]], changed = false, true
			}
		}
	}
	return work
}
