package wind

import (
	"fmt"
	"io/fs"
	"math"

	"github.com/lifeline-sim/lifeline/hazard/internal/parse"
	"github.com/lifeline-sim/lifeline/network"
)

// Reader reads storm tracks (ReadTrack). The zero value is ready to use.
type Reader struct {
	// MaxBytes caps the size of each file read, in bytes: a larger file is
	// a *network.ParseError wrapping network.ErrTooLarge. 0 means 1 GiB;
	// a negative value means no cap.
	MaxBytes int64
}

// ReadTrack reads a storm track from a CSV file whose header names the
// columns time, lon, lat, pressure_hpa and optionally rmax_m, in any
// order, followed by one fix per record: the instant (a duration since
// the scenario start in the syntax of sim.ParseDuration: "0s", "6h",
// "1d6h"), the centre's WGS84 longitude and latitude in degrees (|lat|
// ≤ 80; the track may not cross the antimeridian), the central pressure
// in hPa (above 800, at most 1100) and the radius of
// maximum wind in metres (≥ 0; empty or absent means 0, the
// Vickery–Wadhera estimate). Times strictly increase; blank lines and
// lines starting with '#' are skipped; column names match in any case.
// Errors are *network.ParseError values naming the file, line, column and
// column name, wrapping network.ErrSyntax, ErrInvalid,
// ErrNotFinite, ErrOutOfRange, ErrNegative or ErrTooLarge; nothing here
// panics on bad input. Wind.Validate checks the rest (the pressure
// against the ambient pressure, two or more fixes).
func (r Reader) ReadTrack(fsys fs.FS, name string) (Track, error) {
	f, err := parse.Read(fsys, name, r.MaxBytes)
	if err != nil {
		return nil, err
	}
	return parseTrack(f)
}

func parseTrack(f *parse.File) (Track, error) {
	t, err := f.Table()
	if err != nil {
		return nil, err
	}
	if err := t.Columns([]string{"time", "lon", "lat", "pressure_hpa"}, []string{"rmax_m"}); err != nil {
		return nil, err
	}
	var tr Track
	err = t.Each(func() error {
		var fx Fix
		var err error
		if fx.T, err = t.Duration("time"); err != nil {
			return err
		}
		if n := len(tr); n > 0 && fx.T <= tr[n-1].T {
			return t.ErrAt("time", fmt.Errorf("%w: time %v not after %v", network.ErrInvalid, fx.T, tr[n-1].T))
		}
		for _, c := range []struct {
			col    string
			v      *float64
			lo, hi float64
		}{{"lon", &fx.Lon, -180, 180}, {"lat", &fx.Lat, -80, 80}, {"pressure_hpa", &fx.Pressure, 800, 1100}} {
			if *c.v, err = t.Float(c.col); err != nil {
				return err
			}
			if *c.v < c.lo || *c.v > c.hi || c.col == "pressure_hpa" && *c.v == c.lo {
				return t.ErrAt(c.col, fmt.Errorf("%w: %v outside [%v, %v]", network.ErrOutOfRange, *c.v, c.lo, c.hi))
			}
		}
		if n := len(tr); n > 0 && math.Abs(fx.Lon-tr[n-1].Lon) > 180 {
			return t.ErrAt("lon", fmt.Errorf("%w: the track crosses the antimeridian", network.ErrOutOfRange))
		}
		if t.Str("rmax_m") != "" {
			if fx.Rmax, err = t.Float("rmax_m"); err != nil {
				return err
			}
			if fx.Rmax < 0 {
				return t.ErrAt("rmax_m", fmt.Errorf("%w: %v m", network.ErrNegative, fx.Rmax))
			}
		}
		tr = append(tr, fx)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return tr, nil
}
