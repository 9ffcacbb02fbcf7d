package format

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/internal/parsetest"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

func TestReadRequirementsCSV(t *testing.T) {
	// The columns a coupling table needs, logic left out: k = 2 of three
	// providers reads as k-of-n.
	const table = "dependent,providers,k,lag,buffer,recharge,effect,kind\n" +
		"pump1,sub1,,30m,4h,0.5,,physical\n" +
		"hosp,sub1;sub2;sub3,2,,1d12h,,degrade,cyber\n"
	reqs, err := ReadRequirementsCSV(parsetest.File("reqs.csv", []byte(table)), "reqs.csv", nil)
	require.NoError(t, err)
	require.Len(t, reqs, 2)
	assert.Equal(t, network.Requirement{Dependent: "pump1", Providers: []string{"sub1"}, Lag: 30 * sim.Minute,
		Buffer: 4 * sim.Hour, Recharge: 0.5}, reqs[0])
	assert.Equal(t, network.Requirement{Dependent: "hosp", Providers: []string{"sub1", "sub2", "sub3"}, Logic: network.KOfN, K: 2,
		Buffer: 36 * sim.Hour, Effect: network.Degrade, Kind: network.Cyber}, reqs[1])
}

// TestReadRequirementsCSVErrors: errors name the line and the 1-based
// byte column of the cell at fault (counted by hand in each table below),
// not the cell's number.
func TestReadRequirementsCSVErrors(t *testing.T) {
	known := func(id string) bool { return id != "ghost" }
	for _, tc := range []struct {
		name, table string
		sentinel    error
		line, col   int
		field       string
	}{
		// "pump-7," is 7 bytes: the providers cell starts at byte 8.
		{"unknown provider", "dependent,providers\npump-7,a;ghost\n", network.ErrUnknownID, 2, 8, "providers"},
		{"unknown dependent", "dependent,providers\nghost,a\n", network.ErrUnknownID, 2, 1, "dependent"},
		// "pump-7," and "sub1;sub2," are 7 + 10 bytes: lag at byte 18.
		{"negative lag", "dependent,providers,lag\npump-7,sub1;sub2,-1h\n", network.ErrNegative, 2, 18, "lag"},
		{"k above n", "dependent,providers,k\np,a;b,3\n", network.ErrKOfN, 2, 1, "dependent"},
		// A quoted cell starts at its quote: "p," and `"a;b",` are 2 + 6 bytes.
		{"bad effect", "dependent,providers,effect\np,\"a;b\",explode\n", network.ErrInvalid, 2, 9, "effect"},
		// "dependent," and "providers," are 10 bytes each: lagg at byte 21.
		{"unknown column", "dependent,providers,lagg\np,a,1h\n", network.ErrInvalid, 1, 21, "lagg"},
		{"missing column", "dependent\np\n", network.ErrSyntax, 1, 0, "providers"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadRequirementsCSV(parsetest.File("r.csv", []byte(tc.table)), "r.csv", known)
			var pe *network.ParseError
			require.True(t, errors.As(err, &pe), "%v", err)
			assert.ErrorIs(t, err, tc.sentinel)
			assert.Equal(t, []any{"r.csv", tc.line, tc.col, tc.field}, []any{pe.File, pe.Line, pe.Col, pe.Field}, "%v", err)
		})
	}
}

func FuzzReadRequirementsCSV(f *testing.F) {
	f.Add([]byte("dependent,providers,k\np,a;b,1\n"))
	f.Add([]byte("dependent,providers,lag,buffer\np,a,1h,\"4h\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		reqs, err := ReadRequirementsCSV(parsetest.File("fuzz.csv", data), "fuzz.csv", nil)
		if err != nil {
			parsetest.Require(t, err)
			return
		}
		for _, q := range reqs {
			if err := q.Validate(); err != nil {
				t.Fatalf("accepted an invalid requirement %+v: %v", q, err)
			}
		}
	})
}
