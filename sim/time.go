package sim

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Time is a simulation instant: integer nanoseconds since the start of the
// scenario. Float time is never used; Hours exists for output only.
//
// The scheduler never holds a negative Time (the clock starts at 0 and events
// cannot be scheduled in the past); MaxTime means "never".
type Time int64

// Units of Time. They have the same values as the time package's Duration
// units, so Time(d) and Duration(t) are plain conversions.
const (
	Nanosecond  Time = 1
	Microsecond      = 1000 * Nanosecond
	Millisecond      = 1000 * Microsecond
	Second           = 1000 * Millisecond
	Minute           = 60 * Second
	Hour             = 60 * Minute
	Day              = 24 * Hour
)

// MaxTime is the largest Time. It stands for "never": Run(ctx, MaxTime) runs
// until the queue is empty, Add and After saturate at MaxTime, and an event
// at MaxTime is never queued (Schedule returns the zero EventID).
const MaxTime Time = math.MaxInt64

// Errors of ParseDuration. Every error wraps ErrDuration; a minus sign
// also wraps ErrNegativeDuration and a value above MaxTime (or a number too
// long for 64 bits) also wraps ErrDurationRange, so that a reader can map
// them onto its own sentinels.
var (
	ErrDuration         = errors.New("sim: invalid duration")
	ErrNegativeDuration = errors.New("negative")
	ErrDurationRange    = errors.New("out of range")
)

// FromDuration converts a time.Duration (also integer nanoseconds) to a Time
// offset from the scenario start.
func FromDuration(d time.Duration) Time { return Time(d) }

// Duration returns t as a time.Duration since the scenario start.
func (t Time) Duration() time.Duration { return time.Duration(t) }

// Add returns t+d, saturating at MaxTime ("never") and at math.MinInt64
// instead of wrapping around. Every sum of an instant and a delay in the
// kernel and the engine goes through Add, so a delay that would pass
// MaxTime means the event never happens.
func (t Time) Add(d Time) Time {
	s := t + d
	// Overflow happened iff both operands have the same sign and the sum's
	// sign differs from it.
	if (t >= 0) == (d >= 0) && (s >= 0) != (t >= 0) {
		if t >= 0 {
			return MaxTime
		}
		return math.MinInt64
	}
	return s
}

// Sub returns t-u as a time.Duration, saturating like time.Time.Sub.
func (t Time) Sub(u Time) time.Duration {
	d := time.Duration(t - u)
	if (d >= 0) != (t >= u) { // overflow
		if t >= u {
			return math.MaxInt64
		}
		return math.MinInt64
	}
	return d
}

// Hours returns t in hours as a float64. It is meant for output (plots,
// tables); simulation logic must use the integer value.
func (t Time) Hours() float64 {
	h := t / Hour
	ns := t % Hour
	return float64(h) + float64(ns)/float64(Hour)
}

// String formats t compactly with the units d (24 h), h, m and s, omitting
// zero units: "1d2h30m", "1m30s", "4h", "0s". A fractional second is written
// with the decimals it needs ("1.5s"); an instant below one second uses ms, µs
// or ns like time.Duration ("250ms"). MaxTime formats as "never". ParseDuration
// reads the result back exactly for every t >= 0 except MaxTime (see
// FormatDuration).
func (t Time) String() string {
	if t == MaxTime {
		return "never"
	}
	return FormatDuration(t)
}

// FormatDuration writes t as String does, except that MaxTime is written
// as a duration ("106751d23h47m16.854775807s") instead of "never", so that
// ParseDuration reads every t >= 0 back exactly. A negative t is written
// with a leading '-', which ParseDuration refuses.
func FormatDuration(t Time) string {
	if t == 0 {
		return "0s"
	}
	var buf [40]byte
	b := buf[:0]
	u := uint64(t)
	if t < 0 {
		b = append(b, '-')
		u = -u // correct for math.MinInt64 too, as unsigned
	}
	if u < uint64(Second) {
		// Below one second: one unit, like time.Duration.
		d := time.Duration(u)
		return string(b) + d.String()
	}
	for _, p := range [...]struct {
		unit   uint64
		suffix byte
	}{{uint64(Day), 'd'}, {uint64(Hour), 'h'}, {uint64(Minute), 'm'}} {
		if u >= p.unit {
			b = strconv.AppendUint(b, u/p.unit, 10)
			b = append(b, p.suffix)
			u %= p.unit
		}
	}
	if u > 0 {
		b = strconv.AppendUint(b, u/uint64(Second), 10)
		if frac := u % uint64(Second); frac > 0 {
			var digits [9]byte
			for i := 8; i >= 0; i-- {
				digits[i] = byte('0' + frac%10)
				frac /= 10
			}
			n := 9
			for digits[n-1] == '0' {
				n--
			}
			b = append(b, '.')
			b = append(b, digits[:n]...)
		}
		b = append(b, 's')
	}
	return string(b)
}

// unitOf returns the length in nanoseconds of a duration unit, or 0.
func unitOf(u string) uint64 {
	switch u {
	case "ns":
		return uint64(Nanosecond)
	case "us", "µs", "μs": // U+00B5 micro sign, U+03BC Greek mu
		return uint64(Microsecond)
	case "ms":
		return uint64(Millisecond)
	case "s":
		return uint64(Second)
	case "m":
		return uint64(Minute)
	case "h":
		return uint64(Hour)
	case "d":
		return uint64(Day)
	}
	return 0
}

// ParseDuration parses a non-negative duration in Go's syntax (a sequence of
// decimal numbers, each with an optional fraction and a unit: "ns", "us" or
// "µs" or "μs", "ms", "s", "m", "h") extended with "d" = 24 h: "90s", "15m",
// "4h", "3d", "1d12h", "1.5h", "1.5d". A lone "0" is allowed. A leading
// "+" is accepted and ignored, as time.ParseDuration does; a leading "-" is
// refused even before a zero ("-0s"), since durations are never negative.
// This is the one duration parser of lifeline: every file format reads its
// durations through it.
//
// Rounding. Integer parts are exact. A fraction is converted exactly as
// time.ParseDuration converts it: its leading digits f (as many as fit
// below 2^63; later digits are checked and ignored) give
// uint64(float64(f) * (float64(unit) / 10^digits)), truncated towards zero,
// which is within 1 ns of the exact value; a "d" term uses the same
// expression with unit 24 h, so "Nd" with a whole N is exactly N·24 h.
// Hence for every input time.ParseDuration accepts without a minus sign,
// ParseDuration returns the same value, and FormatDuration's output (and
// Time.String's, below MaxTime) reads back exactly.
//
// Every error wraps ErrDuration and quotes the input: negative durations
// (also ErrNegativeDuration), values above MaxTime, about 106751 days (also
// ErrDurationRange), missing or unknown units and malformed numbers are
// refused.
func ParseDuration(s string) (Time, error) {
	orig := s
	fail := func(reason error) (Time, error) {
		return 0, fmt.Errorf("%w %q: %w", ErrDuration, orig, reason)
	}
	bad := func(reason string) (Time, error) {
		return 0, fmt.Errorf("%w %q: %s", ErrDuration, orig, reason)
	}
	if s == "" {
		return bad("empty")
	}
	switch s[0] {
	case '-':
		return fail(ErrNegativeDuration)
	case '+':
		s = s[1:]
	}
	if s == "0" {
		return 0, nil
	}
	if s == "" {
		return bad("no number")
	}
	const limit = 1 << 63 // time.ParseDuration's bound on every partial sum
	var total uint64
	for s != "" {
		if s[0] != '.' && (s[0] < '0' || s[0] > '9') {
			return bad("expected a number at " + strconv.Quote(s))
		}
		// Integer part, refused past 2^63 as time.ParseDuration refuses it.
		var v uint64
		i, overflow := 0, false
		for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
			if overflow || v > limit/10 {
				overflow = true
				continue
			}
			v = v*10 + uint64(s[i]-'0')
			overflow = v > limit
		}
		digits := i > 0
		s = s[i:]
		// Fraction, accumulated as time.ParseDuration's leadingFraction does.
		var f uint64
		scale := 1.0
		if s != "" && s[0] == '.' {
			s = s[1:]
			full := false
			i = 0
			for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
				if full || f > (limit-1)/10 {
					full = true
					continue
				}
				y := f*10 + uint64(s[i]-'0')
				if y > limit {
					full = true
					continue
				}
				f = y
				scale *= 10
			}
			digits = digits || i > 0
			s = s[i:]
		}
		if !digits {
			return bad("expected a number at " + strconv.Quote(s))
		}
		// Unit: everything up to the next digit or '.'.
		j := 0
		for ; j < len(s) && s[j] != '.' && (s[j] < '0' || s[j] > '9'); j++ {
		}
		if j == 0 {
			return bad("missing unit")
		}
		unit := unitOf(s[:j])
		if unit == 0 {
			return bad("unknown unit " + strconv.Quote(s[:j]))
		}
		s = s[j:]
		if overflow || v > limit/unit {
			return fail(ErrDurationRange)
		}
		v *= unit
		if f > 0 {
			// The same float64 expression as time.ParseDuration, so the
			// results agree to the nanosecond.
			v += uint64(float64(f) * (float64(unit) / scale))
			if v > limit {
				return fail(ErrDurationRange)
			}
		}
		total += v
		if total > limit {
			return fail(ErrDurationRange)
		}
	}
	if total > math.MaxInt64 {
		return fail(ErrDurationRange)
	}
	return Time(total), nil
}
