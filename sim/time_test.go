package sim

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Time
	}{
		{"0", 0},
		{"0s", 0},
		{"+5s", 5 * Second},
		{"90s", 90 * Second},
		{"15m", 15 * Minute},
		{"4h", 4 * Hour},
		{"3d", 3 * Day},
		{"1d12h", 36 * Hour},
		{"1.5h", 90 * Minute},
		{"1.5d", 36 * Hour},
		{".5d", 12 * Hour},
		{"0.1d", 8640 * Second},
		{".5m", 30 * Second},
		{"1.m", Minute},
		{"2h45m30.25s", 2*Hour + 45*Minute + 30*Second + 250*Millisecond},
		{"10ms", 10 * Millisecond},
		{"7us", 7 * Microsecond},
		{"7µs", 7 * Microsecond},
		{"7μs", 7 * Microsecond},
		{"3ns", 3},
		{"1h1h", 2 * Hour}, // repeated units add, as in time.ParseDuration
		// One third of a day is 28800 s exactly; 0.333333333333 d is
		// 28799.9999999712 s: 333333333333 · (86400e9 / 1e12) = 28799999999971.2
		// in float64, truncated.
		{"0.333333333333d", 28799999999971},
		// 0.07000000000944444 h is exactly 252000000033.999984 ns; the float64
		// expression time.ParseDuration uses gives 252000000034 (go1.26
		// time.ParseDuration(".07000000000944444h")), and so does ours.
		{".07000000000944444h", 252000000034},
		// 1e-10 s is below one nanosecond: truncated to 0.
		{"0.0000000001s", 0},
		// Digits past what fits in 63 bits are read and ignored.
		{"1.0000000000000000000009s", Second},
		// The largest representable duration, in ns.
		{"9223372036854775807ns", MaxTime},
		{"2562047h47m16.854775807s", MaxTime},
		{"106751d23h47m16.854775807s", MaxTime},
	} {
		got, err := ParseDuration(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
		// Where Go's parser accepts the input it must agree with us.
		if g, err := time.ParseDuration(tc.in); err == nil && FromDuration(g) != got {
			t.Errorf("ParseDuration(%q) = %v; time.ParseDuration says %v", tc.in, got, g)
		}
	}
}

func TestParseDurationErrors(t *testing.T) {
	for _, tc := range []struct {
		in, why string
		is      error
	}{
		{"", "empty", nil},
		{"-5m", "negative", ErrNegativeDuration},
		{"-0", "negative", ErrNegativeDuration},
		{"-0s", "negative", ErrNegativeDuration},
		{"+", "no number", nil},
		{"++1h", "expected a number", nil},
		{"abc", "expected a number", nil},
		{"5", "missing unit", nil},
		{"5x", "unknown unit", nil},
		{"5 h", "unknown unit", nil},
		{"1 h", "unknown unit", nil},
		{"4 hours", "unknown unit", nil},
		{"1w", "unknown unit", nil},
		{"1d-2h", "unknown unit", nil},
		{".s", "expected a number", nil},
		{".h", "expected a number", nil},
		{"1.5.5h", "missing unit", nil},
		{"106752d", "out of range", ErrDurationRange},
		{"9223372036854775808ns", "out of range", ErrDurationRange},
		{"18446744073709551616ns", "out of range", ErrDurationRange},
		{"99999999999999999999h", "out of range", ErrDurationRange},
		{"99999999999999999999s", "out of range", ErrDurationRange},
		{"106751d23h47m16.854775808s", "out of range", ErrDurationRange},
		{"2562047h47m16.854775808s", "out of range", ErrDurationRange},
	} {
		got, err := ParseDuration(tc.in)
		if err == nil {
			t.Errorf("ParseDuration(%q) = %v, want an error (%s)", tc.in, got, tc.why)
			continue
		}
		if !errors.Is(err, ErrDuration) {
			t.Errorf("ParseDuration(%q): %v does not wrap ErrDuration", tc.in, err)
		}
		if tc.is != nil && !errors.Is(err, tc.is) {
			t.Errorf("ParseDuration(%q): %v does not wrap %v", tc.in, err, tc.is)
		}
		if !strings.Contains(err.Error(), `"`+tc.in+`"`) && tc.in != "" {
			t.Errorf("ParseDuration(%q): %v does not quote the input", tc.in, err)
		}
		if !strings.Contains(err.Error(), tc.why) {
			t.Errorf("ParseDuration(%q): %v, want reason %q", tc.in, err, tc.why)
		}
	}
}

func TestTimeString(t *testing.T) {
	for _, tc := range []struct {
		t    Time
		want string
	}{
		{0, "0s"},
		{90 * Second, "1m30s"},
		{26*Hour + 30*Minute, "1d2h30m"},
		{4 * Hour, "4h"},
		{3 * Day, "3d"},
		{Day + Second, "1d1s"},
		{1500 * Millisecond, "1.5s"},
		{Minute + 1, "1m0.000000001s"},
		{250 * Millisecond, "250ms"},
		{1500, "1.5µs"},
		{7, "7ns"},
		{-90 * Second, "-1m30s"},
		{-7, "-7ns"},
		{MaxTime, "never"},
		{math.MinInt64, "-106751d23h47m16.854775808s"},
	} {
		if got := tc.t.String(); got != tc.want {
			t.Errorf("Time(%d).String() = %q, want %q", int64(tc.t), got, tc.want)
		}
		// Round trip for non-negative instants.
		if tc.t >= 0 && tc.t != MaxTime {
			back, err := ParseDuration(tc.want)
			if err != nil || back != tc.t {
				t.Errorf("ParseDuration(%q) = %d, %v; want %d", tc.want, back, err, tc.t)
			}
		}
	}
}

func TestTimeArithmetic(t *testing.T) {
	if got := FromDuration(90 * time.Minute); got != 90*Minute {
		t.Errorf("FromDuration = %d", got)
	}
	if got := (2 * Hour).Duration(); got != 2*time.Hour {
		t.Errorf("Duration = %v", got)
	}
	if got := Hour.Add(30 * Minute); got != 90*Minute {
		t.Errorf("Add = %v", got)
	}
	if got := (MaxTime - 1).Add(Hour); got != MaxTime {
		t.Errorf("Add does not saturate: %d", got)
	}
	if got := Time(math.MinInt64 + 1).Add(-Hour); got != math.MinInt64 {
		t.Errorf("Add does not saturate below: %d", got)
	}
	if got := (3 * Hour).Sub(Hour); got != 2*time.Hour {
		t.Errorf("Sub = %v", got)
	}
	if got := MaxTime.Sub(-1); got != math.MaxInt64 {
		t.Errorf("Sub does not saturate: %d", got)
	}
	if got := Time(math.MinInt64).Sub(1); got != math.MinInt64 {
		t.Errorf("Sub does not saturate below: %d", got)
	}
	// 90 min = 1.5 h exactly; 1 ns is 1/3.6e12 h.
	if got := (90 * Minute).Hours(); got != 1.5 {
		t.Errorf("Hours = %v", got)
	}
	if got := Day.Hours(); got != 24 {
		t.Errorf("Day.Hours = %v", got)
	}
	if Day != 86400*Second || Hour != 3600*Second || Microsecond != 1000 {
		t.Error("unit constants are wrong")
	}
}

func TestFormatDuration(t *testing.T) {
	for _, tc := range []struct {
		t    Time
		want string
	}{
		{0, "0s"},
		{36 * Hour, "1d12h"},
		{MaxTime, "106751d23h47m16.854775807s"}, // 2^63-1 ns, by hand
		{-Minute, "-1m"},
	} {
		got := FormatDuration(tc.t)
		if got != tc.want {
			t.Errorf("FormatDuration(%d) = %q, want %q", int64(tc.t), got, tc.want)
		}
		if back, err := ParseDuration(got); tc.t >= 0 && (err != nil || back != tc.t) {
			t.Errorf("ParseDuration(%q) = %d, %v; want %d", got, back, err, tc.t)
		}
	}
}

// FuzzParseDuration checks ParseDuration against time.ParseDuration: every
// input Go accepts without a minus sign is read to the same value, a minus
// sign is ErrNegativeDuration, whole days are 24 h multiples, appending "1d"
// adds exactly one day, and every value read is written by FormatDuration
// in a form read back exactly.
func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"0", "90s", "4h30m", "1.5h", "1d12h", "1.000000000000000000001h", ".5s", "5.s", "+1h",
		"9223372036854775807ns", "2562047h47m16.854775807s", "2562048h", "1µs", "1μs", "-1s", "1", "h", "1x", "d",
		".07000000000944444h", "0.333333333333d", "106751d", "-0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			if !errors.Is(err, ErrDuration) {
				t.Fatalf("ParseDuration(%q): %v does not wrap ErrDuration", s, err)
			}
			if strings.HasPrefix(s, "-") != errors.Is(err, ErrNegativeDuration) {
				t.Fatalf("ParseDuration(%q): %v; ErrNegativeDuration iff a leading minus", s, err)
			}
		} else {
			if d < 0 {
				t.Fatalf("ParseDuration(%q) = %d", s, int64(d))
			}
			if back, err := ParseDuration(FormatDuration(d)); err != nil || back != d {
				t.Fatalf("ParseDuration(%q) = %d, written %q, read back as %d, %v", s, int64(d), FormatDuration(d), int64(back), err)
			}
			plus, err := ParseDuration(s + "1d")
			if d > MaxTime-Day {
				if !errors.Is(err, ErrDurationRange) {
					t.Fatalf("ParseDuration(%q) = %d, %v; want ErrDurationRange", s+"1d", int64(plus), err)
				}
			} else if err != nil || plus != d+Day {
				t.Fatalf("ParseDuration(%q) = %d, %v; want %d", s+"1d", int64(plus), err, int64(d+Day))
			}
		}
		if n, err := strconv.ParseUint(s, 10, 64); err == nil && n <= uint64(MaxTime/Day) {
			if got, err := ParseDuration(s + "d"); err != nil || got != Time(n)*Day {
				t.Fatalf("ParseDuration(%q) = %d, %v; want %d·24h", s+"d", int64(got), err, n)
			}
			if got, err := ParseDuration(strconv.FormatUint(24*n, 10) + "h"); err != nil || got != Time(n)*Day {
				t.Fatalf("ParseDuration(%dh) = %d, %v; want %d·24h", 24*n, int64(got), err, n)
			}
		}
		if g, gerr := time.ParseDuration(s); gerr == nil && !strings.HasPrefix(s, "-") && (err != nil || FromDuration(g) != d) {
			t.Fatalf("ParseDuration(%q) = %d, %v; time.ParseDuration says %d", s, int64(d), err, int64(g))
		}
	})
}
