package hazard_test

import (
	"errors"
	"math"
	"testing"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/hazardtest"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

func star(t *testing.T, leaves int) *network.Network {
	t.Helper()
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "hub", Sector: network.Power, Population: 5})
	for i := range leaves {
		id := "leaf" + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676))
		b.AddComponent(network.Component{ID: id, Sector: network.Power, Population: int64(i)})
		b.AddLink(network.Link{ID: "l" + id, From: "hub", To: id})
	}
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRandomFraction(t *testing.T) {
	n := star(t, 4000)
	h := &hazard.RandomFraction{Fraction: 0.3, Effect: hazard.Damage}
	r := hazard.NewRand(42, h.Name())
	im, err := h.Impacts(n, r)
	if err != nil {
		t.Fatal(err)
	}
	// Binomial(4001, 0.3): mean 1200.3, SD √(4001·0.3·0.7) ≈ 29; allow 5 SD.
	if d := math.Abs(float64(len(im)) - 1200.3); d > 5*29 {
		t.Fatalf("%d hits, want about 1200", len(im))
	}
	// Common random numbers: a larger fraction hits a superset, because
	// each component compares its own first draw.
	h2 := &hazard.RandomFraction{Fraction: 0.5}
	im2, _ := h2.Impacts(n, r)
	hit := map[int32]bool{}
	for _, x := range im2 {
		hit[x.Target] = true
	}
	for _, x := range im {
		if !hit[x.Target] {
			t.Fatalf("component %d hit at 0.3 but not at 0.5", x.Target)
		}
	}
	hazardtest.Run(t, n, h)
}

func TestTargeted(t *testing.T) {
	n := star(t, 10)
	for _, tc := range []struct {
		by   hazard.Measure
		want []int32
	}{
		{hazard.Degree, []int32{0, 1}},            // hub (degree 10), then the lowest index
		{hazard.PopulationServed, []int32{9, 10}}, // populations 8 and 9 beat the hub's 5
		{hazard.Betweenness, []int32{0, 1}},       // hub: 10·9 = 90 ordered pairs
	} {
		h := &hazard.Targeted{By: tc.by, K: 2}
		im, err := h.Impacts(n, hazard.Rand{})
		if err != nil {
			t.Fatal(err)
		}
		if len(im) != 2 || im[0].Target != tc.want[0] || im[1].Target != tc.want[1] {
			t.Errorf("by %d: %+v, want targets %v", tc.by, im, tc.want)
		}
		hazardtest.RunWith(t, n, h, hazardtest.Options{Unkeyed: "ties go to the lower index"})
	}
}

func TestListValidatesAndSorts(t *testing.T) {
	n := star(t, 3)
	l := &hazard.List{Items: []hazard.Impact{
		{Time: 2 * sim.Hour, Kind: hazard.Damage, Target: 1},
		{Time: sim.Hour, Kind: hazard.Damage, Target: 0, Link: true},
		{Time: sim.Hour, Kind: hazard.Damage, Target: 2},
	}}
	im, err := l.Impacts(n, hazard.Rand{})
	if err != nil {
		t.Fatal(err)
	}
	if im[0].Target != 2 || !im[1].Link || im[2].Time != 2*sim.Hour {
		t.Fatalf("order %+v", im)
	}
	hazardtest.RunWith(t, n, l, hazardtest.Options{Unkeyed: "targets are indices of n"})
	bad := &hazard.List{Items: []hazard.Impact{{Kind: hazard.Damage, Target: 99}}}
	if _, err := bad.Impacts(n, hazard.Rand{}); err == nil {
		t.Fatal("impact on a missing component accepted")
	}
}

func TestCustomHazardConformance(t *testing.T) {
	hazardtest.Run(t, grid(), windstorm{})
}

// TestZeroEffectDamages: a hazard whose Effect is left zero damages
// (repairable), it does not remove (which a repair would not undo).
func TestZeroEffectDamages(t *testing.T) {
	n := star(t, 3)
	for _, h := range []hazard.Hazard{&hazard.RandomFraction{Fraction: 1}, &hazard.Targeted{K: 1}} {
		im, err := h.Impacts(n, hazard.NewRand(1, h.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if len(im) == 0 {
			t.Fatalf("%s: no impact", h.Name())
		}
		for _, x := range im {
			if x.Kind != hazard.Damage || x.State != network.DamageComplete || x.Factor != 0 {
				t.Errorf("%s: impact %+v, want a complete damage", h.Name(), x)
			}
		}
	}
}

// TestImpactValidateRefusesUnknownCodes: a damage state beyond
// network.DamageComplete or a parameter beyond TravelTime means nothing to
// the engine, which would otherwise record the state or scale the capacity
// silently.
func TestImpactValidateRefusesUnknownCodes(t *testing.T) {
	n := star(t, 2)
	for _, im := range []hazard.Impact{
		{Kind: hazard.Damage, State: network.DamageComplete + 1},
		{Kind: hazard.Damage, State: 9, Link: true},
		{Kind: hazard.SetFactor, Param: hazard.TravelTime + 1, Factor: 0.5},
	} {
		if err := im.Validate(n); !errors.Is(err, hazard.ErrInvalid) {
			t.Errorf("%+v: %v, want ErrInvalid", im, err)
		}
	}
	for _, im := range []hazard.Impact{
		{Kind: hazard.Damage, State: network.DamageComplete},
		{Kind: hazard.SetFactor, Param: hazard.TravelTime, Factor: 0.5, Link: true},
	} {
		if err := im.Validate(n); err != nil {
			t.Errorf("%+v refused: %v", im, err)
		}
	}
}

// TestRepairsKeyedByID: a component's repair time depends on its ID, not
// its position: "b" gets the same repair in a city where another
// component comes before it; and it lies within the window. Other
// impacts (a suspension) get no repair.
func TestRepairsKeyedByID(t *testing.T) {
	repairOfB := func(ids ...string) sim.Time {
		b := network.NewBuilder()
		for _, id := range ids {
			b.AddComponent(network.Component{ID: id, Sector: "health", Role: network.RoleConsumer})
		}
		net, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		i, _ := net.ComponentIndex("b")
		im := hazard.Repairs(net, []hazard.Impact{{Time: sim.Hour, Kind: hazard.Damage, Target: i}, {Time: sim.Hour, Kind: hazard.Suspend, Target: i}}, 7, 3*sim.Day)
		if len(im) != 1 {
			t.Fatalf("%d repairs, want 1", len(im))
		}
		if im[0].Kind != hazard.Repair {
			t.Fatalf("kind %v", im[0].Kind)
		}
		return im[0].Time
	}
	x, y := repairOfB("a", "b"), repairOfB("a", "a2", "b")
	if x != y {
		t.Errorf("b repaired at %v in one city, %v when a component comes before it", x, y)
	}
	if !(x >= sim.Hour && x < sim.Hour+3*sim.Day) {
		t.Errorf("repair at %v, want within 3 days of the damage", x)
	}
}
