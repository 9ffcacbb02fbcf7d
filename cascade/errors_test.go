package cascade_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

func oneSubstation(t *testing.T) *network.Network {
	t.Helper()
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "S", Sector: network.Power, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "T", Sector: network.Telecom, Role: network.RoleConsumer})
	b.AddRequirement(network.Requirement{Dependent: "T", Providers: []string{"S"}})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// flipper undoes every change of S at the same instant: repair after
// damage, damage after repair. The instant never settles.
type flipper struct{}

func (flipper) Start(*cascade.Control) {}

func (flipper) OnChange(c *cascade.Control, ch cascade.Change) {
	if ch.Link || ch.Entity != 0 {
		return
	}
	kind := hazard.Repair
	if ch.New&network.Damaged == 0 {
		kind = hazard.Damage
	}
	c.Apply(c.Now(), hazard.Impact{Kind: kind, Target: 0})
}

func TestNotSettlingIsAnError(t *testing.T) {
	n := oneSubstation(t)
	e, err := cascade.New(n, cascade.Options{Responder: flipper{}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{{Time: sim.Hour, Kind: hazard.Damage, Target: 0}}})
	if !errors.Is(err, cascade.ErrNotSettling) || !strings.Contains(err.Error(), "S") {
		t.Fatalf("error %v, want ErrNotSettling naming S", err)
	}
	if r == nil || r.Complete || r.End != sim.Hour || len(r.Changes) == 0 {
		t.Fatalf("partial result %+v", r)
	}
}

func TestCancelledContext(t *testing.T) {
	n := oneSubstation(t)
	e, err := cascade.New(n, cascade.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, err := e.Run(ctx, cascade.Input{Impacts: []hazard.Impact{{Time: sim.Hour, Kind: hazard.Damage, Target: 0}}})
	if !errors.Is(err, context.Canceled) || r == nil || r.Complete {
		t.Fatalf("err %v, result %+v", err, r)
	}
	// The engine is reusable after a cancelled run.
	r, err = e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{{Time: sim.Hour, Kind: hazard.Damage, Target: 0}}})
	if err != nil || !r.Complete || r.Delivering(1) {
		t.Fatalf("rerun: %v, %+v", err, r)
	}
}

func TestBadOptionsAndInput(t *testing.T) {
	n := oneSubstation(t)
	if _, err := cascade.New(n, cascade.Options{Horizon: -1}); err == nil {
		t.Error("negative horizon accepted")
	}
	reclose := cascade.Protection{Reclose: true, RecloseDelay: sim.Hour}
	if _, err := cascade.New(n, cascade.Options{Protection: reclose}); err == nil {
		t.Error("reclosing without a horizon accepted")
	}
	if _, err := cascade.New(n, cascade.Options{Protection: reclose, Horizon: sim.Day}); err != nil {
		t.Errorf("reclosing with a horizon: %v", err)
	}
	e, err := cascade.New(n, cascade.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{{Kind: hazard.Damage, Target: 7}}}); !errors.Is(err, hazard.ErrInvalid) {
		t.Errorf("impact on a missing component: %v", err)
	}
}
