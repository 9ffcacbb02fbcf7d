package sim

import (
	"math"
	"math/bits"
	"math/rand/v2"
)

// golden (γ) is 2⁶⁴/φ, the increment of splitmix64; golden2 and golden3 are
// 2γ and 3γ modulo 2⁶⁴.
const (
	golden  uint64 = 0x9e3779b97f4a7c15
	golden2 uint64 = 0x3c6ef372fe94f82a
	golden3 uint64 = 0xdaa66d2c7ddf743f
)

// mix64 is the finaliser of splitmix64 (Stafford's Mix13): a bijection of
// uint64 whose output bits each depend on every input bit.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// ReplicationSeed returns the seed of replication r (0, 1, 2, ...) of a
// scenario whose seed is scenarioSeed:
//
//	mix64(mix64(scenarioSeed + γ) + (r+1)·γ)
//
// with γ = 0x9e3779b97f4a7c15 and mix64 the splitmix64 finaliser, i.e. the
// r-th output of a splitmix64 generator seeded with mix64(scenarioSeed + γ).
// It is a pure function of its arguments, so replication r gets the same
// seed whichever worker runs it and however the replications are sharded.
// It panics with "sim: negative replication" if r < 0.
func ReplicationSeed(scenarioSeed uint64, replication int) uint64 {
	if replication < 0 {
		panic("sim: negative replication")
	}
	return mix64(mix64(scenarioSeed+golden) + (uint64(replication)+1)*golden)
}

// StreamID names an independent random stream of a replication. The
// built-in streams are small numbers; StreamOf derives IDs for user-defined
// names.
type StreamID uint32

// Built-in streams. Future built-ins stay below 2³¹.
const (
	StreamHazard   StreamID = 1 // hazard occurrence and intensity
	StreamCascade  StreamID = 2 // fragility and failure draws of the cascade engine
	StreamResponse StreamID = 3 // crews, travel and repair times
	StreamAnalysis StreamID = 4 // sampling done by analyses
)

// StreamOf returns the stream ID of a user-defined name: the 32-bit FNV-1a
// hash of the name's bytes with the top bit set. Because built-in IDs are
// below 2³¹ and every StreamOf result is at least 2³¹, a user-defined stream
// never collides with a built-in one. (Two user names collide with
// probability 2⁻³¹; scenario validation should reject that rare case.)
func StreamOf(name string) StreamID {
	h := uint32(2166136261)
	for i := 0; i < len(name); i++ {
		h ^= uint32(name[i])
		h *= 16777619
	}
	return StreamID(h | 1<<31)
}

// DrawObserver sees every raw 64-bit draw of the streams it is set on, for
// fingerprints and traces.
type DrawObserver interface {
	ObserveDraw(id StreamID, entity int64, raw uint64)
}

// Stream is a deterministic random stream: a PCG generator (math/rand/v2's
// PCG-DXSM) seeded from (seed, stream id, entity). It is a value type —
// creating one allocates nothing — and its zero value is not useful; use
// NewStream. Copying a Stream copies its state: the copy draws the same
// numbers. A Stream is not safe for concurrent use.
//
// Stream implements rand.Source, and its Float64, IntN, ExpFloat64,
// NormFloat64 and Shuffle are math/rand/v2's algorithms over that source, so
// they return exactly what rand.New(&stream) would (on 64-bit platforms),
// without allocating.
type Stream struct {
	src    rand.PCG
	obs    DrawObserver
	entity int64
	id     StreamID
}

// NewStream returns stream id of the replication seeded with seed (usually
// a ReplicationSeed), for entity: -1 for the stream as a whole, k >= 0 for
// the sub-stream of entity k (a component, a crew). Keying draws by entity
// gives common random numbers: component k receives the same numbers in
// every variant of a scenario, whatever else draws.
//
// The PCG state is (hi, lo) with
//
//	a  = mix64(seed + γ)
//	b  = mix64(a ^ mix64(uint64(id) + 2γ))
//	hi = mix64(b ^ mix64(uint64(entity) + 3γ))
//	lo = mix64(hi + γ)
//
// (mix64 and γ as in ReplicationSeed); this formula is part of the
// determinism contract and changes only with a fingerprint refresh.
func NewStream(seed uint64, id StreamID, entity int64) Stream {
	a := mix64(seed + golden)
	b := mix64(a ^ mix64(uint64(id)+golden2))
	hi := mix64(b ^ mix64(uint64(entity)+golden3))
	lo := mix64(hi + golden)
	st := Stream{id: id, entity: entity}
	st.src.Seed(hi, lo)
	return st
}

// ID returns the stream's ID.
func (s *Stream) ID() StreamID { return s.id }

// Entity returns the stream's entity (-1 for the stream as a whole).
func (s *Stream) Entity() int64 { return s.entity }

// SetObserver sets (or, with nil, clears) the observer of the stream's raw
// draws.
func (s *Stream) SetObserver(o DrawObserver) { s.obs = o }

// Uint64 returns a uniformly distributed 64-bit value. It implements
// rand.Source; every raw draw, including those made by the methods below, is
// reported to the stream's observer.
func (s *Stream) Uint64() uint64 {
	v := s.src.Uint64()
	if s.obs != nil {
		s.obs.ObserveDraw(s.id, s.entity, v)
	}
	return v
}

// The methods below are math/rand/v2's algorithms (rand.go, exp.go,
// normal.go of the Go distribution) written over s.Uint64 directly: going
// through rand.New(s) would pass s through the rand.Source interface and
// force every Stream onto the heap.

// Float64 returns a uniform float64 in [0, 1) (one raw draw).
func (s *Stream) Float64() float64 {
	return float64(s.Uint64()<<11>>11) / (1 << 53)
}

// IntN returns a uniform int in [0, n), by Lemire's nearly divisionless
// method as in math/rand/v2 (64-bit platforms). It panics if n <= 0.
func (s *Stream) IntN(n int) int {
	if n <= 0 {
		panic("sim: invalid argument to IntN")
	}
	return int(s.uint64n(uint64(n)))
}

// uint64n returns a uniform value in [0, n) for n > 0.
func (s *Stream) uint64n(n uint64) uint64 {
	if n&(n-1) == 0 { // a power of two: mask
		return s.Uint64() & (n - 1)
	}
	hi, lo := bits.Mul64(s.Uint64(), n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(s.Uint64(), n)
		}
	}
	return hi
}

// ExpFloat64 returns an exponentially distributed float64 in
// (0, math.MaxFloat64] with rate 1 (mean 1), by the ziggurat algorithm of
// math/rand/v2. For rate λ, divide the result by λ.
func (s *Stream) ExpFloat64() float64 {
	for {
		u := s.Uint64()
		j := uint32(u)
		i := uint8(u >> 32)
		x := float64(j) * float64(expW[i])
		if j < expK[i] {
			return x
		}
		if i == 0 {
			return expR - math.Log(s.Float64())
		}
		if expF[i]+float32(s.Float64())*(expF[i-1]-expF[i]) < float32(math.Exp(-x)) {
			return x
		}
	}
}

// NormFloat64 returns a standard normal float64 (mean 0, standard deviation
// 1), by the ziggurat algorithm of math/rand/v2.
func (s *Stream) NormFloat64() float64 {
	for {
		u := s.Uint64()
		j := int32(u) // possibly negative
		i := u >> 32 & 0x7F
		x := float64(j) * float64(normW[i])
		aj := uint32(j)
		if j < 0 {
			aj = uint32(-j)
		}
		if aj < normK[i] {
			return x
		}
		if i == 0 {
			// The base strip.
			for {
				x = -math.Log(s.Float64()) * (1.0 / normR)
				y := -math.Log(s.Float64())
				if y+y >= x*x {
					break
				}
			}
			if j > 0 {
				return normR + x
			}
			return -normR - x
		}
		if normF[i]+float32(s.Float64())*(normF[i-1]-normF[i]) < float32(math.Exp(-.5*x*x)) {
			return x
		}
	}
}

// Shuffle pseudo-randomizes the order of n elements with the Fisher–Yates
// algorithm of math/rand/v2; swap swaps the elements with indexes i and j.
// It panics if n < 0.
func (s *Stream) Shuffle(n int, swap func(i, j int)) {
	if n < 0 {
		panic("sim: invalid argument to Shuffle")
	}
	for i := n - 1; i > 0; i-- {
		j := int(s.uint64n(uint64(i + 1)))
		swap(i, j)
	}
}
