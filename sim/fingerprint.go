package sim

// Fingerprint hashes a whole run for regression tests: every executed event
// (as an Observer of the scheduler) and every raw random draw (as the
// DrawObserver of streams), in the order they happen. Two runs have the same
// Sum only if they executed the same events with the same payloads and drew
// the same numbers in the same interleaving.
//
// The hash is 64-bit FNV-1a (offset basis 0xcbf29ce484222325, prime
// 0x100000001b3) over a byte record per observation, integers little-endian:
//
//	event: 'E', Time (8 bytes), Priority (1), Kind (2), Entity (4), Arg (8)
//	draw:  'D', StreamID (4), entity (8), raw value (8)
//
// It involves no floating point and no map iteration, so a Sum is the same
// on every platform for the same sequence of observations. (Whether a
// simulation produces the same sequence on every platform is its own
// business: floating-point code may differ where Go fuses multiply-adds,
// which is why golden fingerprints are recorded on amd64.)
//
// The zero Fingerprint is ready to use.
type Fingerprint struct {
	h      uint64 // FNV-1a state, XOR fnvOffset so that the zero value is ready
	events uint64
	draws  uint64
}

const (
	fnvOffset = 0xcbf29ce484222325
	fnvPrime  = 0x100000001b3
)

// fnvWrite hashes the n low bytes of v, least significant first.
func fnvWrite(h, v uint64, n int) uint64 {
	for range n {
		h ^= v & 0xff
		h *= fnvPrime
		v >>= 8
	}
	return h
}

// ObserveEvent adds an executed event. It implements Observer.
func (f *Fingerprint) ObserveEvent(ev Event) {
	h := f.h ^ fnvOffset
	h = fnvWrite(h, 'E', 1)
	h = fnvWrite(h, uint64(ev.Time), 8)
	h = fnvWrite(h, uint64(ev.Priority), 1)
	h = fnvWrite(h, uint64(ev.Kind), 2)
	h = fnvWrite(h, uint64(uint32(ev.Entity)), 4)
	h = fnvWrite(h, uint64(ev.Arg), 8)
	f.h = h ^ fnvOffset
	f.events++
}

// ObserveDraw adds a raw random draw. It implements DrawObserver.
func (f *Fingerprint) ObserveDraw(id StreamID, entity int64, raw uint64) {
	h := f.h ^ fnvOffset
	h = fnvWrite(h, 'D', 1)
	h = fnvWrite(h, uint64(id), 4)
	h = fnvWrite(h, uint64(entity), 8)
	h = fnvWrite(h, raw, 8)
	f.h = h ^ fnvOffset
	f.draws++
}

// Sum returns the hash of everything observed since the last Reset (the FNV
// offset basis if nothing was).
func (f *Fingerprint) Sum() uint64 { return f.h ^ fnvOffset }

// Events returns the number of events observed.
func (f *Fingerprint) Events() uint64 { return f.events }

// Draws returns the number of random draws observed.
func (f *Fingerprint) Draws() uint64 { return f.draws }

// Reset forgets everything observed.
func (f *Fingerprint) Reset() { *f = Fingerprint{} }
