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

// parts is a compound hazard of fixed parts; on a failure of component
// breach (when ≥ 0) its trigger starts a part named "dam-breach" that
// suspends component flood an hour later.
type parts struct {
	name          string
	list          []hazard.Part
	breach, flood int32
	early         sim.Time // moves the started impact this much before the change
}

func (p *parts) Name() string { return p.name }

func (p *parts) Impacts(n *network.Network, r hazard.Rand) ([]hazard.Impact, error) {
	ps, err := p.Parts(n, r)
	return hazard.Flatten(ps), err
}

func (p *parts) Parts(*network.Network, hazard.Rand) ([]hazard.Part, error) { return p.list, nil }

func (p *parts) Trigger(*network.Network, sim.Time, int32, network.Flags, network.Flags, hazard.Rand) []hazard.Impact {
	panic("the engine asks TriggerParts")
}

func (p *parts) TriggerParts(_ *network.Network, t sim.Time, i int32, old, new network.Flags, _ hazard.Rand) []hazard.Part {
	if p.breach < 0 || i != p.breach || new&network.Damaged == 0 || old&network.Damaged != 0 {
		return nil
	}
	return []hazard.Part{{Name: "dam-breach", Parent: -1,
		Impacts: []hazard.Impact{{Time: t + sim.Hour - p.early, Kind: hazard.Suspend, Target: p.flood}}}}
}

func threeSites(t *testing.T) *network.Network {
	t.Helper()
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "dam", Sector: network.Water, Kind: network.KindReservoir, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "plant", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "road", Sector: network.Transport})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCompoundProvenance: a typhoon starts a rainstorm (no site) that
// floods the plant, and the rainstorm starts a landslide at the road; each
// impact is recorded under its part's name, and the explanation walks back
// through trigger causes to the typhoon. The times are the parts' own.
func TestCompoundProvenance(t *testing.T) {
	n := threeSites(t)
	h := &parts{name: "typhoon", breach: -1, list: []hazard.Part{
		{Name: "typhoon", Parent: -1, Impacts: []hazard.Impact{{Time: sim.Hour, Kind: hazard.Suspend, Target: 2}}},
		{Name: "rainstorm", Parent: 0, At: 2 * sim.Hour, Site: -1, Impacts: []hazard.Impact{{Time: 3 * sim.Hour, Kind: hazard.Suspend, Target: 1}}},
		{Name: "landslide", Parent: 1, At: 4 * sim.Hour, Site: 2, Impacts: []hazard.Impact{{Time: 5 * sim.Hour, Kind: hazard.Damage, Target: 2}}},
	}}
	e, err := cascade.New(n, cascade.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{h}})
	if err != nil {
		t.Fatal(err)
	}
	ch, ok := r.Explain(1, 4*sim.Hour)
	if !ok || len(ch.Causes) != 2 || ch.Causes[0].Hazard != "rainstorm" || ch.Causes[1].Mechanism != cascade.ByTrigger ||
		ch.Causes[1].Hazard != "typhoon" || ch.Causes[1].Time != 2*sim.Hour || ch.Causes[1].Entity != -1 {
		t.Fatalf("plant:\n%s", ch)
	}
	ch, ok = r.Explain(2, 6*sim.Hour)
	text := ch.String()
	if !ok || len(ch.Causes) != 3 || ch.Causes[0].Hazard != "landslide" || ch.Causes[0].Time != 5*sim.Hour ||
		!strings.Contains(text, `road (transport): hazard "rainstorm" started a secondary hazard here`) ||
		!strings.Contains(text, `hazard "typhoon" started a secondary hazard`) {
		t.Fatalf("road:\n%s", text)
	}
	var dot, js strings.Builder
	if err := ch.WriteDOT(&dot); err != nil || !strings.Contains(dot.String(), "trigger") {
		t.Fatalf("dot: %v\n%s", err, dot.String())
	}
	if err := ch.WriteJSON(&js); err != nil || !strings.Contains(js.String(), `"mechanism": "trigger"`) {
		t.Fatalf("json: %v\n%s", err, js.String())
	}

	// A part named like another hazard of the run is refused.
	other := &hazard.List{Label: "landslide"}
	if _, err := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{h, other}}); err == nil {
		t.Fatal("a part named like another hazard was accepted")
	}
}

// TestPartTrigger: the quake damages the dam at 2 h; the dam's failure
// starts "dam-breach", which suspends the plant at 3 h, its cause the
// dam's damage by "quake". With the change log off the run is the same.
func TestPartTrigger(t *testing.T) {
	n := threeSites(t)
	h := &parts{name: "quake", breach: 0, flood: 1, list: []hazard.Part{
		{Name: "quake", Parent: -1, Impacts: []hazard.Impact{{Time: 2 * sim.Hour, Kind: hazard.Damage, Target: 0}}},
	}}
	for _, log := range []bool{true, false} {
		e, err := cascade.New(n, cascade.Options{NoChangeLog: !log})
		if err != nil {
			t.Fatal(err)
		}
		r, err := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{h}})
		if err != nil {
			t.Fatal(err)
		}
		if r.Final[1]&network.Suspended == 0 || r.Outage[1].First != 3*sim.Hour {
			t.Fatalf("log %v: plant %v, first outage %v", log, r.Final[1], r.Outage[1].First)
		}
		if !log {
			continue
		}
		ch, ok := r.Explain(1, 4*sim.Hour)
		if !ok || len(ch.Causes) != 2 || ch.Causes[0].Hazard != "dam-breach" || ch.Causes[1].Hazard != "quake" ||
			ch.Causes[1].Entity != 0 || ch.Causes[1].Mechanism != cascade.ByImpact {
			t.Fatalf("chain:\n%s", ch)
		}
	}
}

// TestPartTriggerRefusedEarly: a part started before the change that
// started it ends the run with an error naming the hazard.
func TestPartTriggerRefusedEarly(t *testing.T) {
	n := threeSites(t)
	h := &parts{name: "quake", breach: 0, flood: 1, early: 2 * sim.Hour, list: []hazard.Part{
		{Name: "quake", Parent: -1, Impacts: []hazard.Impact{{Time: 2 * sim.Hour, Kind: hazard.Damage, Target: 0}}},
	}}
	e, err := cascade.New(n, cascade.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{h}}); err == nil || !strings.Contains(err.Error(), `hazard "quake"'s trigger`) {
		t.Fatalf("got %v, want the early part refused", err)
	}
}
