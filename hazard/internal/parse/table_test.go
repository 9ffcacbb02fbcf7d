package parse

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/internal/parsetest"
	"github.com/lifeline-sim/lifeline/network"
)

// A streamed table skips comments, drops a byte-order mark, matches names
// without regard to case, finds a column by its aliases and places a
// cell's error at its line and byte column.
func TestTableStream(t *testing.T) {
	tb, err := NewTable(strings.NewReader("\ufeff# provenance\nLon, B ,n\n1,x,7\n# note\n2,y,-3\n"), "t.csv", 100)
	require.NoError(t, err)
	c, err := tb.Column("x", "lon")
	require.NoError(t, err)
	assert.Equal(t, "lon", c)
	_, err = tb.Column("lat", "y")
	parsetest.Check(t, err, "t.csv", 1, 0, "lat", network.ErrSyntax)
	require.NoError(t, tb.Require("b", "n"))
	var sum int64
	var bs []string
	require.NoError(t, tb.Each(func() error {
		v, err := tb.Int("n")
		sum += v
		bs = append(bs, tb.Str("b"))
		return err
	}))
	assert.Equal(t, int64(4), sum)
	assert.Equal(t, []string{"x", "y"}, bs)
	// Columns on line 1 count the byte-order mark (3 bytes) of the file.
	tb, err = NewTable(strings.NewReader("\ufeffa,b\n"), "t.csv", 100)
	require.NoError(t, err)
	parsetest.Check(t, tb.Columns([]string{"a"}, nil), "t.csv", 1, 6, "b", network.ErrSyntax)

	tb, err = NewTable(strings.NewReader("# provenance\na,b\n1,x\n"), "t.csv", 100)
	require.NoError(t, err)
	ok, err := tb.Next()
	require.True(t, ok)
	require.NoError(t, err)
	_, err = tb.Float("b")
	parsetest.Check(t, err, "t.csv", 3, 3, "b", network.ErrSyntax)
	_, err = tb.Int("b")
	parsetest.Check(t, err, "t.csv", 3, 3, "b", network.ErrSyntax)
	parsetest.Check(t, tb.ErrAt("none", network.ErrInvalid), "t.csv", 3, 0, "none", network.ErrInvalid)
}

// A table read past its cap is refused however far the records reach.
func TestTableCap(t *testing.T) {
	read := func(data string, max int64) error {
		tb, err := NewTable(strings.NewReader(data), "t.csv", max)
		if err != nil {
			return err
		}
		return tb.Each(func() error { return nil })
	}
	body := "a\n" + strings.Repeat("1\n", 100) // 202 bytes
	parsetest.Check(t, read(body, 201), "t.csv", 0, 0, "", network.ErrTooLarge)
	require.NoError(t, read(body, 202))
	// Past what the reader buffers ahead (4 KiB).
	body = "a\n" + strings.Repeat("1\n", 5000)
	parsetest.Check(t, read(body, int64(len(body))-1), "t.csv", 0, 0, "", network.ErrTooLarge)
	require.NoError(t, read(body, int64(len(body))))
	_, err := NewTable(strings.NewReader(strings.Repeat("a", 100)), "t.csv", 50)
	parsetest.Check(t, err, "t.csv", 0, 0, "", network.ErrTooLarge)
	tb, err := NewTable(strings.NewReader("a\n"+strings.Repeat("1\n", 100)), "t.csv", -1)
	require.NoError(t, err)
	n := 0
	require.NoError(t, tb.Each(func() error { n++; return nil }))
	assert.Equal(t, 100, n, "no cap")
}
