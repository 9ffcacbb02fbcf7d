package wind

import (
	"os"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/hazard/internal/parse"
	"github.com/lifeline-sim/lifeline/internal/parsetest"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

func TestReadTrack(t *testing.T) {
	tr, err := Reader{}.ReadTrack(os.DirFS("testdata"), "track.csv")
	require.NoError(t, err)
	assert.Equal(t, Track{
		{T: 0, Lon: -90.2, Lat: 34.6, Pressure: 955, Rmax: 25000},
		{T: 6 * sim.Hour, Lon: -90.05, Lat: 35.1, Pressure: 945, Rmax: 30000},
		{T: 12 * sim.Hour, Lon: -89.9, Lat: 35.6, Pressure: 965},
	}, tr)
}

func TestReadTrackErrors(t *testing.T) {
	const head = "time,lon,lat,pressure_hpa\n"
	parsetest.Run(t, "t.csv", func(data string) error {
		_, err := Reader{}.ReadTrack(fstest.MapFS{"t.csv": {Data: []byte(data)}}, "t.csv")
		return err
	}, []parsetest.Case{
		{"no pressure", "time,lon,lat\n", 1, 0, "pressure_hpa", network.ErrSyntax},
		{"extra column", "time,lon,lat,pressure_hpa,vmax\n", 1, 27, "vmax", network.ErrSyntax},
		{"time", head + "later,1,2,950\n", 2, 1, "time", network.ErrInvalid},
		{"order", head + "1h,1,2,950\n1h,1,2,950\n", 3, 1, "time", network.ErrInvalid},
		{"latitude", head + "0s,1,85,950\n", 2, 6, "lat", network.ErrOutOfRange},
		{"longitude", head + "0s,-181,2,950\n", 2, 4, "lon", network.ErrOutOfRange},
		{"pressure", head + "0s,1,2,1200\n", 2, 8, "pressure_hpa", network.ErrOutOfRange},
		{"pressure text", head + "0s,1,2,low\n", 2, 8, "pressure_hpa", network.ErrSyntax},
		{"radius", "time,lon,lat,pressure_hpa,rmax_m\n0s,1,2,950,-5\n", 2, 12, "rmax_m", network.ErrNegative},
		{"cells", head + "0s,1,2\n", 2, 1, "", network.ErrSyntax},
		{"antimeridian", head + "0s,179,2,950\n1h,-179,2,950\n", 3, 4, "lon", network.ErrOutOfRange},
		{"pressure 800", head + "0s,1,2,800\n", 2, 8, "pressure_hpa", network.ErrOutOfRange},
	})
	_, err := Reader{MaxBytes: 10}.ReadTrack(os.DirFS("testdata"), "track.csv")
	assert.ErrorIs(t, err, network.ErrTooLarge)
}

func FuzzReadTrack(f *testing.F) {
	data, err := os.ReadFile("testdata/track.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := parseTrack(&parse.File{Name: "f.csv", Data: data})
		if err != nil {
			parsetest.Require(t, err)
			return
		}
		if len(tr) < 2 {
			return
		}
		// A track read without error is valid (given a curve and an
		// ambient pressure above every central pressure it allows).
		w := &Wind{Track: tr, AmbientPressure: 1100, Kinds: map[network.Kind]Curve{network.KindLine: {Curve: fragility.Curve{Median: 40, Beta: 0.3}}}}
		if err := w.Validate(); err != nil {
			t.Fatalf("a track read without error does not validate: %v", err)
		}
	})
}
