package heat

import (
	"fmt"
	"io/fs"

	"github.com/lifeline-sim/lifeline/hazard/internal/parse"
	"github.com/lifeline-sim/lifeline/network"
)

// DefaultMaxBytes is the size cap of a file a Reader with MaxBytes 0
// reads: 1 GiB.
const DefaultMaxBytes = parse.DefaultMaxBytes

// Reader reads temperature series (ReadSeries). The zero value is ready
// to use.
type Reader struct {
	// MaxBytes caps the size of the file read, in bytes: a larger file is
	// a *network.ParseError wrapping network.ErrTooLarge. 0 means
	// DefaultMaxBytes; a negative value means no cap.
	MaxBytes int64
}

// ReadSeries reads a temperature series (Wave.Series) from a CSV file
// whose header names the columns time and celsius, in either order,
// followed by one sample per record: the instant (a duration since the
// scenario start in the syntax of sim.ParseDuration: "0s", "6h", "1d6h")
// and the air temperature in °C (a finite number). Times strictly
// increase; blank lines are skipped; at least one sample. Errors are
// *network.ParseError values naming the file, line, column and column
// name, wrapping network.ErrSyntax, ErrInvalid, ErrNotFinite, ErrNegative
// or ErrTooLarge; nothing here panics on bad input. Wave.Validate checks
// the rest (the temperatures against the conductors' maximum).
func (r Reader) ReadSeries(fsys fs.FS, name string) ([]Sample, error) {
	f, err := parse.Read(fsys, name, r.MaxBytes)
	if err != nil {
		return nil, err
	}
	return parseSeries(f)
}

func parseSeries(f *parse.File) ([]Sample, error) {
	t, err := f.Table()
	if err != nil {
		return nil, err
	}
	if err := t.Columns([]string{"time", "celsius"}, nil); err != nil {
		return nil, err
	}
	var out []Sample
	err = t.Each(func() error {
		var s Sample
		var err error
		if s.Time, err = t.Duration("time"); err != nil {
			return err
		}
		if n := len(out); n > 0 && s.Time <= out[n-1].Time {
			return t.ErrAt("time", fmt.Errorf("%w: time %v not after %v", network.ErrInvalid, s.Time, out[n-1].Time))
		}
		if s.Celsius, err = t.Float("celsius"); err != nil {
			return err
		}
		out = append(out, s)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, f.ErrAtLine(1, 0, "", fmt.Errorf("%w: no sample after the header", network.ErrInvalid))
	}
	return out, nil
}
