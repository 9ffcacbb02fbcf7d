package cascade

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"testing"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/power"
	"github.com/lifeline-sim/lifeline/flow/telecom"
	"github.com/lifeline-sim/lifeline/flow/water"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
	"github.com/stretchr/testify/require"
)

// randomToy builds a small network of three sectors (a few sources each,
// a random tree plus chords) with dense random requirements between them:
// any/all/k-of-n, Fail or Degrade, with or without lag and buffer, loops
// included. Small and dense, it packs dark regions, gates and requirement
// loops through restored components into a few components.
func randomToy(t *testing.T, seed uint64) *network.Network {
	rng := rand.New(rand.NewPCG(seed, 0xda4c))
	c := newToy(t)
	directed := rng.IntN(4) == 0 // some links of this network carry service one way
	var ids []string
	for s, sec := range []network.Sector{network.Power, network.Telecom, network.Water} {
		n := 4 + rng.IntN(7)
		var mine []string
		for k := range n {
			id := fmt.Sprintf("%c%d", "ptw"[s], k)
			if k == 0 || rng.IntN(6) == 0 {
				c.source(id, sec)
			} else {
				c.consumer(id, sec)
			}
			if k > 0 {
				to := mine[rng.IntN(k)]
				c.b.AddLink(network.Link{ID: id + "-" + to, From: to, To: id, Directed: directed && rng.IntN(3) == 0})
			}
			mine = append(mine, id)
		}
		for k := range rng.IntN(3) {
			a, b := mine[rng.IntN(n)], mine[rng.IntN(n)]
			if a != b {
				c.link(fmt.Sprintf("x%d%s-%s", k, a, b), a, b)
			}
		}
		ids = append(ids, mine...)
	}
	for range 3 + rng.IntN(len(ids)) {
		d := ids[rng.IntN(len(ids))]
		var provs []string
		for range 1 + rng.IntN(3) {
			p := ids[rng.IntN(len(ids))]
			if p != d && p[0] != d[0] {
				provs = append(provs, p)
			}
		}
		provs = uniq(provs)
		if len(provs) == 0 {
			continue
		}
		r := network.Requirement{Dependent: d, Providers: provs, Logic: network.Logic(rng.IntN(3))}
		if r.Logic == network.KOfN {
			r.K = 1 + rng.IntN(len(provs))
		}
		if rng.IntN(3) == 0 {
			r.Lag = sim.Time(rng.IntN(3)) * sim.Hour
		}
		if rng.IntN(4) == 0 {
			r.Buffer, r.Recharge = sim.Time(1+rng.IntN(4))*sim.Hour, float64(rng.IntN(2))
		}
		if rng.IntN(4) == 0 {
			r.Effect, r.Factor = network.Degrade, float64(rng.IntN(10))/10
		}
		c.need(r)
	}
	return c.build()
}

func uniq(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// TestAbsorbRandomToys compares runs with and without absorption on
// many small dense random networks (randomToy) under random scenarios,
// with connectivity models, the physical models and a responder, some
// links directed, an unbound model (Standalone). Everything must agree but
// provenance: the same changes at each instant, the same series,
// summaries, supply intervals and final flags. Causes, and the order of
// one instant's changes, may differ (rarely; the test logs the runs):
// re-admitting the whole closure around a restored component makes
// tentative changes that propagate then undoes, and the first tentative
// cause of a member (setCause) and the order in which members were first
// touched leak into the log; a member cut off at the same instant for an
// unrelated reason then cites the restoration (a tentative service gain)
// instead of what cut it off, which absorbing avoids.
//
// GiantComponent is left out: the closure's tentative re-admission can
// latch a member it finds outside the giant cluster although the member's
// requirements stay unmet (a trip no pruning undoes), which absorbing,
// re-admitting less, does not do.
func TestAbsorbRandomToys(t *testing.T) {
	all := map[network.Sector]flow.Factory{
		network.Power: power.Options{}.Factory, network.Telecom: telecom.Options{}.Factory, network.Water: water.Options{}.Factory,
	}
	nets := uint64(300)
	if os.Getenv("LIFELINE_LONG") != "" {
		nets = 3000
	}
	absorbed := 0
	var causes []string
	for seed := range nets {
		net := randomToy(t, seed)
		for v, opts := range []Options{{Horizon: 150 * sim.Hour}, {Horizon: 150 * sim.Hour, Models: all, Responder: helper{}, Protection: Protection{Reclose: true, RecloseDelay: 3 * sim.Hour}},
			{Horizon: 150 * sim.Hour, Responder: helper{}, Models: map[network.Sector]flow.Factory{network.Water: flow.StandaloneFactory}}} {
			on, err := New(net, opts)
			if err != nil {
				continue // a model may refuse a random network
			}
			off, err := New(net, opts)
			require.NoError(t, err)
			off.dk.off = true
			for rep := range uint64(4) {
				in := Input{Impacts: toyScenario(net, 100*seed+rep), Seed: rep}
				a, errA := on.Run(context.Background(), in)
				absorbed += on.dk.absorbed
				b, errB := off.Run(context.Background(), in)
				require.Equal(t, errB == nil, errA == nil, "net %d opts %d rep %d: %v vs %v", seed, v, rep, errA, errB)
				if errA != nil {
					continue
				}
				if d := diffResults(a, b, false); d != "" {
					t.Fatalf("net %d opts %d rep %d: absorbing changes the run: %s", seed, v, rep, d)
				}
				if d := diffChangeSets(a, b); d != "" {
					t.Fatalf("net %d opts %d rep %d: absorbing changes the run: %s", seed, v, rep, d)
				}
				if d := diffResults(a, b, true); d != "" || !reflect.DeepEqual(a, b) {
					// See the test's doc: provenance only.
					causes = append(causes, fmt.Sprintf("net %d opts %d rep %d", seed, v, rep))
				}
			}
		}
	}
	t.Logf("seeds absorbed: %d; runs whose causes differ: %d %v", absorbed, len(causes), causes)
	require.Positive(t, absorbed)
}

// toyScenario hits up to a third of a small network's components and
// links (randomHit) on a coarse grid of instants, so that restorations
// often share one, and undoes each hit once or twice (a second undo
// changes nothing).
func toyScenario(net *network.Network, seed uint64) []hazard.Impact {
	rng := rand.New(rand.NewPCG(seed, 0x70e))
	var im []hazard.Impact
	for range 2 + rng.IntN(1+net.NumComponents()/3) {
		link := net.NumLinks() > 0 && rng.IntN(4) == 0
		target := int32(rng.IntN(net.NumComponents()))
		if link {
			target = int32(rng.IntN(net.NumLinks()))
		}
		at := sim.Time(rng.IntN(12)) * sim.Hour
		hit := hazard.Impact{Time: at, Target: target, Link: link}
		back := randomHit(rng, &hit)
		im = append(im, hit)
		for range 1 + rng.IntN(2) {
			u := back
			u.Time = at + sim.Time(rng.IntN(12))*sim.Hour
			im = append(im, u)
		}
	}
	hazard.Sort(im)
	return im
}

// topUpAt tops requirement req's buffer up by 2 h at time at.
type topUpAt struct {
	req int32
	at  sim.Time
}

func (u topUpAt) Start(c *Control)           { c.At(u.at, u, int64(u.req)) }
func (topUpAt) OnChange(*Control, Change)    {}
func (topUpAt) OnEvent(c *Control, w Wakeup) { c.TopUp(int32(w.Arg), 2*sim.Hour) }

// TestTopUpOfPendingBufferReadmits: pumping station W1 needs power from Pc
// (rA) and SCADA from X with a 1 h fuel buffer (rB); the power source P
// needs W1's water (rC), a zero-lag loop. X damaged at 1 h: W1 runs on its
// buffer until 2 h, then W1, P and Pc go down. The link P–Pc is damaged at
// 150 min, so X's repair at 3 h brings nothing back (Pc stays cut off), and
// X damaged again at 4 h finds W1 down for another reason: rB waits with
// an empty buffer. The link repaired at 5 h brings nothing back either
// (rB neither met nor bridged). A top-up of rB at 6 h fills its buffer (1 h) and bridges it,
// and the greatest fixpoint holds the whole loop again: W1 (on its buffer),
// P and Pc are back at 6 h, until the buffer runs out at 7 h. X is
// repaired at 9 h.
func TestTopUpOfPendingBufferReadmits(t *testing.T) {
	c := newToy(t)
	c.source("P", network.Power)
	c.consumer("Pc", network.Power)
	c.source("W0", network.Water)
	c.consumer("W1", network.Water)
	c.source("X", network.Telecom)
	c.link("P-Pc", "P", "Pc")
	c.link("W0-W1", "W0", "W1")
	c.need(network.Requirement{Dependent: "W1", Providers: []string{"Pc"}})
	c.need(network.Requirement{Dependent: "W1", Providers: []string{"X"}, Buffer: sim.Hour, Kind: network.Cyber})
	c.need(network.Requirement{Dependent: "P", Providers: []string{"W1"}})
	c.build()
	im := []hazard.Impact{c.imp(hour, hazard.Damage, "X"), c.limp(150*sim.Minute, hazard.Damage, "P-Pc"),
		c.imp(3*hour, hazard.Repair, "X"), c.imp(4*hour, hazard.Damage, "X"), c.limp(5*hour, hazard.Repair, "P-Pc"),
		c.imp(9*hour, hazard.Repair, "X")}
	for _, off := range []bool{false, true} {
		e, err := New(c.n, Options{Responder: topUpAt{req: 1, at: 6 * hour}})
		require.NoError(t, err)
		e.dk.off = off
		r, err := e.Run(context.Background(), Input{Impacts: im})
		require.NoError(t, err)
		c.wantOutages(r, "W1", [2]sim.Time{2 * hour, 6 * hour}, [2]sim.Time{7 * hour, 9 * hour})
		c.wantOutages(r, "P", [2]sim.Time{2 * hour, 6 * hour}, [2]sim.Time{7 * hour, 9 * hour})
	}
}

// diffChangeSets describes the first instant whose changes differ between
// a and b, ignoring their order within the instant and their causes; ""
// when none does.
func diffChangeSets(a, b *Result) string {
	key := func(r *Result) []string {
		var out []string
		for _, ch := range r.Changes {
			ch.Cause = 0
			out = append(out, fmt.Sprintf("%020d %+v", ch.Time, ch))
		}
		slices.Sort(out)
		return out
	}
	ka, kb := key(a), key(b)
	for k := range min(len(ka), len(kb)) {
		if ka[k] != kb[k] {
			return fmt.Sprintf("change %s vs %s", ka[k], kb[k])
		}
	}
	if len(ka) != len(kb) {
		return fmt.Sprintf("%d changes vs %d", len(ka), len(kb))
	}
	return ""
}
