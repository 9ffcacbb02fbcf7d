package report_test

import (
	"bytes"
	"cmp"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/metrics"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/report"
	"github.com/lifeline-sim/lifeline/sim"
)

// plots are the pictures of a run, by name.
var plots = map[string]func(*cascade.Result) (*plot.Plot, error){
	"service-demand":     func(r *cascade.Result) (*plot.Plot, error) { return report.ServicePlot(r, metrics.ByDemand) },
	"service-population": func(r *cascade.Result) (*plot.Plot, error) { return report.ServicePlot(r, metrics.ByPopulation) },
	"service-members":    report.MemberPlot,
	"gantt":              report.GanttPlot,
	"telecom":            report.TelecomPlot,
	"map":                report.MapPlot,
}

func render(t *testing.T, r *cascade.Result, name string, f report.Format) []byte {
	t.Helper()
	p, err := plots[name](r)
	require.NoError(t, err, name)
	var b bytes.Buffer
	require.NoError(t, report.WritePlot(&b, p, f, report.Size{}), name)
	return b.Bytes()
}

// Two runs of one scenario draw the same bytes.
func TestPlotsDeterministic(t *testing.T) {
	a, b := tinyCity(t, network.CRS{}), tinyCity(t, network.CRS{})
	for name := range plots {
		for _, f := range []report.Format{report.SVG, report.PNG} {
			assert.Equal(t, render(t, a, name, f), render(t, b, name, f), "%s %v", name, f)
		}
	}
}

// pixelVariance returns the variance of an image's grey levels.
func pixelVariance(img image.Image) float64 {
	var sum, sq, n float64
	bd := img.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			g := float64(color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y)
			sum += g
			sq += g * g
			n++
		}
	}
	m := sum / n
	return sq/n - m*m
}

func TestPlotsPNG(t *testing.T) {
	r := tinyCity(t, network.CRS{})
	for name := range plots {
		img, err := png.Decode(bytes.NewReader(render(t, r, name, report.PNG)))
		require.NoError(t, err, name)
		// The default size, 16 × 10 cm at 96 dpi: 6.3 × 3.94 in.
		assert.Equal(t, image.Pt(605, 378), img.Bounds().Size(), name)
		assert.Greater(t, pixelVariance(img), 100.0, name)
	}
}

// texts returns the text elements of an SVG document in order.
func texts(svg []byte) []string {
	var out []string
	s := string(svg)
	for {
		i := strings.Index(s, "<text")
		if i < 0 {
			return out
		}
		s = s[i:]
		j := strings.Index(s, ">")
		k := strings.Index(s, "</text>")
		out = append(out, s[j+1:k])
		s = s[k:]
	}
}

func TestServicePlot(t *testing.T) {
	r := tinyCity(t, network.CRS{})
	ts := texts(render(t, r, "service-population", report.SVG))
	assert.Contains(t, ts, "power")
	assert.Contains(t, ts, "telecom")
	assert.NotContains(t, ts, "health", "health has no people: no curve")
	// By demand only power has something to serve.
	ts = texts(render(t, r, "service-demand", report.SVG))
	assert.Contains(t, ts, "power")
	assert.NotContains(t, ts, "telecom")
}

// TestMemberPlot: only a sector with neither demand nor people gets a
// members curve (tinyCity's health sector); a run whose every sector has
// demand or people has nothing to draw.
func TestMemberPlot(t *testing.T) {
	r := tinyCity(t, network.CRS{})
	ts := texts(render(t, r, "service-members", report.SVG))
	assert.Contains(t, ts, "health")
	assert.NotContains(t, ts, "power")
	assert.NotContains(t, ts, "telecom")
	_, err := report.MemberPlot(feeder(t))
	assert.ErrorIs(t, err, report.ErrNothingToPlot)
}

func TestGanttPlot(t *testing.T) {
	r := tinyCity(t, network.CRS{})
	ts := texts(render(t, r, "gantt", report.SVG))
	for _, s := range []string{"crew-a", "crew-b", "travel", "repair", "idle"} {
		assert.Contains(t, ts, s)
	}
	r.Activities = nil
	_, err := report.GanttPlot(r)
	assert.ErrorIs(t, err, report.ErrNothingToPlot)
}

// ganttRows returns the row labels of a Gantt chart from the top down.
func ganttRows(p *plot.Plot) []string {
	ticks := p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max)
	slices.SortFunc(ticks, func(a, b plot.Tick) int { return cmp.Compare(b.Value, a.Value) })
	var rows []string
	for _, tk := range ticks {
		rows = append(rows, tk.Label)
	}
	return rows
}

// TestGanttNaturalOrder: rows sort numbers within names by value, so a
// team's tenth member comes after its second, not between the first and
// the second; names equal by value ("crew-01", "crew-1") fall back to text.
func TestGanttNaturalOrder(t *testing.T) {
	names := []string{"power-10", "water-2", "power-2", "power-1", "power-10a", "power-9", "crew-1", "crew-01", "power", "water-10"}
	r := &cascade.Result{End: 10 * sim.Hour}
	for _, n := range names {
		r.Activities = append(r.Activities, cascade.Activity{Actor: n, Kind: "idle", End: sim.Hour})
	}
	p, err := report.GanttPlot(r)
	require.NoError(t, err)
	assert.Equal(t, []string{"crew-01", "crew-1", "power", "power-1", "power-2", "power-9", "power-10", "power-10a", "water-2", "water-10"}, ganttRows(p))
}

// TestGanttLabels: with more actors than labels fit, every row keeps its
// tick but only every k-th is labelled: 100 crews need k = ⌈100 / 25⌉ = 4,
// so crew-1, crew-5, …, crew-97 (25 labels) from the top.
func TestGanttLabels(t *testing.T) {
	r := &cascade.Result{End: 10 * sim.Hour}
	for k := 1; k <= 100; k++ {
		r.Activities = append(r.Activities, cascade.Activity{Actor: fmt.Sprintf("crew-%d", k), Kind: "repair", End: sim.Hour})
	}
	p, err := report.GanttPlot(r)
	require.NoError(t, err)
	rows := ganttRows(p)
	require.Len(t, rows, 100)
	for k, l := range rows {
		if k%4 == 0 {
			assert.Equal(t, fmt.Sprintf("crew-%d", k+1), l)
		} else {
			assert.Empty(t, l, "row %d", k)
		}
	}
}

// TestGanttClippedAtEnd: an activity recorded past the end of the run
// (here a repair to 30 h in a run that ends at 10 h) does not stretch the
// time axis, which ends where every plot's does: 5 % past Result.End,
// 10.5 h. The Result itself is left as recorded.
func TestGanttClippedAtEnd(t *testing.T) {
	r := &cascade.Result{End: 10 * sim.Hour, Activities: []cascade.Activity{
		{Actor: "crew-1", Kind: "travel", Start: 0, End: 2 * sim.Hour},
		{Actor: "crew-1", Kind: "repair", Start: 2 * sim.Hour, End: 30 * sim.Hour},
		{Actor: "crew-2", Kind: "repair", Start: 12 * sim.Hour, End: 14 * sim.Hour},
	}}
	p, err := report.GanttPlot(r)
	require.NoError(t, err)
	assert.InDelta(t, 10.5, p.X.Max, 1e-12)
	assert.Equal(t, []string{"crew-1", "crew-2"}, ganttRows(p))
	assert.Equal(t, 30*sim.Hour, r.Activities[1].End)
	var b bytes.Buffer
	require.NoError(t, report.WritePlot(&b, p, report.SVG, report.Size{}))
}

func TestTelecomPlot(t *testing.T) {
	r := tinyCity(t, network.CRS{})
	ts := texts(render(t, r, "telecom", report.SVG))
	// The tower was on backup, then without power; nothing else happened.
	assert.Contains(t, ts, "no power")
	assert.Contains(t, ts, "on backup (working)")
	assert.NotContains(t, ts, "damaged")
	assert.NotContains(t, ts, "backhaul lost")

	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "a", Sector: network.Power})
	net, err := b.Build()
	require.NoError(t, err)
	_, err = report.TelecomPlot(&cascade.Result{Network: net})
	assert.ErrorIs(t, err, metrics.ErrNoSector)
}

// svgColor writes a colour as gonum's SVG writer does (vgsvg's
// colorString: 16-bit channels scaled by 255/alpha, truncated).
func svgColor(c color.Color) string {
	r, g, b, a := c.RGBA()
	k := 255 / float64(a)
	return fmt.Sprintf("#%02X%02X%02X", int(float64(r)*k), int(float64(g)*k), int(float64(b)*k))
}

// The map colours each entity by its outage time: grey (#C8C8C8) when it
// never failed (plant, office), else on a luminance map through
// ColorBrewer's YlOrRd from 0 to the longest outage (5 h): sub and the
// hospital (and the line) at its dark red end, the tower (3 h) at 3/5 of
// the way.
func TestMapPlot(t *testing.T) {
	for _, crs := range []network.CRS{{}, {EPSG: 3857}} {
		svg := string(render(t, tinyCity(t, crs), "map", report.SVG))
		lum, err := moreland.NewLuminance([]color.Color{
			color.RGBA{0x80, 0x00, 0x26, 0xff}, color.RGBA{0xe3, 0x1a, 0x1c, 0xff},
			color.RGBA{0xfd, 0x8d, 0x3c, 0xff}, color.RGBA{0xfe, 0xd9, 0x76, 0xff}})
		require.NoError(t, err)
		cm := palette.Reverse(lum)
		cm.SetMin(0)
		cm.SetMax(5)
		three, err := cm.At(3)
		require.NoError(t, err)
		five, err := cm.At(5)
		require.NoError(t, err)
		// Fills: two dots and a legend swatch never out and at 5 h; the
		// tower's dot at 3 h (the legend shows > 0, 2.5 and 5 h).
		for c, n := range map[string]int{"#C8C8C8": 3, svgColor(five): 3, svgColor(three): 1} {
			assert.Equal(t, n, strings.Count(svg, "fill:"+c+`"`), "fills of colour %s", c)
		}
		// Strokes: the fiber never out, the line out 5 h.
		assert.Equal(t, 1, strings.Count(svg, "stroke:#C8C8C8;"))
		assert.Equal(t, 1, strings.Count(svg, "stroke:"+svgColor(five)+";"))
		assert.Contains(t, texts([]byte(svg)), "longitude (°)")
	}
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "a", Sector: network.Power})
	net, err := b.Build()
	require.NoError(t, err)
	_, err = report.MapPlot(&cascade.Result{Network: net, Outage: make([]cascade.OutageStats, 1)})
	assert.ErrorIs(t, err, report.ErrNothingToPlot)
}
