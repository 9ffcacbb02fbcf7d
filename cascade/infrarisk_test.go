package cascade_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/format/infrarisk"
	"github.com/lifeline-sim/lifeline/sim"
)

// A cascade on the InfraRisk Micropolis city, water, power and roads merged
// by the importer. The load P_LOMP1 stands for the motor of the four pumps
// W_WP1–W_WP4 (dependencies.csv), which lift water from reservoir W_R1 to
// junction W_JIN1522. Damaging it at 1 h stops the four pumps once their lag
// has run (at once with InfraRisk's zero lag, at 1h30 with 30 minutes), and
// with them W_JIN1522, whose only other pipe, W_PMA1160, is a check valve
// leading away from it. Repairing the load at 5 h brings all back. The
// pumps W_WP6 and W_WP7 are Closed in the file's [STATUS], so they serve
// nothing from the start; W_WP5 and W_WP8, on the other motors, never change.
func TestCascadeInfraRiskMicropolis(t *testing.T) {
	for _, lag := range []sim.Time{0, 30 * sim.Minute} {
		t.Run(fmt.Sprint("lag=", lag), func(t *testing.T) {
			city, err := infrarisk.Import(os.DirFS("../scenarios/cities"), "micropolis", infrarisk.Options{
				PumpOnPower: network.Requirement{Lag: lag},
			})
			if err != nil {
				t.Fatal(err)
			}
			e, err := cascade.New(city, cascade.Options{})
			if err != nil {
				t.Fatal(err)
			}
			load, _ := city.ComponentIndex("P_LOMP1")
			res, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{
				{Time: sim.Hour, Kind: hazard.Damage, Target: load, State: network.DamageComplete},
				{Time: 5 * sim.Hour, Kind: hazard.Repair, Target: load},
			}})
			if err != nil {
				t.Fatal(err)
			}
			off := sim.Hour + lag
			var want []string
			add := func(at sim.Time, old, new network.Flags, ids ...string) {
				for _, id := range ids {
					want = append(want, fmt.Sprintf("%v %s %v -> %v", at, id, old, new))
				}
			}
			pumps := []string{"W_WP1", "W_WP2", "W_WP3", "W_WP4"}
			add(0, 0, network.Unserved, "W_WP6", "W_WP7")
			add(sim.Hour, 0, network.Damaged|network.Unserved, "P_LOMP1")
			add(off, 0, network.Unsupplied|network.Unserved, pumps...)
			add(off, 0, network.Unserved, "W_JIN1522")
			add(5*sim.Hour, network.Damaged|network.Unserved, 0, "P_LOMP1")
			add(5*sim.Hour, network.Unsupplied|network.Unserved, 0, pumps...)
			add(5*sim.Hour, network.Unserved, 0, "W_JIN1522")
			var got []string
			for _, c := range res.Changes {
				if c.Link {
					t.Errorf("link %s changed: %+v", city.LinkID(c.Entity), c)
					continue
				}
				got = append(got, fmt.Sprintf("%v %s %v -> %v", c.Time, city.ComponentID(c.Entity), c.Old, c.New))
			}
			// Within an instant the order of changes is the engine's; the
			// set is what the scenario fixes.
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("changes\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			// The pumps' outage is explained by the damage to the load.
			pump, _ := city.ComponentIndex("W_WP3")
			ch, ok := res.Explain(pump, 2*sim.Hour)
			if !ok || !strings.Contains(ch.String(), "P_LOMP1") || !strings.Contains(ch.String(), "damage") {
				t.Errorf("W_WP3 at 2h: %v, %v", ch, ok)
			}
		})
	}
}
