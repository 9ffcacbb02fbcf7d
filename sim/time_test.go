package sim

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"0", 0},
		{"0s", 0},
		{"+5s", 5 * time.Second},
		{"90s", 90 * time.Second},
		{"15m", 15 * time.Minute},
		{"4h", 4 * time.Hour},
		{"3d", 72 * time.Hour},
		{"1d12h", 36 * time.Hour},
		{"1.5h", 90 * time.Minute},
		{"1.5d", 36 * time.Hour},
		{".5m", 30 * time.Second},
		{"1.m", time.Minute},
		{"2h45m30.25s", 2*time.Hour + 45*time.Minute + 30*time.Second + 250*time.Millisecond},
		{"10ms", 10 * time.Millisecond},
		{"7us", 7 * time.Microsecond},
		{"7µs", 7 * time.Microsecond},
		{"7μs", 7 * time.Microsecond},
		{"3ns", 3},
		{"1h1h", 2 * time.Hour}, // repeated units add, as in time.ParseDuration
		// One third of a day is 28800 s exactly; 0.333...d truncates to
		// 28799.999999971 s (0.333333333333 · 86400e9 ns, truncated).
		{"0.333333333333d", 28799999999971},
		// 1e-10 s is below one nanosecond: truncated to 0.
		{"0.0000000001s", 0},
		// The largest representable duration, in ns.
		{"9223372036854775807ns", math.MaxInt64},
		{"106751d23h47m16.854775807s", math.MaxInt64},
	} {
		got, err := ParseDuration(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
		// Where Go's parser accepts the input it must agree with us.
		if !strings.Contains(tc.in, "d") {
			if g, err := time.ParseDuration(tc.in); err == nil && g != got && tc.in != "0.333333333333d" {
				t.Errorf("ParseDuration(%q) = %v; time.ParseDuration says %v", tc.in, got, g)
			}
		}
	}
}

func TestParseDurationErrors(t *testing.T) {
	for _, tc := range []struct{ in, why string }{
		{"", "empty"},
		{"-5m", "negative"},
		{"-0", "negative"},
		{"+", "no number"},
		{"abc", "expected a number"},
		{"5", "missing unit"},
		{"5x", "unknown unit"},
		{"5 h", "unknown unit"},
		{"1d-2h", "unknown unit"},
		{".s", "expected a number"},
		{"1.5.5h", "missing unit"},
		{"106752d", "out of range"},
		{"9223372036854775808ns", "out of range"},
		{"99999999999999999999h", "out of range"},
		{"106751d23h47m16.854775808s", "out of range"},
	} {
		got, err := ParseDuration(tc.in)
		if err == nil {
			t.Errorf("ParseDuration(%q) = %v, want an error (%s)", tc.in, got, tc.why)
			continue
		}
		if !errors.Is(err, ErrDuration) {
			t.Errorf("ParseDuration(%q): %v does not wrap ErrDuration", tc.in, err)
		}
		if !strings.Contains(err.Error(), `"`+tc.in+`"`) && tc.in != "" {
			t.Errorf("ParseDuration(%q): %v does not quote the input", tc.in, err)
		}
		if !strings.Contains(err.Error(), tc.why) {
			t.Errorf("ParseDuration(%q): %v, want reason %q", tc.in, err, tc.why)
		}
	}
}

func TestParseTime(t *testing.T) {
	got, err := ParseTime("1d12h")
	if err != nil || got != 36*Hour {
		t.Errorf("ParseTime(1d12h) = %v, %v; want 36h", got, err)
	}
	if _, err := ParseTime("-1h"); !errors.Is(err, ErrDuration) {
		t.Errorf("ParseTime(-1h) error = %v, want ErrDuration", err)
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
			back, err := ParseTime(tc.want)
			if err != nil || back != tc.t {
				t.Errorf("ParseTime(%q) = %d, %v; want %d", tc.want, back, err, tc.t)
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
