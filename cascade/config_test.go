package cascade_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// TestModelForUnknownSector: a model keyed by a name that is no sector of
// the network ("Power", capitalised) is refused, not replaced by the
// default model.
func TestModelForUnknownSector(t *testing.T) {
	_, err := cascade.New(oneSubstation(t), cascade.Options{Models: map[network.Sector]flow.Factory{"Power": flow.StandaloneFactory}})
	if err == nil || !strings.Contains(err.Error(), `"Power"`) {
		t.Fatalf("error %v, want one naming \"Power\"", err)
	}
}

// TestUnmarkedSourceWarns: a water sector whose treatment plant lacks
// RoleSource runs as standalone, and every result says so; choosing the
// standalone model explicitly silences the warning.
func TestUnmarkedSourceWarns(t *testing.T) {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "plant", Sector: network.Water, Kind: network.KindTreatmentPlant})
	b.AddComponent(network.Component{ID: "j", Sector: network.Water, Kind: network.KindJunction, Role: network.RoleConsumer, Demand: 1})
	b.AddLink(network.Link{ID: "p", From: "plant", To: "j"})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	run := func(opts cascade.Options) *cascade.Result {
		e, err := cascade.New(n, opts)
		if err != nil {
			t.Fatal(err)
		}
		r, err := e.Run(context.Background(), cascade.Input{})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := run(cascade.Options{}); len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "plant") || !strings.Contains(r.Warnings[0], "water") {
		t.Errorf("warnings %q, want one naming water and plant", r.Warnings)
	}
	if r := run(cascade.Options{Models: map[network.Sector]flow.Factory{network.Water: flow.StandaloneFactory}}); len(r.Warnings) != 0 {
		t.Errorf("warnings %q with an explicit standalone model", r.Warnings)
	}
}

// TestProtectionOff: 150 MW over one 100 MW line trips after a minute
// (TestProtectionDelay); with protection off nothing trips.
func TestProtectionOff(t *testing.T) {
	r := runParallel(t, 150, cascade.Protection{Off: true}, 0, hazard.Impact{Time: sim.Hour, Kind: hazard.Damage, Target: 0, Link: true})
	if got := linkEvents(r); len(got) != 0 || !r.Delivering(1) {
		t.Fatalf("trips %v, B delivering %v; want no trip", got, r.Delivering(1))
	}
}

// TestProtectionRefusesBadNumbers: negative delays and NaN or low hard
// limits are configuration errors, in Options and in a link's
// "protection_delay_s" parameter alike (not read as unset).
func TestProtectionRefusesBadNumbers(t *testing.T) {
	for _, p := range []cascade.Protection{
		{Delay: -sim.Second},
		{HardLimit: math.NaN()},
		{HardLimit: 0.5},
		{RecloseDelay: -sim.Minute},
		{Reclose: true},
	} {
		if err := p.Validate(); err == nil {
			t.Errorf("%+v accepted", p)
		}
	}
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "G", Sector: network.Power, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "B", Sector: network.Power, Role: network.RoleConsumer})
	b.AddLink(network.Link{ID: "L", From: "G", To: "B", Rating: 1, Params: map[network.Param]float64{network.ParamProtectionDelayS: -30}})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cascade.New(n, cascade.Options{}); err == nil || !strings.Contains(err.Error(), "link L") {
		t.Errorf("negative protection_delay_s: %v, want an error naming link L", err)
	}
}

// TestIgnoredImpactsCounted: a repair of a component never damaged and a
// second identical damage change nothing; the result counts both.
func TestIgnoredImpactsCounted(t *testing.T) {
	e, err := cascade.New(oneSubstation(t), cascade.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{
		{Time: sim.Hour, Kind: hazard.Repair, Target: 0},
		{Time: 2 * sim.Hour, Kind: hazard.Damage, Target: 0},
		{Time: 3 * sim.Hour, Kind: hazard.Damage, Target: 0},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Ignored != 2 {
		t.Errorf("Ignored = %d, want 2", r.Ignored)
	}
}
