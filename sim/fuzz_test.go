package sim

import (
	"context"
	"slices"
	"testing"
)

// model is the naive reference for the scheduler: an unsorted slice of
// pending events, searched linearly for the minimum (time, priority, seq).
type model struct {
	now     Time
	seq     uint64
	pending []modelEvent
}

type modelEvent struct {
	at  Time
	pri Priority
	seq uint64
	arg int64
}

func (m *model) schedule(at Time, pri Priority, arg int64) {
	m.seq++
	m.pending = append(m.pending, modelEvent{at, pri, m.seq, arg})
}

func (m *model) find(arg int64) int {
	return slices.IndexFunc(m.pending, func(e modelEvent) bool { return e.arg == arg })
}

func (m *model) min() int {
	best := -1
	for i, e := range m.pending {
		if best < 0 {
			best = i
			continue
		}
		b := m.pending[best]
		if e.at < b.at || e.at == b.at && (e.pri < b.pri || e.pri == b.pri && e.seq < b.seq) {
			best = i
		}
	}
	return best
}

// fuzzHandler records execution and, for events whose Arg is a positive
// multiple of 3, schedules a child -Arg at delay Arg%4 with priority Arg%2
// from inside the handler; modelStep does the same in the model.
type fuzzHandler struct {
	m    *model
	got  []int64
	want []int64
	ids  map[int64]EventID
}

func spawns(arg int64) bool { return arg > 0 && arg%3 == 0 }

func (h *fuzzHandler) Handle(s *Scheduler, ev Event) {
	h.got = append(h.got, ev.Arg)
	if spawns(ev.Arg) {
		h.ids[-ev.Arg] = s.After(Time(ev.Arg%4), Event{Priority: Priority(ev.Arg % 2), Arg: -ev.Arg}, h)
	}
}

// modelStep executes the model's earliest event; false if none.
func (h *fuzzHandler) modelStep() bool {
	m := h.m
	i := m.min()
	if i < 0 {
		return false
	}
	e := m.pending[i]
	m.pending = slices.Delete(m.pending, i, i+1)
	m.now = e.at
	h.want = append(h.want, e.arg)
	if spawns(e.arg) {
		m.schedule(m.now+Time(e.arg%4), Priority(e.arg%2), -e.arg)
	}
	return true
}

// FuzzScheduler decodes the input into a sequence of schedule, cancel,
// reschedule, step and run operations and checks the executed order (and
// Len, Peek, Pending, When) against the naive model after every operation.
func FuzzScheduler(f *testing.F) {
	f.Add([]byte{0, 1, 2, 0, 1, 2, 0, 3, 1, 3, 3, 3})
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3, 3, 3})
	f.Add([]byte{0, 5, 1, 0, 5, 1, 2, 0, 9, 1, 1, 3, 4, 7})
	f.Add([]byte{0, 7, 2, 0, 3, 0, 0, 3, 1, 1, 0, 1, 1, 2, 1, 5, 4, 9, 5, 3, 3})
	f.Add([]byte("schedule, cancel and reschedule many events in random order"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 900 { // 300 operations; the checks are quadratic
			data = data[:900]
		}
		s := NewScheduler()
		m := &model{}
		var next int64
		h := &fuzzHandler{m: m, ids: map[int64]EventID{}}
		arg := func(b byte) int64 { // pick a known event by byte
			if next == 0 {
				return 0
			}
			return int64(b)%next + 1
		}
		for len(data) >= 3 {
			op, a, b := data[0]%6, data[1], data[2]
			data = data[3:]
			switch op {
			case 0, 1: // schedule at now + a%8 with priority b%3
				next++
				at := s.Now() + Time(a%8)
				h.ids[next] = s.Schedule(Event{Time: at, Priority: Priority(b % 3), Arg: next}, h)
				m.schedule(at, Priority(b%3), next)
			case 2: // cancel
				x := arg(a)
				i := m.find(x)
				if got := s.Cancel(h.ids[x]); got != (i >= 0) {
					t.Fatalf("Cancel(%d) = %v, model pending %v", x, got, i >= 0)
				}
				if i >= 0 {
					m.pending = slices.Delete(m.pending, i, i+1)
				}
			case 3: // reschedule to now + b%8
				x := arg(a)
				i := m.find(x)
				at := s.Now() + Time(b%8)
				if got := s.Reschedule(h.ids[x], at); got != (i >= 0) {
					t.Fatalf("Reschedule(%d) = %v, model pending %v", x, got, i >= 0)
				}
				if i >= 0 {
					m.seq++
					m.pending[i].at, m.pending[i].seq = at, m.seq
				}
			case 4: // step
				if got, want := s.Step(), h.modelStep(); got != want {
					t.Fatalf("Step = %v, model %v", got, want)
				}
			case 5: // run until now + a%4
				until := s.Now() + Time(a%4)
				if err := s.Run(context.Background(), until); err != nil {
					t.Fatal(err)
				}
				for {
					i := m.min()
					if i < 0 || m.pending[i].at > until {
						break
					}
					h.modelStep()
				}
				m.now = until
			}
			if s.Now() != m.now {
				t.Fatalf("Now %d, model %d", s.Now(), m.now)
			}
			if s.Len() != len(m.pending) {
				t.Fatalf("Len %d, model %d", s.Len(), len(m.pending))
			}
			if i := m.min(); i >= 0 {
				ev, ok := s.Peek()
				if !ok || ev.Arg != m.pending[i].arg {
					t.Fatalf("Peek = %d, %v; model %d", ev.Arg, ok, m.pending[i].arg)
				}
			}
			for x := int64(1); x <= next; x++ {
				i := m.find(x)
				at, ok := s.When(h.ids[x])
				if ok != (i >= 0) || ok && at != m.pending[i].at || s.Pending(h.ids[x]) != ok {
					t.Fatalf("When(%d) = %d, %v; model %v", x, at, ok, i >= 0)
				}
			}
		}
		// Drain both.
		for s.Step() {
		}
		for h.modelStep() {
		}
		if !slices.Equal(h.got, h.want) {
			t.Fatalf("executed %v\nmodel    %v", h.got, h.want)
		}
	})
}
