package cascade_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// damBreach is a triggered hazard: when the dam fails, the flood it
// releases suspends the plant downstream an hour later (a disaster chain:
// earthquake → dam breach → flood).
type damBreach struct{ dam, plant int32 }

func (d damBreach) Name() string { return "dam-breach" }

func (d damBreach) Impacts(*network.Network, hazard.Rand) ([]hazard.Impact, error) { return nil, nil }

func (d damBreach) Trigger(_ *network.Network, t sim.Time, i int32, old, new network.Flags, _ hazard.Rand) []hazard.Impact {
	if i != d.dam || new&network.Damaged == 0 || old&network.Damaged != 0 {
		return nil
	}
	return []hazard.Impact{{Time: t + sim.Hour, Kind: hazard.Suspend, Target: d.plant}}
}

func TestTriggeredChain(t *testing.T) {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "dam", Sector: network.Water, Kind: network.KindReservoir, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "plant", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	for _, log := range []bool{true, false} {
		e, err := cascade.New(n, cascade.Options{NoChangeLog: !log})
		if err != nil {
			t.Fatal(err)
		}
		quake := &hazard.List{Label: "earthquake", Items: []hazard.Impact{{Time: 2 * sim.Hour, Kind: hazard.Damage, Target: 0}}}
		r, err := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{quake, damBreach{dam: 0, plant: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		if r.Final[1]&network.Suspended == 0 || r.Direct != 2 {
			t.Fatalf("log %v: plant flags %v, direct %d", log, r.Final[1], r.Direct)
		}
		if !log {
			continue
		}
		ch, ok := r.Explain(1, 4*sim.Hour)
		text := ch.String()
		if !ok || len(ch.Causes) != 2 || ch.Causes[0].Time != 3*sim.Hour || !strings.Contains(text, `suspend by hazard "dam-breach"`) ||
			!strings.Contains(text, `dam (water reservoir): damage by hazard "earthquake"`) {
			t.Fatalf("chain:\n%s", text)
		}
	}
}
