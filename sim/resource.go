package sim

import "math/bits"

// RequestID identifies a request made to a Resource. The zero RequestID is
// no request; like EventID it carries a generation, so a stale ID is
// recognised.
type RequestID uint64

// Resource is a counted resource (repair crews, trucks, generators) of
// Capacity units indexed 0..Capacity-1. Requests wait in a queue ordered by
// their priority (lower first) and then by arrival (FIFO). A granted request
// holds one unit until Release.
//
// Grants are delivered through the scheduler: when a unit is assigned to a
// request, the request's event is scheduled at the current instant with its
// own Priority, Time set to the grant instant and Entity overwritten with the
// unit index; Kind and Arg are delivered unchanged to the request's handler.
// A request made while a unit is free is therefore granted at Now() but
// handled after the requesting handler returns, in the scheduler's order.
// Free units are assigned lowest index first.
//
// Request and Release cost O(log q) for q queued requests plus O(c/64) to
// find a free unit, and do not allocate once the queue has grown.
type Resource struct {
	s        *Scheduler
	capacity int
	inUse    int
	busy     []uint64 // bit u set while unit u is assigned
	holder   []int32  // per unit: request slot awaiting delivery, or -1
	reqs     []request
	free     int32     // free request slots, linked through pos
	queue    []waiting // binary min-heap by (priority, seq)
	seq      uint64
}

// request states.
const (
	reqFree uint8 = iota
	reqQueued
	reqGranted // unit assigned, grant event pending
)

type request struct {
	ev    Event
	h     Handler
	grant EventID // while granted
	gen   uint32
	pos   int32 // heap position while queued; unit while granted; next free slot while free
	state uint8
}

type waiting struct {
	priority int
	seq      uint64
	req      int32
}

// NewResource returns a resource of capacity units, all free, that delivers
// its grants through s. It panics with "sim: ..." if s is nil or capacity
// is negative.
func NewResource(s *Scheduler, capacity int) *Resource {
	if s == nil {
		panic("sim: nil scheduler")
	}
	if capacity < 0 {
		panic("sim: negative resource capacity")
	}
	r := &Resource{
		s:        s,
		capacity: capacity,
		busy:     make([]uint64, (capacity+63)/64),
		holder:   make([]int32, capacity),
		free:     -1,
	}
	for u := range r.holder {
		r.holder[u] = -1
	}
	return r
}

// Capacity returns the number of units.
func (r *Resource) Capacity() int { return r.capacity }

// InUse returns the number of units assigned to requests (granted, whether
// or not the grant has been delivered yet).
func (r *Resource) InUse() int { return r.inUse }

// Queued returns the number of requests waiting for a unit.
func (r *Resource) Queued() int { return len(r.queue) }

// Request asks for one unit. When a unit is assigned, ev is delivered to h
// as described on Resource (Time = grant instant, Entity = unit index).
// priority orders the waiting requests, lower first, FIFO among equals; it
// is independent of ev.Priority, which orders the grant event among the
// events of its instant. Request panics with "sim: nil handler" if h is nil.
func (r *Resource) Request(priority int, ev Event, h Handler) RequestID {
	if h == nil {
		panic("sim: nil handler")
	}
	i := r.allocReq()
	rq := &r.reqs[i]
	rq.ev = ev
	rq.h = h
	id := RequestID(uint64(rq.gen)<<32 | uint64(i+1))
	r.seq++
	r.enqueue(waiting{priority: priority, seq: r.seq, req: i})
	r.dispatch()
	return id
}

// CancelRequest withdraws a request and reports whether it was still
// outstanding: waiting in the queue, or granted with its grant not yet
// delivered (then the grant event is cancelled and the unit passes to the
// next waiting request). A delivered, cancelled or stale request returns
// false; a delivered unit is returned with Release.
func (r *Resource) CancelRequest(id RequestID) bool {
	lo := uint32(id)
	if lo == 0 || uint64(lo-1) >= uint64(len(r.reqs)) {
		return false
	}
	i := int32(lo - 1)
	rq := &r.reqs[i]
	if rq.gen != uint32(id>>32) {
		return false
	}
	switch rq.state {
	case reqQueued:
		r.unqueue(int(rq.pos))
		r.freeReq(i)
		return true
	case reqGranted:
		r.s.Cancel(rq.grant)
		r.holder[rq.pos] = -1
		r.unassign(int(rq.pos))
		r.freeReq(i)
		r.dispatch()
		return true
	}
	return false
}

// Release returns unit to the resource; the next waiting request, if any, is
// granted it at the same instant. Release panics with "sim: release of a free
// unit" if unit is out of range or not assigned, and with "sim: release of an
// undelivered unit" if its grant has not been delivered yet (use
// CancelRequest for that).
func (r *Resource) Release(unit int) {
	if unit < 0 || unit >= r.capacity || r.busy[unit>>6]&(1<<(unit&63)) == 0 {
		panic("sim: release of a free unit")
	}
	if r.holder[unit] >= 0 {
		panic("sim: release of an undelivered unit")
	}
	r.unassign(unit)
	r.dispatch()
}

func (r *Resource) unassign(unit int) {
	r.busy[unit>>6] &^= 1 << (unit & 63)
	r.inUse--
}

// dispatch grants free units to waiting requests in queue order.
func (r *Resource) dispatch() {
	for r.inUse < r.capacity && len(r.queue) > 0 {
		i := r.queue[0].req
		r.unqueue(0)
		unit := r.lowestFree()
		r.busy[unit>>6] |= 1 << (unit & 63)
		r.inUse++
		r.holder[unit] = i
		rq := &r.reqs[i]
		rq.state = reqGranted
		rq.pos = int32(unit)
		ev := rq.ev
		ev.Time = r.s.Now()
		ev.Entity = int32(unit)
		rq.grant = r.s.push(ev, (*resourceGrant)(r))
	}
}

func (r *Resource) lowestFree() int {
	for w, b := range r.busy {
		if b != ^uint64(0) {
			return w*64 + bits.TrailingZeros64(^b)
		}
	}
	panic("sim: resource has no free unit") // unreachable: inUse < capacity
}

// resourceGrant delivers grants: ev.Entity is the unit, whose holder names
// the request.
type resourceGrant Resource

func (g *resourceGrant) Handle(s *Scheduler, ev Event) {
	r := (*Resource)(g)
	unit := int(ev.Entity)
	i := r.holder[unit]
	r.holder[unit] = -1
	h := r.reqs[i].h
	r.freeReq(i)
	h.Handle(s, ev)
}

func (r *Resource) allocReq() int32 {
	if r.free < 0 {
		r.reqs = append(r.reqs, request{})
		return int32(len(r.reqs) - 1)
	}
	i := r.free
	r.free = r.reqs[i].pos
	return i
}

func (r *Resource) freeReq(i int32) {
	rq := &r.reqs[i]
	rq.h = nil
	rq.grant = 0
	rq.state = reqFree
	rq.gen++
	rq.pos = r.free
	r.free = i
}

// The queue of waiting requests is a binary heap whose requests know their
// position.

func waitLess(a, b *waiting) bool {
	return a.priority < b.priority || a.priority == b.priority && a.seq < b.seq
}

func (r *Resource) place(j int, w waiting) {
	r.queue[j] = w
	r.reqs[w.req].pos = int32(j)
}

func (r *Resource) enqueue(w waiting) {
	r.reqs[w.req].state = reqQueued
	r.queue = append(r.queue, w)
	r.siftUp(len(r.queue)-1, w)
}

func (r *Resource) siftUp(j int, w waiting) {
	for j > 0 {
		p := (j - 1) / 2
		if !waitLess(&w, &r.queue[p]) {
			break
		}
		r.place(j, r.queue[p])
		j = p
	}
	r.place(j, w)
}

func (r *Resource) siftDown(j int, w waiting) {
	n := len(r.queue)
	for {
		c := 2*j + 1
		if c >= n {
			break
		}
		if c+1 < n && waitLess(&r.queue[c+1], &r.queue[c]) {
			c++
		}
		if !waitLess(&r.queue[c], &w) {
			break
		}
		r.place(j, r.queue[c])
		j = c
	}
	r.place(j, w)
}

// unqueue removes the entry at heap position j.
func (r *Resource) unqueue(j int) {
	n := len(r.queue) - 1
	last := r.queue[n]
	r.queue = r.queue[:n]
	if j == n {
		return
	}
	if j > 0 && waitLess(&last, &r.queue[(j-1)/2]) {
		r.siftUp(j, last)
	} else {
		r.siftDown(j, last)
	}
}
