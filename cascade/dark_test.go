package cascade

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"testing"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/power"
	"github.com/lifeline-sim/lifeline/flow/telecom"
	"github.com/lifeline-sim/lifeline/flow/water"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
	"github.com/stretchr/testify/require"
)

// TestAbsorbChangesNothing runs random scenarios (randomScenario) twice,
// once re-admitting the whole closure around every restored component and
// once absorbing those dark regions prove unable to bring anything back,
// and requires bit-identical results: the absorption is an optimisation of
// the greatest fixpoint, never a change of it. It also requires that the
// scenarios absorb something, so that the comparison means something.
// LIFELINE_LONG=1 runs 100 scenarios per city instead of 10.
func TestAbsorbChangesNothing(t *testing.T) {
	all := map[network.Sector]flow.Factory{
		network.Power: power.Options{}.Factory, network.Telecom: telecom.Options{}.Factory, network.Water: water.Options{}.Factory,
	}
	reps := uint64(10)
	if os.Getenv("LIFELINE_LONG") != "" {
		reps = 100
	}
	absorbed := map[string]int{}
	for _, name := range []string{"default", "models", "busy"} {
		for city := range uint64(3) {
			p := synth.CityParams{Components: 300 + 150*int(city), Seed: 70 + city}
			opts := Options{Horizon: 150 * sim.Hour}
			switch name {
			case "models":
				opts.Models = all
				opts.Protection = Protection{Delay: 1000 * sim.Hour, HardLimit: 1e300}
			case "busy":
				p.PumpLag, p.SCADALag = sim.Hour, 90*sim.Minute
				p.TowerBuffer, p.COBuffer, p.RemoteBuffer = 2*sim.Hour, 3*sim.Hour, 150*sim.Minute
				p.HospitalBuffer, p.HospitalWater, p.Recharge = 4*sim.Hour, 5*sim.Hour, 1
				opts.Responder = helper{}
				opts.Models = all
				opts.Protection = Protection{Reclose: true, RecloseDelay: 3 * sim.Hour}
			}
			net, err := synth.City(p)
			require.NoError(t, err)
			on, err := New(net, opts)
			require.NoError(t, err)
			off, err := New(net, opts)
			require.NoError(t, err)
			off.dk.off = true
			for rep := range reps {
				in := Input{Impacts: randomScenario(net, 7000*city+rep), Seed: rep}
				a, err := on.Run(context.Background(), in)
				require.NoError(t, err)
				absorbed[name] += on.dk.absorbed
				b, err := off.Run(context.Background(), in)
				require.NoError(t, err)
				require.Zero(t, off.dk.absorbed)
				if d := diffResults(a, b, true); d != "" || !reflect.DeepEqual(a, b) {
					t.Fatalf("%s city %d rep %d: absorbing changes the run: %s", name, city, rep, d)
				}
			}
		}
	}
	// The benchmark's workload: a quake damaging a fraction of everything,
	// each repaired at a random time, on small cities and one of 2·10^4
	// components (10^5 under LIFELINE_LONG), where dark districts hold
	// hundreds of members and proofs run deep.
	sizes := []int{1500, 2000, 2500, 3000, 20000}
	if os.Getenv("LIFELINE_LONG") != "" {
		sizes = append(sizes, 100000)
	}
	for city, size := range sizes {
		net, err := synth.City(synth.CityParams{Components: size, Seed: 90 + uint64(city)})
		require.NoError(t, err)
		opts := Options{Horizon: 8 * sim.Day, Models: allModels()}
		on, err := New(net, opts)
		require.NoError(t, err)
		off, err := New(net, opts)
		require.NoError(t, err)
		off.dk.off = true
		n := reps
		if size > 10000 {
			n = 2
		}
		for rep := range n {
			in := quakeInput(t, net, 0.02+0.02*float64(rep%4), uint64(100*city)+rep)
			a, err := on.Run(context.Background(), in)
			require.NoError(t, err)
			absorbed["quake"] += on.dk.absorbed
			b, err := off.Run(context.Background(), in)
			require.NoError(t, err)
			if d := diffResults(a, b, true); d != "" || !reflect.DeepEqual(a, b) {
				t.Fatalf("quake city %d rep %d: absorbing changes the run: %s", city, rep, d)
			}
		}
	}
	t.Logf("seeds absorbed: %v", absorbed)
	for name, n := range absorbed {
		require.Positive(t, n, fmt.Sprintf("%s absorbed nothing", name))
	}
}

// quakeInput damages a fraction of net's components at 1 h and repairs
// each at a uniform time within the next 72 h.
func quakeInput(t *testing.T, net *network.Network, fraction float64, seed uint64) Input {
	t.Helper()
	rs := sim.ReplicationSeed(seed, 0)
	quake := &hazard.RandomFraction{Label: "quake", Fraction: fraction, Effect: hazard.Damage, At: sim.Hour}
	hits, err := quake.Impacts(net, hazard.NewRand(rs, quake.Name()))
	require.NoError(t, err)
	im := make([]hazard.Impact, 0, 2*len(hits))
	for _, h := range hits {
		st := sim.NewStream(rs, sim.StreamResponse, int64(h.Target))
		im = append(im, h, hazard.Impact{Time: h.Time + sim.Time(st.Float64()*float64(72*sim.Hour)), Kind: hazard.Repair, Target: h.Target})
	}
	return Input{Impacts: im, Seed: rs}
}

// scadaDistrict builds a district fed through one transmission substation:
// G (power source) – ts – d1 – x – d2, and a telecom CO – fn. The
// substation needs fn (its SCADA fiber node); when loop is set, fn needs
// power from x, in the district ts feeds.
func scadaDistrict(t *testing.T, loop bool) *toy {
	c := newToy(t)
	c.source("G", network.Power)
	for _, id := range []string{"ts", "d1", "x", "d2"} {
		c.consumer(id, network.Power)
	}
	c.source("CO", network.Telecom)
	c.consumer("fn", network.Telecom)
	c.link("G-ts", "G", "ts")
	c.link("ts-d1", "ts", "d1")
	c.link("d1-x", "d1", "x")
	c.link("x-d2", "x", "d2")
	c.link("CO-fn", "CO", "fn")
	c.need(network.Requirement{Dependent: "ts", Providers: []string{"fn"}, Kind: network.Cyber})
	if loop {
		c.need(network.Requirement{Dependent: "fn", Providers: []string{"x"}})
	}
	c.build()
	return c
}

// runBoth runs the impacts with absorption on and off, requires the same
// result, and returns it with the number of seeds absorbed.
func (c *toy) runBoth(im ...hazard.Impact) (*Result, int) {
	c.t.Helper()
	r := c.run(Options{}, im...)
	on, err := New(c.n, Options{})
	require.NoError(c.t, err)
	a, err := on.Run(context.Background(), Input{Impacts: im})
	require.NoError(c.t, err)
	off, err := New(c.n, Options{})
	require.NoError(c.t, err)
	off.dk.off = true
	b, err := off.Run(context.Background(), Input{Impacts: im})
	require.NoError(c.t, err)
	require.Empty(c.t, diffResults(a, b, true))
	require.Empty(c.t, diffResults(r, a, true))
	return a, on.dk.absorbed
}

// TestAbsorbLoopThroughSeed: fn needs power from x, and ts needs fn, so
// damaging x at 1 h darkens the whole district (d1, and d2 damaged with
// it). d2 repaired at 2 h joins a region with no way to a source: it is
// absorbed, and stays dark. x repaired at 3 h closes the loop x → fn → ts
// → d1 → x: its region reaches G through ts once fn is powered, which only
// the greatest fixpoint sees, so x is not absorbed and everything is back
// at 3 h.
func TestAbsorbLoopThroughSeed(t *testing.T) {
	c := scadaDistrict(t, true)
	r, absorbed := c.runBoth(c.imp(hour, hazard.Damage, "x"), c.imp(hour, hazard.Damage, "d2"),
		c.imp(2*hour, hazard.Repair, "d2"), c.imp(3*hour, hazard.Repair, "x"))
	require.Equal(t, 1, absorbed)
	for _, id := range []string{"ts", "d1", "fn", "x", "d2"} {
		c.wantOutages(r, id, [2]sim.Time{hour, 3 * hour})
	}
}

// TestAbsorbDarkDistrict: fn damaged at 1 h takes ts down (no SCADA) and
// the district with it; d1 and d2 are damaged too. Their repairs at 2 h
// and 3 h join a region whose only gate, ts, lacks its damaged provider:
// both are absorbed. fn repaired at 4 h is not (a delivering neighbour, the
// CO): ts and the district come back at 4 h.
func TestAbsorbDarkDistrict(t *testing.T) {
	c := scadaDistrict(t, false)
	r, absorbed := c.runBoth(c.imp(hour, hazard.Damage, "fn"), c.imp(hour, hazard.Damage, "d1"), c.imp(hour, hazard.Damage, "d2"),
		c.imp(2*hour, hazard.Repair, "d1"), c.imp(3*hour, hazard.Repair, "d2"), c.imp(4*hour, hazard.Repair, "fn"))
	require.Equal(t, 2, absorbed)
	for _, id := range []string{"ts", "d1", "x", "d2", "fn"} {
		c.wantOutages(r, id, [2]sim.Time{hour, 4 * hour})
	}
}
