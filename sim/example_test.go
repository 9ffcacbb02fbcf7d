package sim_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/lifeline-sim/lifeline/sim"
)

// tripper is a Handler: a protection relay that trips a line and schedules
// its reclosing 30 s later.
type tripper struct{}

func (tripper) Handle(s *sim.Scheduler, ev sim.Event) {
	fmt.Printf("%v trip line %d\n", s.Now(), ev.Entity)
	s.After(30*sim.Second, sim.Event{Priority: sim.PriorityTrip, Kind: 2, Entity: ev.Entity}, reclose)
}

// reclose is a HandlerFunc of a top-level function: it converts to a
// Handler without allocating.
var reclose = sim.HandlerFunc(func(s *sim.Scheduler, ev sim.Event) {
	fmt.Printf("%v reclose line %d\n", s.Now(), ev.Entity)
})

func ExampleScheduler() {
	s := sim.NewScheduler()
	// Same instant: the impact runs before the trip although scheduled
	// later, because PriorityImpact < PriorityTrip.
	s.Schedule(sim.Event{Time: 2 * sim.Hour, Priority: sim.PriorityTrip, Kind: 1, Entity: 7}, tripper{})
	s.Schedule(sim.Event{Time: 2 * sim.Hour, Priority: sim.PriorityImpact, Entity: 3},
		sim.HandlerFunc(func(s *sim.Scheduler, ev sim.Event) { fmt.Printf("%v damage substation %d\n", s.Now(), ev.Entity) }))
	if err := s.Run(context.Background(), sim.Day); err != nil {
		fmt.Println(err)
	}
	fmt.Println("now", s.Now(), "executed", s.Executed())
	// Output:
	// 2h damage substation 3
	// 2h trip line 7
	// 2h30s reclose line 7
	// now 1d executed 3
}

func ExampleHandlerFunc() {
	s := sim.NewScheduler()
	// A self-rescheduling handler: the closure is created once, and
	// rescheduling it allocates nothing.
	var every15m sim.HandlerFunc
	every15m = func(s *sim.Scheduler, ev sim.Event) {
		fmt.Println("tick at", s.Now())
		if s.Now() < 45*sim.Minute {
			s.After(15*sim.Minute, ev, every15m)
		}
	}
	s.Schedule(sim.Event{}, every15m)
	s.Run(context.Background(), sim.MaxTime)
	// Output:
	// tick at 0s
	// tick at 15m
	// tick at 30m
	// tick at 45m
}

func ExampleScheduler_Cancel() {
	s := sim.NewScheduler()
	say := sim.HandlerFunc(func(s *sim.Scheduler, ev sim.Event) { fmt.Println(s.Now(), "event", ev.Arg) })
	a := s.Schedule(sim.Event{Time: sim.Hour, Arg: 1}, say)
	b := s.Schedule(sim.Event{Time: 2 * sim.Hour, Arg: 2}, say)
	fmt.Println("cancel a:", s.Cancel(a), "again:", s.Cancel(a))
	fmt.Println("move b to 30m:", s.Reschedule(b, 30*sim.Minute))
	when, _ := s.When(b)
	fmt.Println("b pending at", when, "len", s.Len())
	s.Run(context.Background(), sim.MaxTime)
	fmt.Println("b pending after it fired:", s.Pending(b))
	// Output:
	// cancel a: true again: false
	// move b to 30m: true
	// b pending at 30m len 1
	// 30m event 2
	// b pending after it fired: false
}

func ExampleStream() {
	seed := sim.ReplicationSeed(2024, 0)
	// The sub-stream of component 17: the same numbers in every variant of
	// the scenario, whatever other components draw.
	a := sim.NewStream(seed, sim.StreamCascade, 17)
	b := sim.NewStream(seed, sim.StreamCascade, 17)
	other := sim.NewStream(seed, sim.StreamCascade, 18)
	other.Float64()
	fmt.Println(a.Float64() == b.Float64())
	fmt.Println(a.IntN(6) == b.IntN(6))
	// A user-defined stream never collides with the built-in ones.
	fmt.Println(sim.StreamOf("crews") >= 1<<31)
	// Output:
	// true
	// true
	// true
}

func ExampleReplicationSeed() {
	// Replication i's seed depends only on the scenario seed and i, so any
	// worker may run it.
	for i := range 3 {
		fmt.Printf("replication %d: %#016x\n", i, sim.ReplicationSeed(42, i))
	}
	// Output:
	// replication 0: 0x57e1faba65107204
	// replication 1: 0xf4abd143feb24055
	// replication 2: 0x7c816738c12903b2
}

func ExampleFingerprint() {
	run := func(seed uint64) uint64 {
		var fp sim.Fingerprint
		s := sim.NewScheduler()
		s.Observe(&fp)
		st := sim.NewStream(seed, sim.StreamHazard, -1)
		st.SetObserver(&fp)
		for k := range 5 {
			at := sim.Time(st.ExpFloat64() * float64(sim.Hour))
			s.Schedule(sim.Event{Time: at, Kind: 1, Entity: int32(k)}, sim.HandlerFunc(func(*sim.Scheduler, sim.Event) {}))
		}
		s.Run(context.Background(), sim.MaxTime)
		fmt.Println(fp.Events(), "events,", fp.Draws(), "draws")
		return fp.Sum()
	}
	first, again, other := run(1), run(1), run(2)
	fmt.Println("same seed, same fingerprint:", first == again)
	fmt.Println("other seed, same fingerprint:", first == other)
	// Output:
	// 5 events, 5 draws
	// 5 events, 5 draws
	// 5 events, 5 draws
	// same seed, same fingerprint: true
	// other seed, same fingerprint: false
}

func ExampleResource() {
	s := sim.NewScheduler()
	crews := sim.NewResource(s, 1)
	repair := sim.HandlerFunc(func(s *sim.Scheduler, ev sim.Event) {
		fmt.Printf("%v crew %d starts on component %d\n", s.Now(), ev.Entity, ev.Arg)
		unit := int(ev.Entity)
		s.After(2*sim.Hour, sim.Event{}, sim.HandlerFunc(func(s *sim.Scheduler, _ sim.Event) {
			crews.Release(unit)
		}))
	})
	// Component 5 is critical (priority 0) and overtakes 4 in the queue.
	crews.Request(1, sim.Event{Priority: sim.PriorityAction, Arg: 3}, repair)
	crews.Request(1, sim.Event{Priority: sim.PriorityAction, Arg: 4}, repair)
	crews.Request(0, sim.Event{Priority: sim.PriorityAction, Arg: 5}, repair)
	fmt.Println("in use", crews.InUse(), "queued", crews.Queued())
	s.Run(context.Background(), sim.MaxTime)
	// Output:
	// in use 1 queued 2
	// 0s crew 0 starts on component 3
	// 2h crew 0 starts on component 5
	// 4h crew 0 starts on component 4
}

func ExampleLevel() {
	s := sim.NewScheduler()
	onEmpty := sim.Event{Priority: sim.PriorityExpiry, Kind: 1}
	onFull := sim.Event{Priority: sim.PriorityExpiry, Kind: 2}
	report := sim.HandlerFunc(func(s *sim.Scheduler, ev sim.Event) {
		fmt.Println(s.Now(), map[sim.Kind]string{1: "battery empty", 2: "battery full"}[ev.Kind])
	})
	// A tower battery of 4 autonomy-hours, full; mains power is lost at 0.
	battery := sim.NewLevel(s, 4, 4, onEmpty, onFull, report)
	battery.SetRate(1) // drains 1 h per hour
	s.Schedule(sim.Event{Time: 90 * sim.Minute}, sim.HandlerFunc(func(*sim.Scheduler, sim.Event) {
		fmt.Println(s.Now(), "mains back, battery at", battery.Amount())
		battery.SetRate(-2) // recharges 2 h per hour
	}))
	s.Run(context.Background(), sim.MaxTime)
	// Output:
	// 1h30m mains back, battery at 2.5
	// 2h15m battery full
}

func ExampleParseDuration() {
	for _, in := range []string{"90s", "1d12h", "1.5d", "-1h", "3 days"} {
		d, err := sim.ParseDuration(in)
		if err != nil {
			fmt.Println(errors.Is(err, sim.ErrDuration), err)
			continue
		}
		fmt.Println(in, "=", d, "=", d.Duration())
	}
	// Output:
	// 90s = 1m30s = 1m30s
	// 1d12h = 1d12h = 36h0m0s
	// 1.5d = 1d12h = 36h0m0s
	// true sim: invalid duration "-1h": negative
	// true sim: invalid duration "3 days": unknown unit " days"
}
