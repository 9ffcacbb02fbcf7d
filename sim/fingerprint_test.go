package sim

import (
	"context"
	"testing"
)

// goldenFingerprint pins the fingerprint of goldenWorkload(42). It was
// recorded on linux/amd64 and must change only with a deliberate change of
// the kernel's ordering, stream seeding or the workload; explain any change
// in the commit. To refresh it, run
//
//	go test -run TestGoldenFingerprint -v ./sim
//
// and copy the reported value here.
const goldenFingerprint uint64 = 0x09ae4d44b2896d3c

// goldenWorkload is a fixed random workload that exercises every part of
// the kernel a replication uses:
//
//   - seed: ReplicationSeed(scenarioSeed, 3);
//   - 50 components k = 0..49, each failing at an Exp(1)-hour instant drawn
//     from its own sub-stream (StreamHazard, k), with priority
//     PriorityImpact, Kind 1, Entity k;
//   - a failure requests one of 3 crews (Resource) with priority k%4; a
//     crew arrives (grant) and repairs after 1 + IntN(4) hours drawn from
//     (StreamResponse, k), then releases the crew (Kind 2 and 3);
//   - a shared battery (Level, capacity 6 h) drains at 1 h/h while any
//     component is down and recharges at 0.5 h/h otherwise; its empty and
//     full events are Kind 4 and 5;
//   - 30% of repairs (Float64 on (StreamCascade, k)) schedule a second
//     failure of the same component after Norm(12 h, 3 h) clamped at 0;
//   - a nuisance event (Kind 6) is scheduled and then cancelled for every
//     failure, and every tenth one is rescheduled instead;
//   - the run stops at 7 days.
//
// Every executed event and every raw draw goes into the fingerprint.
func goldenWorkload(scenarioSeed uint64) *Fingerprint {
	fp := &Fingerprint{}
	s := NewScheduler()
	s.Observe(fp)
	seed := ReplicationSeed(scenarioSeed, 3)
	w := &goldenWork{s: s, fp: fp, seed: seed}
	w.crews = NewResource(s, 3)
	w.battery = NewLevel(s, 6, 6, Event{Priority: PriorityExpiry, Kind: 4}, Event{Priority: PriorityExpiry, Kind: 5}, HandlerFunc(func(*Scheduler, Event) {}))
	for k := range 50 {
		st := w.stream(StreamHazard, k)
		at := Time(st.ExpFloat64() * float64(Hour))
		s.Schedule(Event{Time: at, Priority: PriorityImpact, Kind: 1, Entity: int32(k)}, HandlerFunc(w.fail))
	}
	if err := s.Run(context.Background(), 7*Day); err != nil {
		panic(err)
	}
	return fp
}

type goldenWork struct {
	s       *Scheduler
	fp      *Fingerprint
	seed    uint64
	crews   *Resource
	battery *Level
	down    int
	streams map[[2]int64]*Stream
}

func (w *goldenWork) stream(id StreamID, k int) *Stream {
	if w.streams == nil {
		w.streams = map[[2]int64]*Stream{}
	}
	key := [2]int64{int64(id), int64(k)}
	st := w.streams[key]
	if st == nil {
		v := NewStream(w.seed, id, int64(k))
		v.SetObserver(w.fp)
		st = &v
		w.streams[key] = st
	}
	return st
}

func (w *goldenWork) setBattery() {
	if w.down > 0 {
		w.battery.SetRate(1)
	} else {
		w.battery.SetRate(-0.5)
	}
}

func (w *goldenWork) fail(s *Scheduler, ev Event) {
	w.down++
	w.setBattery()
	k := int(ev.Entity)
	w.crews.Request(k%4, Event{Priority: PriorityAction, Kind: 2, Arg: int64(k)}, HandlerFunc(w.arrive))
	id := s.After(Hour, Event{Priority: PriorityTrip, Kind: 6, Entity: ev.Entity}, HandlerFunc(w.fail))
	if k%10 == 0 {
		s.Reschedule(id, s.Now()+30*Day) // beyond the horizon: never runs
	} else {
		s.Cancel(id)
	}
}

func (w *goldenWork) arrive(s *Scheduler, ev Event) {
	k := int(ev.Arg)
	d := Time(1+w.stream(StreamResponse, k).IntN(4)) * Hour
	s.After(d, Event{Priority: PriorityAction, Kind: 3, Entity: ev.Entity, Arg: ev.Arg}, HandlerFunc(w.repair))
}

func (w *goldenWork) repair(s *Scheduler, ev Event) {
	w.crews.Release(int(ev.Entity))
	w.down--
	w.setBattery()
	k := int(ev.Arg)
	st := w.stream(StreamCascade, k)
	if st.Float64() < 0.3 {
		d := max(12+3*st.NormFloat64(), 0)
		s.After(Time(d*float64(Hour)), Event{Priority: PriorityImpact, Kind: 1, Entity: int32(k)}, HandlerFunc(w.fail))
	}
}

func TestGoldenFingerprint(t *testing.T) {
	fp := goldenWorkload(42)
	t.Logf("fingerprint %#016x: %d events, %d draws", fp.Sum(), fp.Events(), fp.Draws())
	if fp.Events() < 100 || fp.Draws() < 100 {
		t.Fatalf("workload too small: %d events, %d draws", fp.Events(), fp.Draws())
	}
	if fp.Sum() != goldenFingerprint {
		t.Errorf("fingerprint %#016x, golden %#016x (amd64; see goldenFingerprint to refresh)", fp.Sum(), goldenFingerprint)
	}
}

func TestFingerprintDeterminism(t *testing.T) {
	a, b := goldenWorkload(7), goldenWorkload(7)
	if a.Sum() != b.Sum() || a.Events() != b.Events() || a.Draws() != b.Draws() {
		t.Errorf("same seed, different fingerprints: %#x vs %#x", a.Sum(), b.Sum())
	}
	if c := goldenWorkload(8); c.Sum() == a.Sum() {
		t.Error("different seeds, same fingerprint")
	}
}

func TestFingerprintHash(t *testing.T) {
	var f Fingerprint
	if f.Sum() != fnvOffset {
		t.Errorf("empty Sum %#x, want the FNV-1a offset basis", f.Sum())
	}
	// FNV-1a 64 of the single byte 'E' followed by 23 zero bytes, computed
	// by hand from the definition (h = (h ^ b) · prime per byte).
	want := uint64(fnvOffset)
	for i, b := range append([]byte{'E'}, make([]byte, 23)...) {
		_ = i
		want ^= uint64(b)
		want *= fnvPrime
	}
	f.ObserveEvent(Event{})
	if f.Sum() != want || f.Events() != 1 || f.Draws() != 0 {
		t.Errorf("Sum %#x want %#x", f.Sum(), want)
	}
	// Order matters; each field matters.
	var g, h Fingerprint
	g.ObserveEvent(Event{Time: 1})
	g.ObserveDraw(1, -1, 5)
	h.ObserveDraw(1, -1, 5)
	h.ObserveEvent(Event{Time: 1})
	if g.Sum() == h.Sum() {
		t.Error("interleaving does not change the sum")
	}
	base := Event{Time: 1, Priority: 2, Kind: 3, Entity: 4, Arg: 5}
	seen := map[uint64]bool{}
	for _, ev := range []Event{base, {Time: 2, Priority: 2, Kind: 3, Entity: 4, Arg: 5},
		{Time: 1, Priority: 3, Kind: 3, Entity: 4, Arg: 5}, {Time: 1, Priority: 2, Kind: 4, Entity: 4, Arg: 5},
		{Time: 1, Priority: 2, Kind: 3, Entity: 5, Arg: 5}, {Time: 1, Priority: 2, Kind: 3, Entity: 4, Arg: 6}} {
		var f Fingerprint
		f.ObserveEvent(ev)
		if seen[f.Sum()] {
			t.Errorf("%+v hashes like another event", ev)
		}
		seen[f.Sum()] = true
	}
	g.Reset()
	if g.Sum() != fnvOffset || g.Events() != 0 || g.Draws() != 0 {
		t.Error("Reset does not clear")
	}
}
