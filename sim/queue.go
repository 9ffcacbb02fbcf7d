//go:build !simindexheap

package sim

import "slices"

// Cancellation is lazy: Cancel frees the slot at once (dropping the handler)
// and leaves the entry in the heap as stale; a heap entry is live while its
// slot's key equals the entry's key (keys are never reused before Reset).
// Stale entries are discarded when they reach the root, and the heap is
// compacted in O(n) when stale entries outnumber live ones, so cancelled
// events cost at most a constant factor of memory and the amortised cost of
// Cancel stays O(log n). benchmarks/README.md records the measurements that
// chose this over an index-tracking heap (build tag simindexheap).

// slot holds the payload of a scheduled event.
type slot struct {
	ev   Event
	h    Handler // nil while the slot is free
	key  uint64  // key of the slot's live heap entry; 0 while free
	gen  uint32  // incremented whenever the slot is freed
	next uint32  // next free slot, or noSlot
}

// up places e at position i of the heap, moving it towards the root while it
// orders before its parent.
func up(h []entry, i int, e entry) {
	for i > 0 {
		p := (i - 1) >> 2
		if lt(&e, &h[p]) == 0 {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = e
}

// down places e at position i of the heap, moving the hole towards the
// leaves while a child orders before e.
func down(h []entry, i int, e entry) {
	n := len(h)
	for {
		c := 4*i + 1
		if c+4 <= n {
			if g := 4*c + 1; n >= prefetchHeapMin && g+16 <= n {
				prefetchGroup(&h[g])
			}
			k := (*[4]entry)(h[c : c+4])
			m := minOf4(k)
			if lt(&k[m&3], &e) == 0 {
				break
			}
			h[i] = k[m&3]
			i = c + m
			continue
		}
		if c < n {
			m := c
			for j := c + 1; j < n; j++ {
				if lt(&h[j], &h[m]) != 0 {
					m = j
				}
			}
			if lt(&h[m], &e) != 0 {
				h[i] = h[m]
				i = m
			}
		}
		break
	}
	h[i] = e
}

// push adds a new event and returns its ID.
func (s *Scheduler) push(ev Event, h Handler) EventID {
	i := s.alloc()
	key := s.nextKey(ev.Priority, i)
	sl := &s.slots[i]
	sl.ev = ev
	sl.h = h
	sl.key = key
	s.insert(entry{at: uint64(ev.Time), key: key})
	return makeID(i, sl.gen)
}

// nextKey returns the key of a new heap entry for slot i.
func (s *Scheduler) nextKey(p Priority, i uint32) uint64 {
	if s.seq == seqLimit {
		s.renumber()
	}
	s.seq++
	return uint64(p)<<56 | s.seq<<slotBits | uint64(i)
}

// insert adds e to the heap, into the hole at the root if there is one.
func (s *Scheduler) insert(e entry) {
	if s.hole {
		s.hole = false
		down(s.heap, 0, e)
		return
	}
	h := grow(s.heap)
	n := len(h)
	h = h[:n+1]
	s.heap = h
	up(h, n, e)
}

// fill closes the hole at the root, if any.
func (s *Scheduler) fill() {
	if s.hole {
		s.hole = false
		s.dropRoot()
	}
}

// dropRoot removes the heap's root.
func (s *Scheduler) dropRoot() {
	n := len(s.heap) - 1
	last := s.heap[n]
	s.heap = s.heap[:n]
	if n > 0 {
		down(s.heap, 0, last)
	}
}

// live returns the number of pending events.
func (s *Scheduler) live() int {
	n := len(s.heap) - s.stale
	if s.hole {
		n--
	}
	return n
}

// min returns the slot of the earliest pending event, discarding stale
// entries at the root.
func (s *Scheduler) min() (uint32, bool) {
	s.fill()
	for len(s.heap) > 0 {
		top := &s.heap[0]
		if i := top.slot(); s.slots[i].key == top.key {
			return i, true
		}
		s.dropRoot()
		s.stale--
	}
	return 0, false
}

// pop removes the earliest pending event from the queue, leaving a hole at
// the root, and returns its slot, which stays allocated.
func (s *Scheduler) pop() (uint32, bool) {
	i, ok := s.min()
	if !ok {
		return 0, false
	}
	s.hole = true
	if h := s.heap; len(h) >= 5 && len(s.slots) >= prefetchMin {
		// The next event is probably the smallest child of the root:
		// start loading its payload while this one runs.
		k := (*[4]entry)(h[1:5])
		sl := s.slots
		prefetch4(&sl[k[0].slot()], &sl[k[1].slot()], &sl[k[2].slot()], &sl[k[3].slot()])
	}
	return i, true
}

// remove cancels the pending event in slot i.
func (s *Scheduler) remove(i uint32) {
	s.release(i)
	s.stale++
	s.compact()
}

// move gives the pending event in slot i the time at and a fresh sequence.
func (s *Scheduler) move(i uint32, at Time) {
	key := s.nextKey(s.slots[i].ev.Priority, i)
	sl := &s.slots[i]
	sl.key = key
	sl.ev.Time = at
	s.insert(entry{at: uint64(at), key: key})
	s.stale++
	s.compact()
}

// compact compacts the heap once stale entries outnumber live ones.
func (s *Scheduler) compact() {
	if s.stale > s.live() {
		s.compactNow()
	}
}

// compactNow drops every stale entry and rebuilds the heap (Floyd's O(n)
// construction).
func (s *Scheduler) compactNow() {
	s.fill()
	h := s.heap
	j := 0
	for _, e := range h {
		if s.slots[e.slot()].key == e.key {
			h[j] = e
			j++
		}
	}
	h = h[:j]
	s.heap = h
	s.stale = 0
	for i := (j - 2) / 4; j > 1 && i >= 0; i-- {
		down(h, i, h[i])
	}
}

// renumber compacts the heap and gives the pending entries the sequence
// numbers 1..n in their current order. A sorted array is a valid heap.
func (s *Scheduler) renumber() {
	s.compactNow()
	h := s.heap
	slices.SortFunc(h, func(a, b entry) int { return int(lt(&b, &a)) - int(lt(&a, &b)) })
	for j := range h {
		e := &h[j]
		e.key = e.key&^(seqLimit<<slotBits) | uint64(j+1)<<slotBits
		s.slots[e.slot()].key = e.key
	}
	s.seq = uint64(len(h))
}

// release clears slot i (dropping the handler reference), bumps its
// generation so that its ID becomes stale, and returns it to the free list.
func (s *Scheduler) release(i uint32) {
	sl := &s.slots[i]
	sl.h = nil
	sl.key = 0
	sl.gen++
	sl.next = s.free
	s.free = i
}

// clearSlots frees every slot, bumping the generation of those in use, and
// rebuilds the free list so that slot 0 is used first again.
func (s *Scheduler) clearSlots() {
	s.free = noSlot
	for i := len(s.slots) - 1; i >= 0; i-- {
		sl := &s.slots[i]
		if sl.h != nil {
			sl.h = nil
			sl.ev = Event{}
			sl.key = 0
			sl.gen++
		}
		sl.next = s.free
		s.free = uint32(i)
	}
}
