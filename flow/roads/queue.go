package roads

import "math/bits"

// item is a queue entry: a tentative travel time and a component.
type item struct {
	key  int64
	node int32
}

// Both queues are monotone: every key pushed is at least the key last
// popped, which Dijkstra's algorithm guarantees for non-negative link
// times. Entries are never updated in place: a component whose time
// improves is pushed again and the stale entry is skipped when popped
// (its key exceeds the component's time). Storage is kept across resets,
// so a warm queue does not allocate.

// maxBuckets bounds the bucket queue; networks whose slowest open link
// takes more than about maxBuckets/2 times the fastest use the radix heap.
const maxBuckets = 4096

// bucketQueue is Dial's bucket queue (Dial 1969) with buckets of width
// Δ = 2^shift ≤ the least link time, kept in a ring of 2^k buckets that
// spans more than the greatest link time. With Δ at most the least link
// time, a component in the lowest non-empty bucket cannot be improved by
// another component of that bucket, so every bucket can be settled in any
// order: push and pop are O(1), and finding the next non-empty bucket
// scans an occupancy bitmap of ring/64 words.
type bucketQueue struct {
	shift   uint
	mask    int64
	cur     int64 // absolute number of the bucket being settled
	size    int
	buckets [][]item
	occ     []uint64
}

// fit sizes the queue for link times in [lo, hi] (lo > 0) and reports
// whether the ring stays within maxBuckets; it does not allocate when the
// ring it had is large enough.
func (q *bucketQueue) fit(lo, hi int64) bool {
	shift := uint(bits.Len64(uint64(lo)) - 1)
	nb := int64(1) << bits.Len64(uint64(hi>>shift)+1)
	if nb > maxBuckets {
		return false
	}
	q.shift, q.mask = shift, nb-1
	for int64(len(q.buckets)) < nb {
		q.buckets = append(q.buckets, nil)
	}
	if need := int((nb + 63) / 64); len(q.occ) < need {
		q.occ = make([]uint64, need)
	}
	return true
}

func (q *bucketQueue) reset() {
	for b := range q.buckets {
		q.buckets[b] = q.buckets[b][:0]
	}
	clear(q.occ)
	q.cur, q.size = 0, 0
}

func (q *bucketQueue) push(key int64, node int32) {
	b := (key >> q.shift) & q.mask
	q.buckets[b] = append(q.buckets[b], item{key, node})
	q.occ[b>>6] |= 1 << (b & 63)
	q.size++
}

// floor returns the least key the next pop can return.
func (q *bucketQueue) floor() int64 { return q.cur << q.shift }

func (q *bucketQueue) len() int { return q.size }

// pop removes an entry of the lowest non-empty bucket; the queue must not
// be empty.
func (q *bucketQueue) pop() item {
	b := q.cur & q.mask
	if len(q.buckets[b]) == 0 {
		for {
			if w := q.occ[b>>6] >> (b & 63); w != 0 {
				d := int64(bits.TrailingZeros64(w))
				q.cur, b = q.cur+d, b+d
				break
			}
			step := min(64-b&63, q.mask+1-b) // to the word's or the ring's end
			q.cur, b = q.cur+step, (b+step)&q.mask
		}
	}
	s := q.buckets[b]
	x := s[len(s)-1]
	q.buckets[b] = s[:len(s)-1]
	if len(s) == 1 {
		q.occ[b>>6] &^= 1 << (b & 63)
	}
	q.size--
	return x
}

// radixHeap is a monotone priority queue over non-negative int64 keys
// (Ahuja, Mehlhorn, Orlin and Tarjan 1990), used when link times are too
// spread (or zero) for the bucket queue. Entry x lives in bucket
// bits.Len64(x.key XOR last), so bucket 0 holds keys equal to the last
// minimum. Pop takes bucket 0 first; otherwise it makes the least key of
// the lowest non-empty bucket the new last key and redistributes that
// bucket into lower ones. Push is O(1), pop amortised O(log C) for link
// times up to C.
type radixHeap struct {
	last    int64
	size    int
	buckets [65][]item
}

func (h *radixHeap) reset() {
	for b := range h.buckets {
		h.buckets[b] = h.buckets[b][:0]
	}
	h.last, h.size = 0, 0
}

// floor returns the least key the next pop can return: the last one
// popped.
func (h *radixHeap) floor() int64 { return h.last }

func (h *radixHeap) len() int { return h.size }

func (h *radixHeap) push(key int64, node int32) {
	b := bits.Len64(uint64(key ^ h.last))
	h.buckets[b] = append(h.buckets[b], item{key, node})
	h.size++
}

// pop removes and returns an entry of least key; the heap must not be
// empty.
func (h *radixHeap) pop() item {
	if len(h.buckets[0]) == 0 {
		b := 1
		for len(h.buckets[b]) == 0 {
			b++
		}
		src := h.buckets[b]
		least := src[0].key
		for _, x := range src[1:] {
			least = min(least, x.key)
		}
		h.last = least
		for _, x := range src {
			c := bits.Len64(uint64(x.key ^ least))
			h.buckets[c] = append(h.buckets[c], x)
		}
		h.buckets[b] = src[:0]
	}
	b0 := h.buckets[0]
	x := b0[len(b0)-1]
	h.buckets[0] = b0[:len(b0)-1]
	h.size--
	return x
}
