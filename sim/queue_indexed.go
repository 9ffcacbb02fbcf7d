//go:build simindexheap

package sim

import "slices"

// This is the alternative to queue.go, kept for measurement only (go test
// -tags simindexheap): an index-tracking heap, where each slot stores the
// heap position of its entry so that Cancel and Reschedule remove or move
// the entry at once. Every entry moved by a sift writes its slot's
// position. benchmarks/README.md compares both.

// slot holds the payload of a scheduled event.
type slot struct {
	ev   Event
	h    Handler // nil while the slot is free
	key  uint64  // key of the slot's heap entry
	gen  uint32  // incremented whenever the slot is freed
	next uint32  // heap position while pending; next free slot while free
}

func (s *Scheduler) put(i int, e entry) {
	s.heap[i] = e
	s.slots[e.slot()].next = uint32(i)
}

func (s *Scheduler) up(i int, e entry) {
	h := s.heap
	for i > 0 {
		p := (i - 1) >> 2
		if lt(&e, &h[p]) == 0 {
			break
		}
		s.put(i, h[p])
		i = p
	}
	s.put(i, e)
}

func (s *Scheduler) down(i int, e entry) {
	h := s.heap
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
			s.put(i, k[m&3])
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
				s.put(i, h[m])
				i = m
			}
		}
		break
	}
	s.put(i, e)
}

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

func (s *Scheduler) nextKey(p Priority, i uint32) uint64 {
	if s.seq == seqLimit {
		s.renumber()
	}
	s.seq++
	return uint64(p)<<56 | s.seq<<slotBits | uint64(i)
}

func (s *Scheduler) insert(e entry) {
	if s.hole {
		s.hole = false
		s.down(0, e)
		return
	}
	h := grow(s.heap)
	n := len(h)
	s.heap = h[:n+1]
	s.up(n, e)
}

func (s *Scheduler) fill() {
	if s.hole {
		s.hole = false
		s.removeAt(0)
	}
}

// removeAt removes the entry at heap position j.
func (s *Scheduler) removeAt(j int) {
	n := len(s.heap) - 1
	last := s.heap[n]
	s.heap = s.heap[:n]
	if j == n {
		return
	}
	if j > 0 && lt(&last, &s.heap[(j-1)>>2]) != 0 {
		s.up(j, last)
	} else {
		s.down(j, last)
	}
}

func (s *Scheduler) live() int {
	if s.hole {
		return len(s.heap) - 1
	}
	return len(s.heap)
}

func (s *Scheduler) min() (uint32, bool) {
	s.fill()
	if len(s.heap) == 0 {
		return 0, false
	}
	return s.heap[0].slot(), true
}

func (s *Scheduler) pop() (uint32, bool) {
	i, ok := s.min()
	if !ok {
		return 0, false
	}
	s.hole = true
	if h := s.heap; len(h) >= 5 && len(s.slots) >= prefetchMin {
		k := (*[4]entry)(h[1:5])
		sl := s.slots
		prefetch4(&sl[k[0].slot()], &sl[k[1].slot()], &sl[k[2].slot()], &sl[k[3].slot()])
	}
	return i, true
}

func (s *Scheduler) remove(i uint32) {
	s.fill()
	s.removeAt(int(s.slots[i].next))
	s.release(i)
}

func (s *Scheduler) move(i uint32, at Time) {
	s.fill()
	key := s.nextKey(s.slots[i].ev.Priority, i)
	sl := &s.slots[i]
	sl.key = key
	sl.ev.Time = at
	j := int(sl.next)
	e := entry{at: uint64(at), key: key}
	if j > 0 && lt(&e, &s.heap[(j-1)>>2]) != 0 {
		s.up(j, e)
	} else {
		s.down(j, e)
	}
}

func (s *Scheduler) renumber() {
	s.fill()
	h := s.heap
	slices.SortFunc(h, func(a, b entry) int { return int(lt(&b, &a)) - int(lt(&a, &b)) })
	for j := range h {
		e := &h[j]
		e.key = e.key&^(seqLimit<<slotBits) | uint64(j+1)<<slotBits
		sl := &s.slots[e.slot()]
		sl.key = e.key
		sl.next = uint32(j)
	}
	s.seq = uint64(len(h))
}

func (s *Scheduler) release(i uint32) {
	sl := &s.slots[i]
	sl.h = nil
	sl.key = 0
	sl.gen++
	sl.next = s.free
	s.free = i
}

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
