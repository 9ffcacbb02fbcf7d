package report

import (
	"cmp"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/metrics"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// ErrNothingToPlot: the run recorded nothing the picture shows (no
// responder activities for a Gantt chart, no located component for a map).
var ErrNothingToPlot = errors.New("report: nothing to plot")

// Format is a picture's file format.
type Format uint8

const (
	// SVG is scalable vector graphics, its text in the fonts the viewer
	// has (none are embedded).
	SVG Format = iota
	// PNG is a raster image at 96 dots per inch.
	PNG
)

// String returns "svg" or "png".
func (f Format) String() string {
	switch f {
	case SVG:
		return "svg"
	case PNG:
		return "png"
	}
	return fmt.Sprintf("Format(%d)", uint8(f))
}

// Size is a picture's size; the zero Size means 16 × 10 cm.
type Size struct{ Width, Height vg.Length }

// WritePlot draws p in format f at size s (16 × 10 cm when either side is
// not positive). The same plot gives the same bytes. An unknown format
// panics.
func WritePlot(w io.Writer, p *plot.Plot, f Format, s Size) error {
	if s.Width <= 0 || s.Height <= 0 {
		s = Size{16 * vg.Centimeter, 10 * vg.Centimeter}
	}
	var c interface {
		vg.CanvasSizer
		io.WriterTo
	}
	switch f {
	case SVG:
		c = vgsvg.New(s.Width, s.Height)
	case PNG:
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(s.Width, s.Height), vgimg.UseDPI(96))}
	default:
		panic(fmt.Sprintf("report: unknown picture format %d", uint8(f)))
	}
	p.Draw(draw.New(c))
	_, err := c.WriteTo(w)
	return err
}

// newPlot returns a plot with a title and a time axis in hours that shows
// [0, end] and a little after it (at least an hour), where step series show
// their last value held.
func newPlot(title, ylabel string, end sim.Time) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "time since the scenario start (h)"
	p.Y.Label.Text = ylabel
	p.X.Min, p.X.Max = 0, max(end.Hours()*1.05, 1)
	p.X.Tick.Marker = preciseTicks{}
	p.Legend.Top = true
	return p
}

// hold closes a step series: it adds the last value at x (hours), so that
// the last step is drawn up to it.
func hold(xys plotter.XYs, x float64) plotter.XYs {
	if len(xys) > 0 && xys[len(xys)-1].X < x {
		xys = append(xys, plotter.XY{X: x, Y: xys[len(xys)-1].Y})
	}
	return xys
}

// ServicePlot draws the service curve Q(t) of every sector with something
// to serve under weight w (metrics.Curves), as step functions over the run,
// one line per sector in sector order. Q is the served fraction of the
// sector's demand or population. A run in which no sector has anything to
// serve under w (no population at all, say) gives an error wrapping
// ErrNothingToPlot.
func ServicePlot(r *cascade.Result, w metrics.Weight) (*plot.Plot, error) {
	p := serviceAxes("Service by sector, weighted by "+w.String(), "service Q (fraction served)", r.End)
	k := 0
	for c := range metrics.Curves(r, w) {
		if c.Total() == 0 {
			continue
		}
		var xys plotter.XYs
		for s := range c.Steps() {
			xys = append(xys, plotter.XY{X: s.Time.Hours(), Y: float64(s.Served) / float64(c.Total())})
		}
		if err := addStepLine(p, string(c.Sector()), xys, k); err != nil {
			return nil, err
		}
		k++
	}
	if k == 0 {
		return nil, fmt.Errorf("%w: no sector serves any %s", ErrNothingToPlot, w)
	}
	return p, nil
}

// MemberPlot draws, for every sector with neither demand nor population
// (the layers of a research network), the share of its members delivering
// over the run, as the text summary weighs such sectors: one step line per
// sector in sector order. A run in which every sector has demand or
// population to weigh gives an error wrapping ErrNothingToPlot.
// O(members + outages · log).
func MemberPlot(r *cascade.Result) (*plot.Plot, error) {
	p := serviceAxes("Service by sector, share of members delivering", "share of members delivering", r.End)
	k := 0
	for _, ser := range r.Series {
		si, ok := r.Network.SectorIndexOf(ser.Sector)
		if ser.TotalDemand != 0 || ser.TotalPopulation != 0 || !ok {
			continue
		}
		q, times := memberShare(r, r.Network.SectorMembers(si))
		xys := plotter.XYs{{X: 0, Y: q(0)}}
		for _, t := range times {
			if t > 0 && t <= r.End {
				xys = append(xys, plotter.XY{X: t.Hours(), Y: q(t)})
			}
		}
		if err := addStepLine(p, string(ser.Sector), xys, k); err != nil {
			return nil, err
		}
		k++
	}
	if k == 0 {
		return nil, fmt.Errorf("%w: every sector has demand or population to weigh", ErrNothingToPlot)
	}
	return p, nil
}

// serviceAxes returns a plot for shares in [0, 1] over the run, with room
// for the legend above 1.
func serviceAxes(title, ylabel string, end sim.Time) *plot.Plot {
	p := newPlot(title, ylabel, end)
	p.Y.Min, p.Y.Max = 0, 1.3
	p.Y.Tick.Marker = plot.ConstantTicks([]plot.Tick{{Value: 0, Label: "0"}, {Value: 0.25}, {Value: 0.5, Label: "0.5"}, {Value: 0.75}, {Value: 1, Label: "1"}})
	return p
}

// addStepLine adds a step series (held to the plot's right edge) as the
// k-th line of p, named name in the legend.
func addStepLine(p *plot.Plot, name string, xys plotter.XYs, k int) error {
	l, err := plotter.NewLine(hold(xys, p.X.Max))
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	l.StepStyle = plotter.PostStep
	l.Color = plotutil.Color(k)
	l.Dashes = plotutil.Dashes(k)
	l.Width = vg.Points(1.5)
	p.Add(l)
	p.Legend.Add(name, l)
	return nil
}

// kindColors are the colours of the activity kinds responders record most;
// any other kind takes a colour of plotutil's palette by its rank among the
// run's kinds.
var kindColors = map[string]color.Color{
	"travel": color.RGBA{R: 0xe6, G: 0x9f, B: 0x00, A: 0xff},
	"repair": color.RGBA{R: 0x00, G: 0x9e, B: 0x73, A: 0xff},
	"idle":   color.RGBA{R: 0xbb, G: 0xbb, B: 0xbb, A: 0xff},
}

// bar is one activity on the Gantt chart: row y, from x0 to x1 hours.
type bar struct {
	y      int
	x0, x1 float64
	color  color.Color
}

// gantt draws bars as filled rectangles one row high (less a gap).
type gantt struct {
	bars []bar
	rows int
	xmax float64
}

func (g *gantt) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	for _, b := range g.bars {
		x0, x1 := tx(b.x0), tx(b.x1)
		if x1-x0 < 1 { // keep instants visible
			x1 = x0 + 1
		}
		y0, y1 := ty(float64(b.y)-0.35), ty(float64(b.y)+0.35)
		c.FillPolygon(b.color, c.ClipPolygonXY([]vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}))
	}
}

func (g *gantt) DataRange() (xmin, xmax, ymin, ymax float64) {
	return 0, g.xmax, -0.6, float64(g.rows) + 0.4 // room for the legend
}

// swatch is a legend thumbnail: a filled square.
type swatch struct{ color color.Color }

func (s swatch) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	c.FillPolygon(s.color, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}})
}

// ganttLabels is the most row labels a Gantt chart prints: as many as fit,
// one above the other, at the default size.
const ganttLabels = 25

// GanttPlot draws the restoration Gantt chart: one row per actor
// (cascade.Activity.Actor, in natural order — numbers within names by value,
// so crew-2 comes before crew-10 — the first at the top; with more than
// ganttLabels actors, only every k-th row from the first is labelled, the
// fewest k that leaves at most ganttLabels labels), a bar per activity
// from its start to its end, coloured by kind (travel, repair, idle, and any
// other kind the responders recorded). The time axis ends with the run:
// an activity recorded as ending past Result.End is drawn up to Result.End
// only, and one starting past it not at all (the Result keeps what the
// responder recorded). A run without activities is an error wrapping
// ErrNothingToPlot.
func GanttPlot(r *cascade.Result) (*plot.Plot, error) {
	if len(r.Activities) == 0 {
		return nil, fmt.Errorf("%w: no responder activities", ErrNothingToPlot)
	}
	var actors, kinds []string
	end := r.End
	for _, a := range r.Activities {
		actors = append(actors, a.Actor)
		kinds = append(kinds, a.Kind)
	}
	slices.SortFunc(actors, naturalCompare)
	actors = slices.Compact(actors)
	slices.Sort(kinds)
	kinds = slices.Compact(kinds)
	colors := map[string]color.Color{}
	for k, kind := range kinds {
		if c, ok := kindColors[kind]; ok {
			colors[kind] = c
		} else {
			colors[kind] = plotutil.Color(k)
		}
	}
	g := &gantt{rows: len(actors), xmax: max(end.Hours(), 1)}
	for _, a := range r.Activities {
		if a.Start > end {
			continue
		}
		row, _ := slices.BinarySearchFunc(actors, a.Actor, naturalCompare)
		g.bars = append(g.bars, bar{len(actors) - 1 - row, a.Start.Hours(), min(a.End, end).Hours(), colors[a.Kind]})
	}
	p := newPlot("Restoration by actor", "", end)
	p.Add(g)
	ticks := make([]plot.Tick, len(actors))
	step := (len(actors) + ganttLabels - 1) / ganttLabels
	for k, a := range actors {
		ticks[k] = plot.Tick{Value: float64(len(actors) - 1 - k)}
		if k%step == 0 {
			ticks[k].Label = a
		}
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	for _, kind := range kinds {
		p.Legend.Add(kind, swatch{colors[kind]})
	}
	return p, nil
}

// telecomLayers are the telecom outage causes stacked from the bottom, with
// their colours: the four ways a site is out, then on backup (working).
var telecomLayers = []struct {
	name  string
	color color.Color
	count func(metrics.TelecomPoint) int32
}{
	{"damaged", color.RGBA{R: 0xb2, G: 0x18, B: 0x2b, A: 0xff}, func(p metrics.TelecomPoint) int32 { return p.Damaged }},
	{"no power", color.RGBA{R: 0xef, G: 0x8a, B: 0x62, A: 0xff}, func(p metrics.TelecomPoint) int32 { return p.NoPower }},
	{"other supply", color.RGBA{R: 0xfd, G: 0xdb, B: 0xc7, A: 0xff}, func(p metrics.TelecomPoint) int32 { return p.OtherSupply }},
	{"backhaul lost", color.RGBA{R: 0x67, G: 0xa9, B: 0xcf, A: 0xff}, func(p metrics.TelecomPoint) int32 { return p.Backhaul }},
	{"on backup (working)", color.RGBA{R: 0xcc, G: 0xcc, B: 0xcc, A: 0xff}, func(p metrics.TelecomPoint) int32 { return p.OnBackup }},
}

// TelecomPlot draws the telecom outage causes over the run
// (metrics.TelecomCauses) as stacked step areas: sites out because damaged,
// without power, without another supply or without backhaul, and on top the
// sites working on backup power. A network without a telecom sector is an
// error wrapping metrics.ErrNoSector.
func TelecomPlot(r *cascade.Result) (*plot.Plot, error) {
	ts, err := metrics.TelecomCauses(r)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	p := newPlot("Telecom sites by outage cause", "sites", r.End)
	p.Y.Min, p.Y.Max = 0, 1.3*max(float64(ts.Sites), 1) // room for the legend
	p.Y.Tick.Marker = countTicks(ts.Sites)
	below := make([]int32, len(ts.Points))
	for _, layer := range telecomLayers {
		// The ring: along the layer's top forward, back along its bottom.
		var top, bottom plotter.XYs
		any := false
		for k, pt := range ts.Points {
			end := p.X.Max // the last step is held
			if k+1 < len(ts.Points) {
				end = ts.Points[k+1].Time.Hours()
			}
			n := layer.count(pt)
			any = any || n > 0
			lo, hi := float64(below[k]), float64(below[k]+n)
			top = append(top, plotter.XY{X: pt.Time.Hours(), Y: hi}, plotter.XY{X: end, Y: hi})
			bottom = append(bottom, plotter.XY{X: pt.Time.Hours(), Y: lo}, plotter.XY{X: end, Y: lo})
			below[k] += n
		}
		if !any {
			continue
		}
		slices.Reverse(bottom)
		poly, err := plotter.NewPolygon(append(top, bottom...))
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		poly.Color = layer.color
		poly.LineStyle.Width = 0
		p.Add(poly)
		p.Legend.Add(layer.name, swatch{layer.color})
	}
	return p, nil
}

// mapView draws links as lines and components as dots, coloured by their
// total outage time.
type mapView struct {
	lines  []mapLine
	dots   []mapDot
	bounds [4]float64 // xmin, xmax, ymin, ymax
	radius vg.Length  // of a dot; lines are half as wide
}

type mapLine struct {
	pts   []network.Point
	color color.Color
}

type mapDot struct {
	at    network.Point
	color color.Color
	ring  bool     // a critical facility
	down  sim.Time // its total outage time
}

func (m *mapView) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	for _, l := range m.lines {
		pts := make([]vg.Point, len(l.pts))
		for k, q := range l.pts {
			pts[k] = vg.Point{X: tx(q.X), Y: ty(q.Y)}
		}
		c.StrokeLines(draw.LineStyle{Color: l.color, Width: m.radius / 2}, c.ClipLinesXY(pts)...)
	}
	for _, d := range m.dots {
		at := vg.Point{X: tx(d.at.X), Y: ty(d.at.Y)}
		if !c.Contains(at) {
			continue
		}
		c.DrawGlyph(draw.GlyphStyle{Color: d.color, Radius: m.radius, Shape: draw.CircleGlyph{}}, at)
		if d.ring {
			c.DrawGlyph(draw.GlyphStyle{Color: color.Black, Radius: m.radius + vg.Points(2), Shape: draw.RingGlyph{}}, at)
		}
	}
}

func (m *mapView) DataRange() (xmin, xmax, ymin, ymax float64) {
	return m.bounds[0], m.bounds[1], m.bounds[2], m.bounds[3]
}

// neverOut is the map colour of an entity that never failed.
var neverOut = color.RGBA{R: 0xc8, G: 0xc8, B: 0xc8, A: 0xff}

// outageRamp are the control colours of the map's outage scale (ColorBrewer
// YlOrRd, of increasing luminance): dark red for the longest outages to
// yellow for the shortest.
var outageRamp = []color.Color{
	color.RGBA{R: 0x80, G: 0x00, B: 0x26, A: 0xff},
	color.RGBA{R: 0xe3, G: 0x1a, B: 0x1c, A: 0xff},
	color.RGBA{R: 0xfd, G: 0x8d, B: 0x3c, A: 0xff},
	color.RGBA{R: 0xfe, G: 0xd9, B: 0x76, A: 0xff},
}

// outageColors maps outage hours in (0, longest] to colours along
// outageRamp reversed, interpolated in CIELAB (Moreland's luminance maps).
func outageColors(longest float64) palette.ColorMap {
	lum, err := moreland.NewLuminance(outageRamp)
	if err != nil { // the ramp is fixed: its luminance increases
		panic(fmt.Sprintf("report: outage colours: %v", err))
	}
	cm := palette.Reverse(lum)
	cm.SetMin(0)
	cm.SetMax(max(longest, 1e-9))
	return cm
}

// MapPlot draws the city: every located component as a dot and every link
// with located ends (or a geometry) as a line, coloured by its total outage
// time over the run (cascade.OutageStats.Total): grey when it never failed,
// else from yellow (the shortest) to dark red (the run's longest outage);
// critical facilities are ringed. Coordinates are WGS84
// longitude and latitude where the network's CRS converts exactly (WGS84,
// Web Mercator), else the CRS's own (metres, or the drawing's unit). A
// network without a located component is an error wrapping
// ErrNothingToPlot.
func MapPlot(r *cascade.Result) (*plot.Plot, error) {
	n := r.Network
	to, err := n.CRS().ToWGS84()
	geographic := err == nil
	if !geographic {
		to = func(p network.Point) network.Point { return p }
	}
	var longest sim.Time
	for i := range n.Components() {
		longest = max(longest, r.OutageOf(i).Total)
	}
	for l := range n.Links() {
		longest = max(longest, r.LinkOutageOf(l).Total)
	}
	cm := outageColors(longest.Hours())
	colorOf := func(t sim.Time) color.Color {
		if t == 0 {
			return neverOut
		}
		c, err := cm.At(t.Hours())
		if err != nil { // only for NaN or out of range: never for [0, longest]
			panic(fmt.Sprintf("report: colour map: %v", err))
		}
		return c
	}
	m := &mapView{}
	first := true
	grow := func(p network.Point) {
		if first {
			m.bounds = [4]float64{p.X, p.X, p.Y, p.Y}
			first = false
			return
		}
		m.bounds = [4]float64{min(m.bounds[0], p.X), max(m.bounds[1], p.X), min(m.bounds[2], p.Y), max(m.bounds[3], p.Y)}
	}
	for l := range n.Links() {
		pts, ok := linePoints(n, l)
		if !ok {
			continue
		}
		q := make([]network.Point, len(pts))
		for k, p := range pts {
			q[k] = to(p)
			grow(q[k])
		}
		m.lines = append(m.lines, mapLine{q, colorOf(r.LinkOutageOf(l).Total)})
	}
	for i := range n.Components() {
		p, ok := n.Location(i)
		if !ok {
			continue
		}
		p = to(p)
		grow(p)
		m.dots = append(m.dots, mapDot{p, colorOf(r.OutageOf(i).Total), n.Critical(i), r.OutageOf(i).Total})
	}
	if len(m.dots) == 0 {
		return nil, fmt.Errorf("%w: no component has a location", ErrNothingToPlot)
	}
	// Dots shrink as the city grows: 4 pt up to 200 of them, then with
	// the square root of their number, down to 1 pt.
	m.radius = vg.Points(max(1, min(4, 4*math.Sqrt(200/float64(len(m.dots))))))
	// Draw the longest outages last, on top; ties in index order.
	slices.SortStableFunc(m.dots, func(a, b mapDot) int { return cmp.Compare(a.down, b.down) })
	pad := func(lo, hi float64) (float64, float64) {
		d := max((hi-lo)*0.05, 1e-6)
		return lo - d, hi + d
	}
	m.bounds[0], m.bounds[1] = pad(m.bounds[0], m.bounds[1])
	m.bounds[2], m.bounds[3] = pad(m.bounds[2], m.bounds[3])
	m.bounds[1] += (m.bounds[1] - m.bounds[0]) * 0.3 // room for the legend
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Outage time (longest %s h)", num(round3(longest.Hours())))
	if geographic {
		p.X.Label.Text, p.Y.Label.Text = "longitude (°)", "latitude (°)"
	} else {
		p.X.Label.Text, p.Y.Label.Text = "x ("+n.CRS().String()+")", "y"
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = preciseTicks{}, preciseTicks{}
	p.Add(m)
	p.Legend.Add("never out", swatch{neverOut})
	if longest > 0 {
		for _, f := range []float64{0, 0.5, 1} {
			c, _ := cm.At(f * cm.Max())
			label := num(round3(f*longest.Hours())) + " h"
			if f == 0 {
				label = "> 0 h"
			}
			p.Legend.Add(label, swatch{c})
		}
	}
	p.Legend.Top = true
	return p, nil
}

// round3 rounds x to three decimals.
func round3(x float64) float64 { return math.Round(x*1e3) / 1e3 }

// preciseTicks are plot.DefaultTicks labelled with as many decimals as
// their values need (a map of a few hundred metres spans 0.005°).
type preciseTicks struct{}

func (preciseTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for k := range ts {
		if ts[k].Label != "" {
			ts[k].Label = num(round9(ts[k].Value))
		}
	}
	return ts
}

// countTicks labels a count axis from 0 to n with whole numbers, at most
// about six of them, a step of 1, 2 or 5 times a power of ten.
func countTicks(n int) plot.ConstantTicks {
	step, pow := 1, 1 // step is 1, 2 or 5 times pow, a power of ten
	for n/step > 5 {
		switch step / pow {
		case 1:
			step = 2 * pow
		case 2:
			step = 5 * pow
		default:
			pow *= 10
			step = pow
		}
	}
	var ts plot.ConstantTicks
	for v := 0; v <= max(n, 1); v += step {
		ts = append(ts, plot.Tick{Value: float64(v), Label: fmt.Sprint(v)})
	}
	return ts
}
