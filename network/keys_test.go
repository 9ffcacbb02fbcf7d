package network

import "testing"

// TestEntityKeysStable: a component's key depends on its ID alone (not on
// its index or on what else the network holds), components and links with
// one ID get different keys, and a key is FNV-1a 64 as documented: for ID
// "a" the hash of the bytes 'c', 0, 'a' (offset basis 14695981039346656037,
// prime 1099511628211, computed by hand below).
func TestEntityKeysStable(t *testing.T) {
	b := NewBuilder()
	b.AddComponent(Component{ID: "a", Sector: Power})
	b.AddComponent(Component{ID: "b", Sector: Power})
	b.AddLink(Link{ID: "a", From: "a", To: "b"})
	one := mustBuild(t, b)

	b = NewBuilder()
	b.AddComponent(Component{ID: "x", Sector: Water})
	b.AddComponent(Component{ID: "b", Sector: Power})
	b.AddComponent(Component{ID: "a", Sector: Power})
	two := mustBuild(t, b)

	ia, _ := one.ComponentIndex("a")
	ja, _ := two.ComponentIndex("a")
	if ia == ja || one.ComponentKey(ia) != two.ComponentKey(ja) {
		t.Errorf("component a: indices %d, %d; keys %#x, %#x", ia, ja, one.ComponentKey(ia), two.ComponentKey(ja))
	}
	if one.ComponentKey(ia) == one.LinkKey(0) {
		t.Error("component a and link a share a key")
	}
	h := uint64(14695981039346656037)
	for _, c := range []byte{'c', 0, 'a'} {
		h = (h ^ uint64(c)) * 1099511628211
	}
	if want := h &^ (1 << 63); one.ComponentKey(ia) != want {
		t.Errorf("key %#x, want %#x", one.ComponentKey(ia), want)
	}
}
