package sim

import (
	"fmt"
	"math/bits"
	"testing"
)

// The hold model (Jones 1986; Rönngren & Ayani 1997): the pending set is
// filled to n events, then every operation removes the earliest event and
// schedules one new event at now + Exp(1) seconds. Both the kernel and the
// reference heap consume the same precomputed table of delays in the same
// order (fill first, then one draw per operation), so they see identical
// event times.

// holdDelays is the table of Exp(1)-second delays, drawn once from
// StreamAnalysis of seed 1 and truncated to whole nanoseconds.
var holdDelays = func() []Time {
	st := NewStream(1, StreamAnalysis, -1)
	d := make([]Time, 1<<16)
	for i := range d {
		d[i] = Time(st.ExpFloat64() * float64(Second))
	}
	return d
}()

const holdMask = 1<<16 - 1

var holdSizes = []int{1000, 100000, 1000000}

// holdHandler reschedules one event per executed event.
type holdHandler struct {
	next int // index of the next delay to use
}

func (h *holdHandler) Handle(s *Scheduler, ev Event) {
	d := holdDelays[h.next&holdMask]
	h.next++
	s.After(d, ev, h)
}

func BenchmarkHold(b *testing.B) {
	for _, n := range holdSizes {
		b.Run(fmt.Sprintf("pending=%d", n), func(b *testing.B) {
			s := NewScheduler()
			h := &holdHandler{}
			for range n {
				d := holdDelays[h.next&holdMask]
				h.next++
				s.Schedule(Event{Time: d, Kind: 1}, h)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				s.Step()
			}
		})
	}
}

// refEntry is the reference heap's element: 24 bytes, as in the kernel.
type refEntry struct {
	t   int64
	seq uint64
	id  uint64
}

// refHeap is a tight hand-written 4-ary min-heap ordered by (t, seq), the
// yardstick for the kernel's own heap: no payload, no handler, no IDs.
type refHeap struct {
	h   []refEntry
	seq uint64
}

// refLT returns 1 if a orders before b: the borrow out of the 128-bit
// subtraction (a.t, a.seq) - (b.t, b.seq).
func refLT(a, b *refEntry) uint64 {
	_, c := bits.Sub64(a.seq, b.seq, 0)
	_, c = bits.Sub64(uint64(a.t), uint64(b.t), c)
	return c
}

func (r *refHeap) push(t int64) {
	r.seq++
	e := refEntry{t: t, seq: r.seq, id: r.seq}
	r.h = append(r.h, e)
	h := r.h
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) >> 2
		if refLT(&e, &h[p]) == 0 {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = e
}

func (r *refHeap) pop() refEntry {
	h := r.h
	top := h[0]
	n := len(h) - 1
	e := h[n]
	h = h[:n]
	r.h = h
	i := 0
	for {
		c := 4*i + 1
		if c+4 <= n {
			k := (*[4]refEntry)(h[c : c+4])
			a := refLT(&k[1], &k[0])
			b := 2 + refLT(&k[3], &k[2])
			m := a ^ ((a ^ b) & -refLT(&k[b&3], &k[a&3]))
			if refLT(&k[m&3], &e) == 0 {
				break
			}
			h[i] = k[m&3]
			i = c + int(m)
			continue
		}
		if c < n {
			m := c
			for j := c + 1; j < n; j++ {
				if refLT(&h[j], &h[m]) != 0 {
					m = j
				}
			}
			if refLT(&h[m], &e) != 0 {
				h[i] = h[m]
				i = m
			}
		}
		break
	}
	if n > 0 {
		h[i] = e
	}
	return top
}

func BenchmarkHoldRef(b *testing.B) {
	for _, n := range holdSizes {
		b.Run(fmt.Sprintf("pending=%d", n), func(b *testing.B) {
			var r refHeap
			next := 0
			for range n {
				r.push(int64(holdDelays[next&holdMask]))
				next++
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				top := r.pop()
				r.push(top.t + int64(holdDelays[next&holdMask]))
				next++
			}
		})
	}
}

// cancelHandler schedules two events per executed event and cancels the
// first, as an engine does when a new timer supersedes an old one.
type cancelHandler struct {
	next int
}

func (h *cancelHandler) Handle(s *Scheduler, ev Event) {
	d1 := holdDelays[h.next&holdMask]
	d2 := holdDelays[(h.next+1)&holdMask]
	h.next += 2
	id := s.After(d1, ev, h)
	s.After(d2, ev, h)
	s.Cancel(id)
}

func BenchmarkCancel(b *testing.B) {
	b.Run("pending=100000", func(b *testing.B) {
		s := NewScheduler()
		h := &cancelHandler{}
		for range 100000 {
			s.Schedule(Event{Time: holdDelays[h.next&holdMask], Kind: 2}, h)
			h.next++
		}
		// Warm up until cancelled entries have been compacted a few times,
		// so that the timed part sees the steady state.
		for range 400000 {
			s.Step()
		}
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			s.Step()
		}
	})
}
