package roads

import "math/bits"

// item is a heap entry: a tentative travel time and a component.
type item struct {
	key  int64
	node int32
}

// radixHeap is a monotone priority queue over non-negative int64 keys
// (Ahuja, Mehlhorn, Orlin and Tarjan 1990): every key pushed must be at
// least the last key popped, which Dijkstra's algorithm guarantees. Entry
// x lives in bucket bits.Len64(x.key XOR last), so bucket 0 holds keys
// equal to the last minimum and bucket b keys that first differ from it at
// bit b−1. Pop empties bucket 0 first; otherwise it takes the lowest
// non-empty bucket, makes its minimum the new last key and redistributes
// the bucket into lower ones. Each entry moves down at most 64 times, so
// a push is O(1) and a pop amortised O(log C) for keys spanning C. Bucket
// storage is kept across Reset: a heap reused for trees of the same size
// does not allocate.
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
