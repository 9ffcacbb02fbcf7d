package sim

import "math/bits"

// The queue is a 4-ary min-heap of 16-byte value entries (at, key) with
//
//	key = priority<<56 | seq<<28 | slot
//
// where seq is a counter incremented by every schedule and reschedule and
// slot indexes the payload array. An entry's order is the 128-bit number
// (at, key), so comparing two entries is one subtract-with-borrow chain, and
// since seq is unique the slot bits never decide: the heap order is exactly
// (time, priority, FIFO). When seq would exceed 28 bits the pending entries
// are renumbered in order (an O(n log n) pass every 2²⁸ schedules).
//
// The heap array is offset by three entries so that the four children of a
// node, 64 bytes, share one cache line (LaMarca & Ladner, "The influence of
// caches on the performance of heaps", 1996); Go aligns large allocations to
// pages.
//
// Popping leaves a hole at the root instead of sifting at once: if the
// handler then schedules an event (the common case), the new entry drops
// into the hole and one sift-down replaces a sift-down plus a sift-up.
// Every other operation closes the hole first.

// entry is a heap element: 16 bytes, copied by value.
type entry struct {
	at  uint64 // the event's Time (never negative in the queue)
	key uint64 // priority<<56 | seq<<28 | slot
}

const (
	slotBits = 28
	slotMask = 1<<slotBits - 1
	seqLimit = 1<<28 - 1 // seq values are 1..seqLimit
	heapPad  = 3         // entries before the root, for cache-line alignment
)

// slot returns the entry's slot index.
func (e *entry) slot() uint32 { return uint32(e.key & slotMask) }

// lt returns 1 if a orders before b and 0 otherwise, without branches: the
// borrow out of (a.at, a.key) - (b.at, b.key).
func lt(a, b *entry) uint64 {
	_, c := bits.Sub64(a.key, b.key, 0)
	_, c = bits.Sub64(a.at, b.at, c)
	return c
}

// minOf4 returns the index (0..3) of the smallest of four entries using two
// independent comparisons and a third between the winners.
func minOf4(k *[4]entry) int {
	a := lt(&k[1], &k[0])     // 0 or 1
	b := 2 + lt(&k[3], &k[2]) // 2 or 3
	c := lt(&k[b&3], &k[a&3])
	return int(a ^ ((a ^ b) & -c))
}

// grow returns h with room for at least one more entry, keeping heapPad
// entries before h[0] in a fresh backing array.
func grow(h []entry) []entry {
	n := len(h)
	if n < cap(h) {
		return h
	}
	c := 2 * n
	if c < 64-heapPad {
		c = 64 - heapPad
	}
	b := make([]entry, heapPad+c)
	copy(b[heapPad:], h)
	return b[heapPad : heapPad+n]
}

// Software prefetch, once the queue outgrows a core's cache (below these
// sizes it would only cost time):
//
//   - Step prefetches the slots of the root's four children, one of which
//     holds the next event (unless a handler schedules an earlier one) and
//     usually another the event after it;
//   - a sift-down prefetches the sixteen grandchildren of the node it is
//     at, four cache lines, so that the next level's comparison finds its
//     entries loaded.
//
// Both hide memory latency that a hold-model workload otherwise pays on
// every event; see benchmarks/README.md.
const (
	prefetchMin     = 8192    // slots
	prefetchHeapMin = 1 << 14 // heap entries (256 KiB)
)
