package report_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/telecom"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/metrics"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/report"
	"github.com/lifeline-sim/lifeline/sim"
)

// synthRun runs a synthetic city of about n components: a fraction of
// them damaged at 1 h, each repaired within 72 h, with the telecom model
// (outage causes) and the change log on.
func synthRun(tb testing.TB, n int, fraction float64) *cascade.Result {
	tb.Helper()
	net, err := synth.City(synth.CityParams{Components: n, Seed: 1})
	require.NoError(tb, err)
	e, err := cascade.New(net, cascade.Options{Models: map[network.Sector]flow.Factory{network.Telecom: telecom.Options{}.Factory}})
	require.NoError(tb, err)
	rs := sim.ReplicationSeed(1, 0)
	quake := &hazard.RandomFraction{Label: "quake", Fraction: fraction, Effect: hazard.Damage, At: sim.Hour}
	hits, err := quake.Impacts(net, hazard.NewRand(rs, quake.Name()))
	require.NoError(tb, err)
	im := append(hits, hazard.Repairs(net, hits, rs, 72*sim.Hour)...)
	res, err := e.Run(context.Background(), cascade.Input{Impacts: im, Seed: rs})
	require.NoError(tb, err)
	return res
}

// On a synthetic city the tables agree with the Result they come from: one
// outage row per component and link whose hours sum to the engine's
// summaries, one timeline row per change, one GeoJSON feature per
// component and link, and the HTML report draws every picture.
func TestSyntheticCity(t *testing.T) {
	res := synthRun(t, 2000, 0.05)
	n := res.Network
	var b bytes.Buffer
	require.NoError(t, report.WriteOutagesCSV(&b, res))
	rows := readCSV(t, b.Bytes())
	require.Len(t, rows, n.NumComponents()+n.NumLinks())
	var want, got sim.Time
	for i := range n.Components() {
		want += res.OutageOf(i).Total
	}
	for l := range n.Links() {
		want += res.LinkOutageOf(l).Total
	}
	for _, r := range rows {
		var ns int64
		_, err := fmt.Sscan(r["total_ns"], &ns)
		require.NoError(t, err)
		got += sim.Time(ns)
	}
	assert.Equal(t, want, got)
	assert.NotZero(t, want)

	b.Reset()
	require.NoError(t, report.WriteTimelineCSV(&b, res))
	assert.Len(t, readCSV(t, b.Bytes()), len(res.Changes))

	var geo bytes.Buffer
	require.NoError(t, report.WriteGeoJSON(&geo, res))
	assert.Equal(t, n.NumComponents()+n.NumLinks(), strings.Count(geo.String(), `"type":"Feature"`))

	var page bytes.Buffer
	require.NoError(t, report.WriteHTML(&page, res, report.HTMLOptions{}))
	assert.Equal(t, 5, strings.Count(page.String(), "<svg"), "map, service plots by demand, population and (the facilities) members, telecom; no responders")
}

// BenchmarkWriters writes each output of a synthetic city's run (10 % of
// components damaged) to io.Discard and reports, beside ns/op, ns per
// recorded change. components=100000 runs under LIFELINE_LONG=1 only.
func BenchmarkWriters(b *testing.B) {
	sizes := []int{10000}
	if os.Getenv("LIFELINE_LONG") != "" {
		sizes = append(sizes, 100000)
	}
	for _, size := range sizes {
		res := synthRun(b, size, 0.1)
		for _, w := range []struct {
			name  string
			write func(io.Writer, *cascade.Result) error
		}{
			{"timeline.csv", report.WriteTimelineCSV},
			{"outages.csv", report.WriteOutagesCSV},
			{"metrics.json", report.WriteMetricsJSON},
			{"network.geojson", report.WriteGeoJSON},
			{"service.svg", func(w io.Writer, r *cascade.Result) error {
				p, err := report.ServicePlot(r, metrics.ByPopulation)
				if err != nil {
					return err
				}
				return report.WritePlot(w, p, report.SVG, report.Size{})
			}},
			{"map.svg", func(w io.Writer, r *cascade.Result) error {
				p, err := report.MapPlot(r)
				if err != nil {
					return err
				}
				return report.WritePlot(w, p, report.SVG, report.Size{})
			}},
			{"report.html", func(w io.Writer, r *cascade.Result) error { return report.WriteHTML(w, r, report.HTMLOptions{}) }},
		} {
			b.Run(fmt.Sprintf("out=%s/components=%d", w.name, size), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := w.write(io.Discard, res); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(res.Changes)), "ns/change")
				b.ReportMetric(float64(len(res.Changes)), "changes")
			})
		}
	}
}
