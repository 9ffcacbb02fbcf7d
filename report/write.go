package report

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/sim"
)

// Outputs are the names of what Write can write, sorted:
//
//   - files: for each replication, WriteDir's files (timeline, outages
//     and metrics as CSV and JSON, GeoJSON, the plots as SVG and PNG, the
//     HTML report) — in the output directory itself for a run of one
//     replication, in replication-<i> under it (0-based) for several;
//   - series: series.csv, every step of every sector's service series of
//     every replication (a replication column, 0-based);
//   - summary: summary.txt (Summary.WriteText) and summary.json.
//
// Times are integer nanoseconds with hours beside them; demand is in fixed
// point (network.DemandScale units per unit of demand).
var Outputs = []string{"files", "series", "summary"}

// Write writes the outputs named by which (all when empty) of a run to
// dir, creating it. Each file is written atomically (WriteFile); the
// renames of several files are not one atomic step.
func Write(ctx context.Context, dir string, which []string, s *Summary, results []*cascade.Result) error {
	if len(which) == 0 {
		which = Outputs
	}
	for _, w := range which {
		if !slices.Contains(Outputs, w) {
			return fmt.Errorf("report: unknown output %q (want one of %v)", w, Outputs)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	for _, w := range which {
		var err error
		switch w {
		case "summary":
			err = WriteFile(filepath.Join(dir, "summary.txt"), s.WriteText)
			if err == nil {
				err = WriteFile(filepath.Join(dir, "summary.json"), func(w io.Writer) error { return WriteJSON(w, s) })
			}
		case "series":
			err = WriteFile(filepath.Join(dir, "series.csv"), func(w io.Writer) error { return WriteSeriesCSV(w, results) })
		case "files":
			for i, r := range results {
				sub := dir
				if len(results) > 1 {
					sub = filepath.Join(dir, fmt.Sprintf("replication-%d", i))
					if err = os.MkdirAll(sub, 0o755); err != nil {
						return fmt.Errorf("report: %w", err)
					}
				}
				if _, _, err = WriteDir(ctx, sub, r); err != nil {
					break
				}
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// WriteJSON writes v as indented JSON.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func ns(t sim.Time) string   { return strconv.FormatInt(int64(t), 10) }
func integer(x int64) string { return strconv.FormatInt(x, 10) }

// WriteSeriesCSV writes every step of every sector's service series.
func WriteSeriesCSV(w io.Writer, results []*cascade.Result) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"replication", "sector", "time_ns", "time_h", "demand_served", "demand_total", "q",
		"population_served", "population_total", "q_population"})
	for r, res := range results {
		for k := range res.Series {
			s := &res.Series[k]
			for _, p := range s.Points {
				cw.Write([]string{strconv.Itoa(r), string(s.Sector), ns(p.Time), num(hours(p.Time)),
					integer(p.Demand), integer(s.TotalDemand), num(ratio(p.Demand, s.TotalDemand)),
					integer(p.Population), integer(s.TotalPopulation), num(ratio(p.Population, s.TotalPopulation))})
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
