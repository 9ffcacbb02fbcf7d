package report

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Outputs are the names of what Write can write, sorted: each is one or
// two files of the output directory.
//
//   - summary: summary.txt (Summary.WriteText) and summary.json;
//   - series: series.csv, every step of every sector's service series;
//   - outages: outages.csv, every component and link that did not deliver
//     at some time, with its outage count, first failure and total time;
//   - changes: changes.csv, the change log with each change's mechanism,
//     hazard and parent cause.
//
// The CSV files have a replication column (0-based); times are integer
// nanoseconds with hours beside them; demand is in fixed point
// (network.DemandScale units per unit of demand).
var Outputs = []string{"changes", "outages", "series", "summary"}

// Write writes the outputs named by which (all when empty) of a run to
// dir, creating it. Each file is written to a temporary file in dir and
// renamed into place, so a reader never sees half a file (the renames of
// several files are not one atomic step).
func Write(dir string, which []string, s *Summary, results []*cascade.Result) error {
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
	type file struct {
		name  string
		write func(io.Writer) error
	}
	var files []file
	for _, w := range which {
		switch w {
		case "summary":
			files = append(files, file{"summary.txt", s.WriteText}, file{"summary.json", func(w io.Writer) error { return WriteJSON(w, s) }})
		case "series":
			files = append(files, file{"series.csv", func(w io.Writer) error { return WriteSeriesCSV(w, results) }})
		case "outages":
			files = append(files, file{"outages.csv", func(w io.Writer) error { return WriteOutagesCSV(w, results) }})
		case "changes":
			files = append(files, file{"changes.csv", func(w io.Writer) error { return WriteChangesCSV(w, results) }})
		}
	}
	for _, f := range files {
		if err := WriteFile(filepath.Join(dir, f.name), f.write); err != nil {
			return err
		}
	}
	return nil
}

// WriteFile writes the file at path through a temporary file in its
// directory, renamed into place once write has succeeded, so a reader
// never sees half a file; on an error nothing is left behind.
func WriteFile(path string, write func(io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriter(tmp)
	if err = write(bw); err != nil {
		return fmt.Errorf("report: %s: %w", path, err)
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("report: %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("report: %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// WriteJSON writes v as indented JSON.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func ns(t sim.Time) string    { return strconv.FormatInt(int64(t), 10) }
func hours(t sim.Time) string { return strconv.FormatFloat(t.Hours(), 'g', -1, 64) }
func num(x float64) string    { return strconv.FormatFloat(x, 'g', -1, 64) }
func integer(x int64) string  { return strconv.FormatInt(x, 10) }

// WriteSeriesCSV writes every step of every sector's service series.
func WriteSeriesCSV(w io.Writer, results []*cascade.Result) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"replication", "sector", "time_ns", "time_h", "demand_served", "demand_total", "q",
		"population_served", "population_total", "q_population"})
	for r, res := range results {
		for k := range res.Series {
			s := &res.Series[k]
			for _, p := range s.Points {
				cw.Write([]string{strconv.Itoa(r), string(s.Sector), ns(p.Time), hours(p.Time),
					integer(p.Demand), integer(s.TotalDemand), num(ratio(p.Demand, s.TotalDemand)),
					integer(p.Population), integer(s.TotalPopulation), num(ratio(p.Population, s.TotalPopulation))})
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteOutagesCSV writes the components and links that did not deliver
// at some time.
func WriteOutagesCSV(w io.Writer, results []*cascade.Result) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"replication", "id", "link", "sector", "kind", "critical", "outages", "first_ns", "total_ns", "total_h"})
	row := func(r int, id string, link bool, sector network.Sector, kind network.Kind, crit bool, o cascade.OutageStats) {
		cw.Write([]string{strconv.Itoa(r), id, strconv.FormatBool(link), string(sector), string(kind), strconv.FormatBool(crit),
			strconv.Itoa(int(o.Count)), ns(o.First), ns(o.Total), hours(o.Total)})
	}
	for r, res := range results {
		net := res.Network
		for i := range net.Components() {
			if o := res.OutageOf(i); o.Count > 0 {
				row(r, net.ComponentID(i), false, net.SectorName(net.ComponentSector(i)), net.ComponentKind(i), net.Critical(i), o)
			}
		}
		for l := range net.Links() {
			if o := res.LinkOutageOf(l); o.Count > 0 {
				row(r, net.LinkID(l), true, net.SectorName(net.LinkSector(l)), net.LinkKind(l), false, o)
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteChangesCSV writes the change log: each change with its cause's
// mechanism and hazard, and the entity of its parent cause.
func WriteChangesCSV(w io.Writer, results []*cascade.Result) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"replication", "time_ns", "time_h", "id", "link", "old", "new", "old_factor", "new_factor",
		"mechanism", "hazard", "cause", "parent", "parent_id"})
	for r, res := range results {
		net := res.Network
		id := func(e int32, link bool) string {
			if link {
				return net.LinkID(e)
			}
			return net.ComponentID(e)
		}
		for k := range res.Changes {
			c := &res.Changes[k]
			cause := res.Causes[c.Cause]
			parent, parentID := "", ""
			if cause.Parent >= 0 {
				p := res.Causes[cause.Parent]
				parent, parentID = strconv.Itoa(int(p.ID)), id(p.Entity, p.Link)
			}
			cw.Write([]string{strconv.Itoa(r), ns(c.Time), hours(c.Time), id(c.Entity, c.Link), strconv.FormatBool(c.Link),
				c.Old.String(), c.New.String(), num(c.OldFactor), num(c.NewFactor),
				cause.Mechanism.String(), cause.Hazard, strconv.Itoa(int(c.Cause)), parent, parentID})
		}
	}
	cw.Flush()
	return cw.Error()
}
