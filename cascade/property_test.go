package cascade

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"testing"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/power"
	"github.com/lifeline-sim/lifeline/flow/telecom"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// randomScenario hits a few percent of net's components and links with
// random damage (total or partial), suspensions, removals and capacity
// factors at random half-hour instants in the first two days, undoes some
// of them at random later instants (possibly the same one), and at 100 h
// repairs, resumes and restores everything it touched. Half-hour instants
// make impacts, repairs and the 30 min SCADA lags of the synthetic city
// coincide often.
func randomScenario(net *network.Network, seed uint64) []hazard.Impact {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	var im []hazard.Impact
	const end = 100 * sim.Hour
	hits := 5 + rng.IntN(net.NumComponents()/15)
	for range hits {
		link := net.NumLinks() > 0 && rng.IntN(4) == 0
		target := int32(rng.IntN(net.NumComponents()))
		if link {
			target = int32(rng.IntN(net.NumLinks()))
		}
		at := sim.Time(rng.IntN(97)) * 30 * sim.Minute
		undo := at + sim.Time(rng.IntN(49))*30*sim.Minute
		hit := hazard.Impact{Time: at, Target: target, Link: link}
		back := randomHit(rng, &hit)
		im = append(im, hit)
		undoAt := func(t sim.Time) hazard.Impact {
			u := back
			u.Time = t
			return u
		}
		if rng.IntN(2) == 0 {
			im = append(im, undoAt(undo))
		}
		im = append(im, undoAt(end))
	}
	hazard.Sort(im)
	return im
}

// randomHit draws what hit does to its target (total or partial damage, a
// suspension, a link's removal or a component's capacity factor) and
// returns the impact that undoes it, its time left for the caller.
func randomHit(rng *rand.Rand, hit *hazard.Impact) hazard.Impact {
	var back hazard.ImpactKind
	switch rng.IntN(5) {
	case 0, 1:
		hit.Kind, hit.State, back = hazard.Damage, network.DamageComplete, hazard.Repair
	case 2:
		hit.Kind, hit.State, hit.Factor, back = hazard.Damage, network.DamageModerate, float64(1+rng.IntN(9))/10, hazard.Repair
	case 3:
		hit.Kind, back = hazard.Suspend, hazard.Resume
	case 4:
		if hit.Link {
			hit.Kind, back = hazard.Remove, hazard.Restore
		} else {
			// A capacity factor (a derating) is undone by setting it
			// back to 1, not by a repair.
			hit.Kind, hit.Param, hit.Factor, back = hazard.SetFactor, hazard.Capacity, float64(rng.IntN(10))/10, hazard.SetFactor
		}
	}
	u := hazard.Impact{Kind: back, Target: hit.Target, Link: hit.Link}
	if back == hazard.SetFactor {
		u.Param, u.Factor = hazard.Capacity, 1
	}
	return u
}

// helper is a responder for the random scenarios: it brings a generator
// (3 h, from an hour later) to every site that goes on backup, and tops
// a depleted buffer up by 2 h an hour after its site goes down, each
// with probability one half from its own stream.
type helper struct{}

func (helper) Start(*Control) {}

// OnEvent tops requirement w.Arg's buffer up by 2 h.
func (helper) OnEvent(c *Control, w Wakeup) { c.TopUp(int32(w.Arg), 2*sim.Hour) }

func (helper) OnChange(c *Control, ch Change) {
	if ch.Link {
		return
	}
	s := c.Stream(int64(ch.Entity))
	for _, r := range c.Network().RequirementsOf(ch.Entity) {
		switch {
		case ch.New&network.OnBackup != 0 && ch.Old&network.OnBackup == 0 && s.Float64() < 0.5:
			c.Supply(r, c.Now()+sim.Hour, c.Now()+4*sim.Hour)
		case ch.New&network.Unsupplied != 0 && ch.Old&network.Unsupplied == 0 && c.Network().Buffer(r) > 0 && s.Float64() < 0.5:
			c.After(sim.Hour, helper{}, int64(r))
		}
	}
}

// checkCounts recounts Direct and Induced from the change log: a
// component's first loss of service is direct when an impact's damage,
// removal or suspension caused it, induced otherwise.
func checkCounts(t *testing.T, r *Result) {
	t.Helper()
	lost := make([]bool, r.Network.NumComponents())
	lostLink := make([]bool, r.Network.NumLinks())
	direct, induced := 0, 0
	for _, ch := range r.Changes {
		if ch.Link {
			// A link's first loss: direct by an impact, induced by a trip.
			if ch.Old&network.DownFlags == 0 && ch.New&network.DownFlags != 0 && !lostLink[ch.Entity] &&
				!r.Network.OutOfService(ch.Entity) {
				lostLink[ch.Entity] = true
				if r.Causes[ch.Cause].Mechanism == ByImpact {
					direct++
				} else {
					induced++
				}
			}
			continue
		}
		if !ch.Down() || lost[ch.Entity] {
			continue
		}
		lost[ch.Entity] = true
		if r.Causes[ch.Cause].Mechanism == ByImpact && ch.New&(network.Damaged|network.Removed|network.Suspended) != 0 {
			direct++
		} else {
			induced++
		}
	}
	if direct != r.Direct || induced != r.Induced {
		t.Errorf("direct %d induced %d, the log says %d and %d", r.Direct, r.Induced, direct, induced)
	}
}

// TestRandomScenarioProperties runs random scenarios (randomScenario) on
// small synthetic cities, with the default sector models and with the DC
// power flow and telecom models, and checks what must hold whatever the
// scenario:
//
//   - every change's cause chain ends, at an impact (or the intact state),
//     each parent no later than its child (checkChains);
//   - Direct and Induced equal the first losses in the log;
//   - everything is repaired at 100 h, so every sector's served demand and
//     population end exactly (integers) where the intact network starts,
//     and every component ends with its intact flags;
//   - a reused engine gives the same result as a fresh one, bit for bit;
//   - with the change log off, the series, splits, supply intervals,
//     counts and final flags are the same.
//
// LIFELINE_LONG=1 runs 150 scenarios per city instead of 12.
func TestRandomScenarioProperties(t *testing.T) {
	models := map[string]map[network.Sector]flow.Factory{
		"default": nil,
		"dc":      {network.Power: power.Options{}.Factory, network.Telecom: telecom.Options{}.Factory},
	}
	stats := map[string]int{}
	reps := uint64(12)
	if os.Getenv("LIFELINE_LONG") != "" {
		reps = 150
	}
	for _, name := range []string{"default", "dc", "dc-reclose", "busy"} {
		for city := range uint64(4) {
			p := synth.CityParams{Components: 250 + 100*int(city), Seed: 40 + city}
			opts := Options{Models: models[name]}
			settles := true // everything is back at the end
			switch name {
			case "dc":
				// No trips (which would latch lines no repair reaches).
				opts.Protection = Protection{Delay: 1000 * sim.Hour, HardLimit: 1e300}
				opts.Horizon = 200 * sim.Hour
			case "busy":
				// Short lags and buffers that run out within the scenario,
				// and a responder supplying and topping them up.
				p.PumpLag, p.SCADALag = sim.Hour, 90*sim.Minute
				p.TowerBuffer, p.COBuffer, p.RemoteBuffer = 2*sim.Hour, 3*sim.Hour, 150*sim.Minute
				p.HospitalBuffer, p.HospitalWater, p.Recharge = 4*sim.Hour, 5*sim.Hour, 1
				opts.Responder = helper{}
			case "dc-reclose":
				// Tight ratings: lines overload, trip and reclose.
				p.RatingMargin = 1.1
				// Lines reclosed one at a time into an overloaded grid
				// may trip again for ever: no end-state check.
				opts = Options{Models: models["dc"], Protection: Protection{Reclose: true, RecloseDelay: 3 * sim.Hour},
					Horizon: 120 * sim.Hour}
				settles = false
			}
			net, err := synth.City(p)
			if err != nil {
				t.Fatal(err)
			}
			reused, err := New(net, opts)
			if err != nil {
				t.Fatal(err)
			}
			intact, err := reused.Run(context.Background(), Input{})
			if err != nil {
				t.Fatal(err)
			}
			for rep := range reps {
				t.Run(fmt.Sprintf("%s/city%d/rep%d", name, city, rep), func(t *testing.T) {
					in := Input{Impacts: randomScenario(net, 1000*city+rep), Seed: rep}
					fresh, err := New(net, opts)
					if err != nil {
						t.Fatal(err)
					}
					r, err := fresh.Run(context.Background(), in)
					if err != nil {
						t.Fatal(err)
					}
					checkChains(t, r)
					checkCounts(t, r)
					checkClasses(t, net, r)
					for k := 1; k < len(r.Changes); k++ {
						if r.Changes[k].Time < r.Changes[k-1].Time {
							t.Fatalf("changes out of time order at %d", k)
						}
					}
					for _, ser := range r.Series {
						if !settles {
							break
						}
						// The synthetic city serves everyone when intact: Q
						// starts, and must end, at exactly 1.
						got := ser.Points[len(ser.Points)-1]
						if got.Demand != ser.TotalDemand || got.Population != ser.TotalPopulation || ser.Q(r.End) != 1 || ser.QPopulation(r.End) != 1 {
							t.Errorf("%s ends at %d/%d of %d/%d", ser.Sector, got.Demand, got.Population, ser.TotalDemand, ser.TotalPopulation)
						}
					}
					if settles && !reflect.DeepEqual(r.Final, intact.Final) {
						t.Errorf("final flags differ from the intact state")
					}
					stats[name+" changes"] += len(r.Changes)
					stats[name+" induced"] += r.Induced
					for _, c := range r.Causes {
						switch {
						case c.Mechanism == ByTrip || c.Mechanism == ByReclose:
							stats[name+" "+c.Mechanism.String()]++
						case c.Hazard == ResponderAction:
							stats[name+" responder"]++
						case c.Mechanism == ByLag || c.Mechanism == ByBuffer:
							stats[name+" "+c.Mechanism.String()]++
						}
					}
					again, err := reused.Run(context.Background(), in)
					if err != nil {
						t.Fatal(err)
					}
					if d := diffResults(r, again, true); d != "" || !reflect.DeepEqual(r, again) {
						t.Fatalf("a reused engine differs from a fresh one: %s", d)
					}
					opts := opts
					opts.NoChangeLog = true
					off, err := New(net, opts)
					if err != nil {
						t.Fatal(err)
					}
					q, err := off.Run(context.Background(), in)
					if err != nil {
						t.Fatal(err)
					}
					if d := diffResults(r, q, false); d != "" {
						t.Fatalf("NoChangeLog changes the run: %s", d)
					}
				})
			}
		}
	}
	t.Logf("totals over the scenarios: %v", stats)
}

// checkClasses replays the change log and checks that every step of every
// class split (counted incrementally by the engine) equals the split of
// the replayed flags, and that the last one equals the final flags'.
func checkClasses(t *testing.T, net *network.Network, r *Result) {
	t.Helper()
	for _, cs := range r.Classes {
		s, _ := net.SectorIndexOf(cs.Sector)
		flags := make([]network.Flags, net.NumComponents())
		k := 0
		for _, p := range cs.Points {
			for ; k < len(r.Changes) && r.Changes[k].Time <= p.Time; k++ {
				if ch := r.Changes[k]; !ch.Link {
					flags[ch.Entity] = ch.New
				}
			}
			split := telecom.Count(net, s, flags)
			for c := range split {
				if int(p.Count[c]) != split[c] {
					t.Fatalf("class split %v at %v, %v from the replayed changes", p.Count, p.Time, split)
				}
			}
		}
		split, last := telecom.Count(net, s, r.Final), cs.Points[len(cs.Points)-1]
		for c := range split {
			if int(last.Count[c]) != split[c] {
				t.Fatalf("class split %v at the end, %v from the final flags", last.Count, split)
			}
		}
	}
}
