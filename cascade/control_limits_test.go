package cascade_test

import (
	"math"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/sim"
)

// TestCancelOpenEndedActions, by hand on towerNet (S fails at 1 h, T needs
// S without lag): a generator supplies T from 2 h for good (until
// sim.MaxTime, whose end event is never queued), or cells on wheels serve S
// for good; cancelled at 4 h, either ends then, so T's outages are [1 h,
// 2 h) and [4 h, end). A second Cancel in the same instant finds nothing
// left to cancel.
func TestCancelOpenEndedActions(t *testing.T) {
	for name, start := range map[string]func(c *cascade.Control) cascade.ActionID{
		"supply":     func(c *cascade.Control) cascade.ActionID { return c.Supply(0, 2*sim.Hour, sim.MaxTime) },
		"substitute": func(c *cascade.Control) cascade.ActionID { return c.Substitute(0, 1, 2*sim.Hour, sim.MaxTime) },
	} {
		r := runTower(t, script(func(c *cascade.Control) {
			id := start(c)
			c.At(4*sim.Hour, at(func(c *cascade.Control, _ cascade.Wakeup) {
				if !c.Cancel(id) {
					t.Errorf("%s: an open-ended action in progress could not be cancelled", name)
				}
				if c.Cancel(id) {
					t.Errorf("%s: a second Cancel in the same instant cancelled something", name)
				}
			}), 0)
		}), true)
		want := [][2]sim.Time{{sim.Hour, 2 * sim.Hour}, {4 * sim.Hour, -1}}
		if got := r.Outages(1); len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Errorf("%s: T's outages %v, want %v", name, got, want)
		}
	}
}

// TestControlMisusePanics: a negative top-up, an index out of range or an
// invalid impact is programmer misuse, refused with a "cascade:" panic
// (not a runtime error deep in the engine, and not a silent drain of the
// buffer).
func TestControlMisusePanics(t *testing.T) {
	for name, act := range map[string]func(c *cascade.Control){
		"negative top-up":          func(c *cascade.Control) { c.TopUp(0, -sim.Hour) },
		"top-up of no requirement": func(c *cascade.Control) { c.TopUp(2, sim.Hour) },
		"supply of no requirement": func(c *cascade.Control) { c.Supply(-1, 0, sim.Hour) },
		"substitute no component":  func(c *cascade.Control) { c.Substitute(3, 1, 0, sim.Hour) },
		"apply to no component":    func(c *cascade.Control) { c.Apply(0, hazard.Impact{Kind: hazard.Repair, Target: 99}) },
		"apply a NaN factor": func(c *cascade.Control) {
			c.Apply(0, hazard.Impact{Kind: hazard.SetFactor, Target: 0, Factor: math.NaN()})
		},
	} {
		func() {
			defer func() {
				msg, _ := recover().(string)
				if !strings.HasPrefix(msg, "cascade: ") {
					t.Errorf("%s: panic %q, want a cascade: message", name, msg)
				}
			}()
			runTower(t, script(act), false)
		}()
	}
}
