package network

import (
	"fmt"
	"testing"
)

// TestColumnThreshold checks the layout rule of column: dense from two
// thirds non-zero on (8 bytes a value against 12 a pair, so the smaller
// one), sparse below, nothing when all are zero; and that every layout
// reads back the values.
func TestColumnThreshold(t *testing.T) {
	for _, tc := range []struct {
		n, nz int
		dense bool
	}{
		{3, 2, true}, {3, 1, false}, {300, 200, true}, {300, 199, false}, {1, 1, true}, {2, 1, false},
		{12, 8, true}, {12, 7, false}, {5, 0, false}, {0, 0, false},
	} {
		t.Run(fmt.Sprintf("%d of %d", tc.nz, tc.n), func(t *testing.T) {
			vals := make([]float64, tc.n)
			for i := range tc.nz {
				vals[tc.n-1-i*tc.n/max(tc.nz, 1)] = float64(i + 1) // spread out, last one set
			}
			nz := 0
			for _, v := range vals {
				if v != 0 {
					nz++
				}
			}
			if nz != tc.nz {
				t.Fatalf("set %d values, want %d", nz, tc.nz)
			}
			c := newColumn(tc.n, func(i int) float64 { return vals[i] })
			if (c.dense != nil) != tc.dense || (tc.nz == 0) != c.empty() {
				t.Errorf("dense %v empty %v, want dense %v", c.dense != nil, c.empty(), tc.dense)
			}
			if want := min(8*tc.n, 12*tc.nz); c.bytes() != want {
				t.Errorf("bytes %d, want %d", c.bytes(), want)
			}
			for i, v := range vals {
				if got := c.at(int32(i)); got != v {
					t.Errorf("at(%d) = %v, want %v", i, got, v)
				}
			}
		})
	}
}

// TestIDTableLookup checks lookups among IDs that are prefixes of one
// another, in an empty table, of IDs absent from it, and of the empty ID.
func TestIDTableLookup(t *testing.T) {
	ids := []string{"ab", "a", "abc", "b", "a\x00", "ab#2", "Z", "é", "aa"}
	tab := newIDTable(len(ids), func(i int) string { return ids[i] })
	for i, id := range ids {
		if got, ok := tab.lookup(id); !ok || got != int32(i) {
			t.Errorf("lookup(%q) = %d, %v; want %d", id, got, ok, i)
		}
		if got := tab.at(int32(i)); got != id {
			t.Errorf("at(%d) = %q, want %q", i, got, id)
		}
	}
	for _, id := range []string{"", "abcd", "ab#", "0", "zz", "a\x01", "\xff"} {
		if got, ok := tab.lookup(id); ok || got != -1 {
			t.Errorf("lookup(%q) = %d, %v; want absent", id, got, ok)
		}
	}
	empty := newIDTable(0, nil)
	if got, ok := empty.lookup(""); ok || got != -1 {
		t.Errorf("empty table: lookup(\"\") = %d, %v", got, ok)
	}
	if got, ok := empty.lookup("a"); ok || got != -1 {
		t.Errorf("empty table: lookup(a) = %d, %v", got, ok)
	}
	size := 0
	for _, id := range ids {
		size += len(id)
	}
	if want := size + 4*(len(ids)+1) + 4*len(ids); tab.bytes() != want {
		t.Errorf("bytes %d, want %d", tab.bytes(), want)
	}
}
