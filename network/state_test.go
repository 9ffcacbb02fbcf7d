package network

import (
	"slices"
	"testing"
)

// TestStateResetAfterEverySetter writes with each setter in turn, on a
// component, an in-service link and an out-of-service one, and checks that
// Reset gives back exactly the state NewState made, internal bits and
// counters included.
func TestStateResetAfterEverySetter(t *testing.T) {
	b := smallCity()
	b.AddLink(Link{ID: "off", From: "b2", To: "g1", OutOfService: true})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	off, _ := n.LinkIndex("off")
	setters := map[string]func(s *State, i, l int32){
		"Set":                func(s *State, i, l int32) { s.Set(i, Damaged|Tripped|OnBackup|Depleted) },
		"Clear":              func(s *State, i, l int32) { s.Set(i, Suspended); s.Clear(i, Suspended|Unserved) },
		"SetFactor":          func(s *State, i, l int32) { s.SetFactor(i, 0.25) },
		"SetDemandFactor":    func(s *State, i, l int32) { s.SetDemandFactor(i, 1.7) },
		"SetDamageState":     func(s *State, i, l int32) { s.SetDamageState(i, DamageExtensive) },
		"SetLink":            func(s *State, i, l int32) { s.SetLink(l, Damaged|Removed) },
		"ClearLink":          func(s *State, i, l int32) { s.SetLink(l, Suspended); s.ClearLink(l, Suspended|Damaged) },
		"SetLinkFactor":      func(s *State, i, l int32) { s.SetLinkFactor(l, 0) },
		"SetLinkDamageState": func(s *State, i, l int32) { s.SetLinkDamageState(l, DamageSlight) },
	}
	fresh := NewState(n)
	for name, set := range setters {
		for _, l := range []int32{0, off} {
			s := NewState(n)
			for range 2 { // a reused State resets as well as a new one
				set(s, 1, l)
				set(s, 4, l)
				s.Reset()
				if d := stateDiff(fresh, s); d != "" {
					t.Errorf("%s on link %d: after Reset %s", name, l, d)
				}
			}
		}
	}
}

// stateDiff names the first part of s that differs from want.
func stateDiff(want, s *State) string {
	switch {
	case !slices.Equal(want.cFlags, s.cFlags):
		return "component flags differ"
	case !slices.Equal(want.cFactor, s.cFactor):
		return "component factors differ"
	case !slices.Equal(want.cDamage, s.cDamage):
		return "component damage states differ"
	case !slices.Equal(want.cDemand, s.cDemand):
		return "demand factors differ"
	case !slices.Equal(want.lFlags, s.lFlags):
		return "link flags differ"
	case !slices.Equal(want.lFactor, s.lFactor):
		return "link factors differ"
	case !slices.Equal(want.lDamage, s.lDamage):
		return "link damage states differ"
	case want.linksDown != s.linksDown || want.linksOffline != s.linksOffline || want.AllLinksWork() != s.AllLinksWork():
		return "link counts differ"
	case len(s.cDirty) != 0 || len(s.lDirty) != 0 || len(slices.Collect(s.Changed())) != 0 || len(slices.Collect(s.ChangedLinks())) != 0:
		return "dirty lists not empty"
	}
	return ""
}
