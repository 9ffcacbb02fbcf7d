package network

import (
	"slices"
	"unsafe"
)

// column stores one numeric attribute of n entities: dense when at least
// two thirds of the values are non-zero, otherwise as sorted (index, value)
// pairs. Absent values read as 0.
type column struct {
	dense []float64
	keys  []int32
	vals  []float64
}

// newColumn builds a column from get(i) for i in [0, n).
func newColumn(n int, get func(i int) float64) column {
	nz := 0
	for i := range n {
		if get(i) != 0 {
			nz++
		}
	}
	var c column
	switch {
	case nz == 0:
	case nz*12 >= n*8:
		c.dense = make([]float64, n)
		for i := range n {
			c.dense[i] = get(i)
		}
	default:
		c.keys = make([]int32, 0, nz)
		c.vals = make([]float64, 0, nz)
		for i := range n {
			if v := get(i); v != 0 {
				c.keys = append(c.keys, int32(i))
				c.vals = append(c.vals, v)
			}
		}
	}
	return c
}

// at returns the value of entity i.
func (c *column) at(i int32) float64 {
	if c.dense != nil {
		return c.dense[i]
	}
	if j, ok := slices.BinarySearch(c.keys, i); ok {
		return c.vals[j]
	}
	return 0
}

// empty reports whether every value is zero.
func (c *column) empty() bool { return c.dense == nil && c.keys == nil }

func (c *column) bytes() int { return 8*len(c.dense) + 4*len(c.keys) + 8*len(c.vals) }

// idTable maps dense indices to string IDs and back: the IDs live in one
// byte arena; lookups binary-search a permutation sorted by ID.
type idTable struct {
	arena  []byte
	off    []uint32 // len n+1
	sorted []int32
}

func newIDTable(n int, id func(i int) string) idTable {
	var t idTable
	size := 0
	for i := range n {
		size += len(id(i))
	}
	t.arena = make([]byte, 0, size)
	t.off = make([]uint32, n+1)
	for i := range n {
		t.arena = append(t.arena, id(i)...)
		t.off[i+1] = uint32(len(t.arena))
	}
	t.sorted = make([]int32, n)
	for i := range t.sorted {
		t.sorted[i] = int32(i)
	}
	slices.SortFunc(t.sorted, func(a, b int32) int {
		x, y := t.at(a), t.at(b)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
	return t
}

// at returns ID i without allocating: the arena is never written after
// construction, so the string may alias it.
func (t *idTable) at(i int32) string {
	lo, hi := t.off[i], t.off[i+1]
	if lo == hi {
		return ""
	}
	return unsafe.String(&t.arena[lo], int(hi-lo))
}

func (t *idTable) lookup(id string) (int32, bool) {
	lo, hi := 0, len(t.sorted)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if t.at(t.sorted[m]) < id {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(t.sorted) && t.at(t.sorted[lo]) == id {
		return t.sorted[lo], true
	}
	return -1, false
}

func (t *idTable) bytes() int { return len(t.arena) + 4*len(t.off) + 4*len(t.sorted) }

// interner assigns small dense codes to strings in order of first use.
type interner struct {
	names []string
	index map[string]int
}

func (in *interner) code(s string) int {
	if in.index == nil {
		in.index = make(map[string]int)
	}
	if c, ok := in.index[s]; ok {
		return c
	}
	in.names = append(in.names, s)
	in.index[s] = len(in.names) - 1
	return len(in.names) - 1
}
