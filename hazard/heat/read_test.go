package heat

import (
	"os"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/hazard/internal/parse"
	"github.com/lifeline-sim/lifeline/internal/parsetest"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

func TestReadSeries(t *testing.T) {
	s, err := Reader{}.ReadSeries(os.DirFS("testdata"), "series.csv")
	require.NoError(t, err)
	assert.Equal(t, []Sample{{0, 24}, {12 * sim.Hour, 38.5}, {sim.Day, 30}}, s)
	// Columns in either order.
	s, err = Reader{}.ReadSeries(fstest.MapFS{"s.csv": {Data: []byte("celsius,time\n-3,1h\n")}}, "s.csv")
	require.NoError(t, err)
	assert.Equal(t, []Sample{{sim.Hour, -3}}, s)
}

func TestReadSeriesErrors(t *testing.T) {
	const head = "time,celsius\n"
	for _, c := range []struct {
		name, data string
		line, col  int
		field      string
		want       error
	}{
		{"no celsius", "time\n", 1, 0, "celsius", network.ErrSyntax},
		{"extra column", "time,celsius,rh\n", 1, 14, "rh", network.ErrSyntax},
		{"no sample", head, 1, 0, "", network.ErrInvalid},
		{"time", head + "noon,30\n", 2, 1, "time", network.ErrInvalid},
		{"negative time", head + "-1h,30\n", 2, 1, "time", network.ErrInvalid},
		{"order", head + "2h,30\n1h,31\n", 3, 1, "time", network.ErrInvalid},
		{"text", head + "0s,hot\n", 2, 4, "celsius", network.ErrSyntax},
		{"infinite", head + "0s,1e999\n", 2, 4, "celsius", network.ErrNotFinite},
		{"cells", head + "0s\n", 2, 1, "", network.ErrSyntax},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Reader{}.ReadSeries(fstest.MapFS{"s.csv": {Data: []byte(c.data)}}, "s.csv")
			parsetest.Check(t, err, "s.csv", c.line, c.col, c.field, c.want)
		})
	}
	_, err := Reader{MaxBytes: 10}.ReadSeries(os.DirFS("testdata"), "series.csv")
	assert.ErrorIs(t, err, network.ErrTooLarge)
}

func FuzzReadSeries(f *testing.F) {
	data, err := os.ReadFile("testdata/series.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := parseSeries(&parse.File{Name: "f.csv", Data: data})
		if err != nil {
			parsetest.Require(t, err)
			return
		}
		// A series read without error is valid (with derating off no
		// temperature is too high, and one step spans the series).
		w := &Wave{Series: s, Step: max(s[len(s)-1].Time-s[0].Time, 1), Lines: Derating{Off: true}}
		if err := w.Validate(); err != nil {
			t.Fatalf("a series read without error does not validate: %v", err)
		}
	})
}
