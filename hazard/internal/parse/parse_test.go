package parse

import (
	"errors"
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/internal/parsetest"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

func table(data string) (*Table, error) {
	t, err := (&File{Name: "t.csv", Data: []byte(data)}).Table()
	if err != nil {
		return nil, err
	}
	return t, t.Columns([]string{"time", "x"}, []string{"note"})
}

func TestTable(t *testing.T) {
	tb, err := table("x, time\n1.5,2h\n\n-3, 0s \n")
	require.NoError(t, err)
	assert.False(t, tb.Has("note"))
	var xs []float64
	var ts []sim.Time
	for {
		ok, err := tb.Next()
		require.NoError(t, err)
		if !ok {
			break
		}
		x, err := tb.Float("x")
		require.NoError(t, err)
		d, err := tb.Duration("time")
		require.NoError(t, err)
		xs, ts = append(xs, x), append(ts, d)
	}
	assert.Equal(t, []float64{1.5, -3}, xs)
	assert.Equal(t, []sim.Time{2 * sim.Hour, 0}, ts)
}

func TestTableErrors(t *testing.T) {
	parsetest.Run(t, "t.csv", func(data string) error {
		tb, err := table(data)
		if err == nil {
			var ok bool
			ok, err = tb.Next()
			if err == nil && ok {
				if _, err = tb.Float("x"); err == nil {
					_, err = tb.Duration("time")
				}
			}
		}
		return err
	}, []parsetest.Case{
		{"empty", "", 1, 0, "", network.ErrSyntax},
		{"comments only", "# time,x\n", 1, 0, "", network.ErrSyntax},
		{"unknown", "time,x,y\n", 1, 8, "y", network.ErrSyntax},
		{"unknown after a comment", "# provenance\ntime,x,y\n", 2, 8, "y", network.ErrSyntax},
		{"twice", "time,x,X\n", 1, 8, "x", network.ErrInvalid},
		{"missing", "time\n", 1, 0, "x", network.ErrSyntax},
		// The quoted field runs to the end of the input, where encoding/csv
		// notices: line 2, the byte just past its newline.
		{"quote", "time,x\n1h,\"1\n", 2, 7, "", network.ErrSyntax},
		{"count", "time,x\n1h\n", 2, 1, "", network.ErrSyntax},
		{"text", "time,x\n1h,abc\n", 2, 4, "x", network.ErrSyntax},
		{"inf", "time,x\n1h,inf\n", 2, 4, "x", network.ErrNotFinite},
		{"nan", "time,x\n1h,NaN\n", 2, 4, "x", network.ErrNotFinite},
		{"huge", "time,x\n1h,1e999\n", 2, 4, "x", network.ErrNotFinite},
		{"duration", "time,x\nsoon,1\n", 2, 1, "time", network.ErrInvalid},
	})
}

func TestRead(t *testing.T) {
	fsys := fstest.MapFS{"a": {Data: []byte("12345")}}
	f, err := Read(fsys, "a", 5)
	require.NoError(t, err)
	assert.Equal(t, "12345", string(f.Data))
	_, err = Read(fsys, "a", 4)
	assert.ErrorIs(t, err, network.ErrTooLarge)
	_, err = Read(fsys, "b", 0)
	var pe *network.ParseError
	assert.True(t, errors.As(err, &pe) && pe.File == "b")
	line, col := LineCol([]byte("ab\ncd"), 4)
	assert.Equal(t, [2]int{2, 2}, [2]int{line, col})
}

func TestEmbedded(t *testing.T) {
	fsys := fstest.MapFS{"data/t.csv": {Data: []byte("x\n1\n2\n")}}
	calls := 0
	sum := func(f *File) (float64, error) {
		calls++
		if f.Name != "t.csv" {
			return 0, fmt.Errorf("named %q", f.Name)
		}
		tb, err := f.Table()
		if err != nil {
			return 0, err
		}
		if err := tb.Columns([]string{"x"}, nil); err != nil {
			return 0, err
		}
		s := 0.0
		for {
			ok, err := tb.Next()
			if err != nil || !ok {
				return s, err
			}
			x, err := tb.Float("x")
			if err != nil {
				return 0, err
			}
			s += x
		}
	}
	get := Embedded("pkg", fsys, "data/t.csv", sum)
	assert.Equal(t, 3.0, get())
	assert.Equal(t, 3.0, get())
	assert.Equal(t, 1, calls, "parsed once")
	assert.PanicsWithValue(t, "pkg: bundled data: t.csv:2:1: x: syntax error: \"y\" is not a number", func() {
		Embedded("pkg", fstest.MapFS{"data/t.csv": {Data: []byte("x\ny\n")}}, "data/t.csv", sum)()
	})
	assert.Panics(t, func() { Embedded("pkg", fsys, "data/none.csv", sum)() })
}
