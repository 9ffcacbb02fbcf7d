package power

import (
	"math"
	"testing"
)

// TestStampWraps: after the largest int32 stamp the marks are cleared and
// stamps start again at 1, so no mark left from an old search matches a
// new one (a plain increment would wrap to a negative stamp that old
// marks could hold).
func TestStampWraps(t *testing.T) {
	in := &incremental{markN: []int32{math.MaxInt32, 5}, markB: []int32{math.MaxInt32}, markC: []int32{7}, stamp: math.MaxInt32}
	if s := in.nextStamp(); s != 1 {
		t.Fatalf("stamp after the largest: %d, want 1", s)
	}
	for _, marks := range [][]int32{in.markN, in.markB, in.markC} {
		for j, v := range marks {
			if v != 0 {
				t.Errorf("mark %d kept %d", j, v)
			}
		}
	}
	if s := in.nextStamp(); s != 2 {
		t.Errorf("next stamp %d, want 2", s)
	}
}
