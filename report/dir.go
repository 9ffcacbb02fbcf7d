package report

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"gonum.org/v1/plot"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/metrics"
	"github.com/lifeline-sim/lifeline/network"
)

// Skipped is a file WriteDir left out because the run has nothing for it.
type Skipped struct {
	// Name is the file's name in the directory.
	Name string
	// Err says why; it wraps ErrNothingToPlot, metrics.ErrNoChangeLog,
	// metrics.ErrNoSector or network.ErrReproject.
	Err error
}

// expected reports whether err means that the run has nothing for a file,
// as opposed to a failure.
func expected(err error) bool {
	return errors.Is(err, ErrNothingToPlot) || errors.Is(err, metrics.ErrNoChangeLog) ||
		errors.Is(err, metrics.ErrNoSector) || errors.Is(err, network.ErrReproject)
}

// WriteDir writes every output of the run into dir (which must exist), each
// file atomically (WriteFile), and returns the names written and those
// skipped:
//
//	timeline.csv, timeline.json     WriteTimelineCSV, WriteTimelineJSON
//	outages.csv, outages.json       WriteOutagesCSV, WriteOutagesJSON
//	metrics.csv, metrics.json       WriteMetricsCSV, WriteMetricsJSON
//	network.geojson                 WriteGeoJSON
//	service-demand.svg, .png        ServicePlot by demand
//	service-population.svg, .png    ServicePlot by population
//	service-members.svg, .png       MemberPlot (sectors without demand or people)
//	telecom.svg, .png               TelecomPlot
//	gantt.svg, .png                 GanttPlot
//	map.svg, .png                   MapPlot
//	report.html                     WriteHTML with the zero HTMLOptions
//
// A file the run has nothing for (a timeline without a change log, GeoJSON
// of a CRS that does not convert to WGS84, a telecom plot without a telecom
// sector, a Gantt chart without activities, a map without locations, a
// service plot by population when nobody lives in the city) is skipped,
// not an error; a file of that name already in dir is left as it
// is. WriteDir stops at the first other error, or when
// ctx is done, with an error wrapping it.
func WriteDir(ctx context.Context, dir string, r *cascade.Result) (written []string, skipped []Skipped, err error) {
	tables := []struct {
		name  string
		write func(io.Writer, *cascade.Result) error
	}{
		{"timeline.csv", WriteTimelineCSV}, {"timeline.json", WriteTimelineJSON},
		{"outages.csv", WriteOutagesCSV}, {"outages.json", WriteOutagesJSON},
		{"metrics.csv", WriteMetricsCSV}, {"metrics.json", WriteMetricsJSON},
		{"network.geojson", WriteGeoJSON},
	}
	for _, tb := range tables {
		if err := ctx.Err(); err != nil {
			return written, skipped, fmt.Errorf("report: %w", err)
		}
		// WriteFile leaves no file when the writer fails.
		err := WriteFile(filepath.Join(dir, tb.name), func(w io.Writer) error { return tb.write(w, r) })
		if expected(err) {
			skipped = append(skipped, Skipped{tb.name, err})
			continue
		}
		if err != nil {
			return written, skipped, err
		}
		written = append(written, tb.name)
	}
	pictures := []struct {
		name string
		make func() (*plot.Plot, error)
	}{
		{"service-demand", func() (*plot.Plot, error) { return ServicePlot(r, metrics.ByDemand) }},
		{"service-population", func() (*plot.Plot, error) { return ServicePlot(r, metrics.ByPopulation) }},
		{"service-members", func() (*plot.Plot, error) { return MemberPlot(r) }},
		{"telecom", func() (*plot.Plot, error) { return TelecomPlot(r) }},
		{"gantt", func() (*plot.Plot, error) { return GanttPlot(r) }},
		{"map", func() (*plot.Plot, error) { return MapPlot(r) }},
	}
	for _, pic := range pictures {
		for _, f := range []Format{SVG, PNG} {
			if err := ctx.Err(); err != nil {
				return written, skipped, fmt.Errorf("report: %w", err)
			}
			name := pic.name + "." + f.String()
			p, err := pic.make()
			if expected(err) {
				skipped = append(skipped, Skipped{name, err})
				continue
			}
			if err != nil {
				return written, skipped, err
			}
			if err := WriteFile(filepath.Join(dir, name), func(w io.Writer) error { return WritePlot(w, p, f, Size{}) }); err != nil {
				return written, skipped, err
			}
			written = append(written, name)
		}
	}
	if err := ctx.Err(); err != nil {
		return written, skipped, fmt.Errorf("report: %w", err)
	}
	if err := WriteFile(filepath.Join(dir, "report.html"), func(w io.Writer) error { return WriteHTML(w, r, HTMLOptions{}) }); err != nil {
		return written, skipped, err
	}
	return append(written, "report.html"), skipped, nil
}
