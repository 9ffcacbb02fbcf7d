package report

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/metrics"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// hours returns t in hours (sim.Time.Hours), for output only.
func hours(t sim.Time) float64 { return t.Hours() }

// num formats a float as the shortest decimal that reads back as it.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// entity is the identity columns shared by the tables: what the entity is,
// its ID, sector and kind.
type entity struct {
	Entity string         `json:"entity"`
	ID     string         `json:"id"`
	Sector network.Sector `json:"sector"`
	Kind   network.Kind   `json:"kind"`
}

func entityOf(n *network.Network, i int32, link bool) entity {
	if link {
		return entity{"link", n.LinkID(i), n.SectorName(n.LinkSector(i)), n.LinkKind(i)}
	}
	return entity{"component", n.ComponentID(i), n.SectorName(n.ComponentSector(i)), n.ComponentKind(i)}
}

func (e entity) cells() []string { return []string{e.Entity, e.ID, string(e.Sector), string(e.Kind)} }

var entityHeader = []string{"entity", "id", "sector", "kind"}

// A table is a header and rows that write themselves both as CSV records
// and as JSON objects with the header's names as keys.
type table[R interface{ cells() []string }] struct {
	header []string
	rows   []R
}

func (t table[R]) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.header); err != nil {
		return err
	}
	for _, r := range t.rows {
		if err := cw.Write(r.cells()); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeRows writes a JSON object: the fields of head, then key holding rows,
// one row a line, so that large documents stay fast to write and easy to
// diff.
func writeRows[R any](w io.Writer, head any, key string, rows []R) error {
	hb, err := json.Marshal(head)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	hb = bytes.TrimSuffix(hb, []byte("}"))
	if len(hb) > 1 {
		hb = append(hb, ',')
	}
	bw.Write(hb)
	kb, _ := json.Marshal(key)
	bw.Write(kb)
	bw.WriteString(":[")
	for k, r := range rows {
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		if k > 0 {
			bw.WriteByte(',')
		}
		bw.WriteByte('\n')
		bw.Write(b)
	}
	bw.WriteString("\n]}\n")
	return bw.Flush()
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// runHeader is the run's identity at the top of every JSON document.
type runHeader struct {
	Network  string  `json:"network"`
	Complete bool    `json:"complete"`
	EndNs    int64   `json:"end_ns"`
	EndH     float64 `json:"end_h"`
}

func headerOf(r *cascade.Result) runHeader {
	return runHeader{r.Network.Name(), r.Complete, int64(r.End), hours(r.End)}
}

// change is one row of the timeline.
type change struct {
	TimeNs int64   `json:"time_ns"`
	TimeH  float64 `json:"time_h"`
	entity
	OldStatus string  `json:"old_status"`
	NewStatus string  `json:"new_status"`
	OldFactor float64 `json:"old_factor"`
	NewFactor float64 `json:"new_factor"`
	Mechanism string  `json:"mechanism"`
	Cause     int32   `json:"cause"`
	Parent    int32   `json:"parent"`
	Hazard    string  `json:"hazard"`
}

var timelineHeader = append(append([]string{"time_ns", "time_h"}, entityHeader...),
	"old_status", "new_status", "old_factor", "new_factor", "mechanism", "cause", "parent", "hazard")

func (c change) cells() []string {
	return append(append([]string{strconv.FormatInt(c.TimeNs, 10), num(c.TimeH)}, c.entity.cells()...),
		c.OldStatus, c.NewStatus, num(c.OldFactor), num(c.NewFactor), c.Mechanism,
		strconv.Itoa(int(c.Cause)), strconv.Itoa(int(c.Parent)), c.Hazard)
}

// timeline returns the change log as rows; with the log off and entities
// having changed it fails with metrics.ErrNoChangeLog.
func timeline(r *cascade.Result) (table[change], error) {
	if len(r.Changes) == 0 && r.Direct+r.Induced > 0 {
		return table[change]{}, fmt.Errorf("report: timeline: %w", metrics.ErrNoChangeLog)
	}
	t := table[change]{header: timelineHeader, rows: make([]change, 0, len(r.Changes))}
	for _, ch := range r.Changes {
		row := change{
			TimeNs: int64(ch.Time), TimeH: hours(ch.Time),
			entity:    entityOf(r.Network, ch.Entity, ch.Link),
			OldStatus: ch.Old.String(), NewStatus: ch.New.String(),
			OldFactor: ch.OldFactor, NewFactor: ch.NewFactor,
			Cause: ch.Cause, Parent: -1,
		}
		if ch.Cause >= 0 && int(ch.Cause) < len(r.Causes) {
			c := r.Causes[ch.Cause]
			row.Mechanism, row.Parent, row.Hazard = c.Mechanism.String(), c.Parent, c.Hazard
		}
		t.rows = append(t.rows, row)
	}
	return t, nil
}

// WriteTimelineCSV writes the run's change log as CSV, one row per change in
// time order (see the package documentation for the columns). A run that
// kept no change log although something changed is an error wrapping
// metrics.ErrNoChangeLog.
func WriteTimelineCSV(w io.Writer, r *cascade.Result) error {
	t, err := timeline(r)
	if err != nil {
		return err
	}
	return t.writeCSV(w)
}

// WriteTimelineJSON writes the run's change log as one JSON object: the
// run's header and "changes", an array of objects keyed like the CSV's
// columns.
func WriteTimelineJSON(w io.Writer, r *cascade.Result) error {
	t, err := timeline(r)
	if err != nil {
		return err
	}
	return writeRows(w, headerOf(r), "changes", t.rows)
}

// outage is one row of the outage table.
type outage struct {
	entity
	Count   int32    `json:"count"`
	FirstNs *int64   `json:"first_ns"`
	FirstH  *float64 `json:"first_h"`
	TotalNs int64    `json:"total_ns"`
	TotalH  float64  `json:"total_h"`
}

var outageHeader = append(append([]string{}, entityHeader...), "count", "first_ns", "first_h", "total_ns", "total_h")

func (o outage) cells() []string {
	first, firstH := "", ""
	if o.FirstNs != nil {
		first, firstH = strconv.FormatInt(*o.FirstNs, 10), num(*o.FirstH)
	}
	return append(o.entity.cells(), strconv.Itoa(int(o.Count)), first, firstH,
		strconv.FormatInt(o.TotalNs, 10), num(o.TotalH))
}

func outageOf(e entity, s cascade.OutageStats) outage {
	o := outage{entity: e, Count: s.Count, TotalNs: int64(s.Total), TotalH: hours(s.Total)}
	if s.First >= 0 {
		f, fh := int64(s.First), hours(s.First)
		o.FirstNs, o.FirstH = &f, &fh
	}
	return o
}

// outages returns every component's and then every link's outage summary.
func outages(r *cascade.Result) table[outage] {
	n := r.Network
	t := table[outage]{header: outageHeader, rows: make([]outage, 0, n.NumComponents()+n.NumLinks())}
	for i := range n.Components() {
		t.rows = append(t.rows, outageOf(entityOf(n, i, false), r.OutageOf(i)))
	}
	for l := range n.Links() {
		t.rows = append(t.rows, outageOf(entityOf(n, l, true), r.LinkOutageOf(l)))
	}
	return t
}

// WriteOutagesCSV writes the outage summary of every component and then
// every link of the run's network, in index order (cascade.OutageStats; see
// the package documentation for the columns). It needs no change log.
func WriteOutagesCSV(w io.Writer, r *cascade.Result) error {
	return outages(r).writeCSV(w)
}

// WriteOutagesJSON writes the outage summaries as one JSON object: the run's
// header and "outages", an array of objects keyed like the CSV's columns
// (first_ns and first_h null for an entity that never failed).
func WriteOutagesJSON(w io.Writer, r *cascade.Result) error {
	return writeRows(w, headerOf(r), "outages", outages(r).rows)
}

// figure is one row of the metrics table: one sector's figures under one
// weight.
type figure struct {
	Sector   network.Sector `json:"sector"`
	Weight   string         `json:"weight"`
	Total    int64          `json:"total"`
	MinQ     float64        `json:"min_q"`
	MinAtNs  int64          `json:"min_at_ns"`
	MinAtH   float64        `json:"min_at_h"`
	LossH    float64        `json:"loss_h"`
	Unserved float64        `json:"unserved"`
	Unit     string         `json:"unserved_unit"`
	Recover  [3]recovery    `json:"recovery"`
	Days     [5]float64     `json:"functionality"`
}

// recovery is a time to recover to one level, nil when the sector had not
// recovered by the end of the run.
type recovery struct {
	Level float64  `json:"level"`
	Ns    *int64   `json:"ns"`
	H     *float64 `json:"h"`
}

var dayNames = [5]string{"q_day1", "q_day3", "q_day7", "q_day30", "q_day90"}
var levelNames = [3]string{"90", "95", "100"}

var metricsHeader = func() []string {
	h := []string{"sector", "weight", "total", "min_q", "min_at_ns", "min_at_h", "loss_h", "unserved", "unserved_unit"}
	for _, l := range levelNames {
		h = append(h, "recover_"+l+"_ns", "recover_"+l+"_h")
	}
	return append(h, dayNames[:]...)
}()

func (f figure) cells() []string {
	c := []string{string(f.Sector), f.Weight, strconv.FormatInt(f.Total, 10), num(f.MinQ),
		strconv.FormatInt(f.MinAtNs, 10), num(f.MinAtH), num(f.LossH), num(f.Unserved), f.Unit}
	for _, r := range f.Recover {
		if r.Ns == nil {
			c = append(c, "", "")
			continue
		}
		c = append(c, strconv.FormatInt(*r.Ns, 10), num(*r.H))
	}
	for _, q := range f.Days {
		c = append(c, num(q))
	}
	return c
}

// unitOf names the unit of a curve's unserved weight × hours.
func unitOf(c metrics.Curve) string {
	if c.Weight() == metrics.ByPopulation {
		return "person_h"
	}
	if c.Sector() == network.Power {
		return "MWh"
	}
	return "demand_h"
}

func figureOf(c metrics.Curve) figure {
	f := c.Figures()
	row := figure{
		Sector: f.Sector, Weight: f.Weight.String(), Total: c.Total(),
		MinQ: f.Robustness, MinAtNs: int64(f.RobustAt), MinAtH: hours(f.RobustAt),
		LossH: f.Loss, Unserved: f.Unserved, Unit: unitOf(c), Days: f.Functionality,
	}
	for k, rec := range f.Recovery {
		row.Recover[k].Level = rec.Level
		if rec.Recovered {
			d := rec.Duration()
			ns, h := int64(d), hours(d)
			row.Recover[k].Ns, row.Recover[k].H = &ns, &h
		}
	}
	return row
}

// figures returns the metrics rows: every sector by demand, then every
// sector by population.
func figures(r *cascade.Result) table[figure] {
	t := table[figure]{header: metricsHeader}
	for _, w := range []metrics.Weight{metrics.ByDemand, metrics.ByPopulation} {
		for c := range metrics.Curves(r, w) {
			t.rows = append(t.rows, figureOf(c))
		}
	}
	return t
}

// WriteMetricsCSV writes the resilience figures of every sector (metrics.Curve.Figures),
// one row per sector and weight: every sector by demand, then every sector
// by population (see the package documentation for the columns).
func WriteMetricsCSV(w io.Writer, r *cascade.Result) error {
	return figures(r).writeCSV(w)
}

// chainsJSON is metrics.Chains with names instead of codes.
type chainsJSON struct {
	Direct        int            `json:"direct"`
	Induced       int            `json:"induced"`
	Amplification *float64       `json:"amplification"`
	Failures      int            `json:"failures"`
	ByMechanism   map[string]int `json:"by_mechanism"`
	Paths         []pathJSON     `json:"paths"`
	Longest       *longestJSON   `json:"longest"`
}

type pathJSON struct {
	Path  string `json:"path"`
	Count int    `json:"count"`
}

type longestJSON struct {
	Length int `json:"length"`
	entity
	TimeNs int64   `json:"time_ns"`
	TimeH  float64 `json:"time_h"`
}

// chainsOf returns the chain statistics, nil without a change log, and the
// failure with the longest chain.
func chainsOf(r *cascade.Result) (*chainsJSON, metrics.Longest, error) {
	ch, err := metrics.ChainStats(r)
	if errors.Is(err, metrics.ErrNoChangeLog) {
		return nil, metrics.Longest{}, nil
	}
	if err != nil {
		return nil, metrics.Longest{}, fmt.Errorf("report: %w", err)
	}
	out := &chainsJSON{Direct: ch.Direct, Induced: ch.Induced, Failures: ch.Failures,
		ByMechanism: map[string]int{}, Paths: []pathJSON{}}
	if ch.Direct > 0 {
		out.Amplification = &ch.Amplification
	}
	for _, m := range ch.ByMechanism {
		out.ByMechanism[m.Mechanism.String()] = m.Count
	}
	for _, p := range ch.Paths {
		out.Paths = append(out.Paths, pathJSON{p.Path.String(), p.Count})
	}
	if l := ch.Longest; l.Length > 0 {
		out.Longest = &longestJSON{l.Length, entityOf(r.Network, l.Entity, l.Link), int64(l.Time), hours(l.Time)}
	}
	return out, ch.Longest, nil
}

// telecomJSON is the telecom sector's site-hours by outage cause.
type telecomJSON struct {
	Sites      int       `json:"sites"`
	Classified bool      `json:"classified"`
	SiteHours  siteHours `json:"site_hours"`
}

// siteHours are metrics.TelecomHours with the package's keys.
type siteHours struct {
	Damaged     float64 `json:"damaged"`
	NoPower     float64 `json:"no_power"`
	OtherSupply float64 `json:"other_supply"`
	Backhaul    float64 `json:"backhaul"`
	OnBackup    float64 `json:"on_backup"`
}

func telecomOf(r *cascade.Result) (*telecomJSON, error) {
	ts, err := metrics.TelecomCauses(r)
	if errors.Is(err, metrics.ErrNoSector) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return &telecomJSON{ts.Sites, ts.Classified, siteHours(ts.Hours(0, r.End))}, nil
}

// WriteMetricsJSON writes the run's resilience figures as one JSON object:
// the run's header; "sectors", the rows of WriteMetricsCSV with the
// recovery times and the functionality as arrays; "chains", the chain
// statistics (null when the run kept no change log); "telecom", the
// telecom sites and site-hours by outage cause over the run (null without a
// telecom sector); "facilities", each critical facility's hours without
// supply per sector and without road access.
func WriteMetricsJSON(w io.Writer, r *cascade.Result) error {
	ch, _, err := chainsOf(r)
	if err != nil {
		return err
	}
	tel, err := telecomOf(r)
	if err != nil {
		return err
	}
	return writeJSON(w, struct {
		runHeader
		Sectors    []figure      `json:"sectors"`
		Chains     *chainsJSON   `json:"chains"`
		Telecom    *telecomJSON  `json:"telecom"`
		Facilities []facilityRow `json:"facilities"`
	}{headerOf(r), figures(r).rows, ch, tel, facilities(r)})
}

// span is an interval of a run in ns and hours; Open marks one still going
// on at the end of the run.
type span struct {
	StartNs int64   `json:"start_ns"`
	StartH  float64 `json:"start_h"`
	EndNs   int64   `json:"end_ns"`
	EndH    float64 `json:"end_h"`
	Open    bool    `json:"open"`
}

func spansOf(ivs []metrics.Interval) (out []span, total sim.Time) {
	out = make([]span, 0, len(ivs))
	for _, iv := range ivs {
		out = append(out, span{int64(iv.Start), hours(iv.Start), int64(iv.End), hours(iv.End), iv.Open})
		total += iv.Duration()
	}
	return out, total
}

// lack is what a facility lacked from one sector.
type lack struct {
	Sector  network.Sector `json:"sector"`
	TotalNs int64          `json:"total_ns"`
	TotalH  float64        `json:"total_h"`
	Without []span         `json:"without"`
}

// facilityRow is one critical facility: its supply per sector and its road
// access (Road null when the run did not record it).
type facilityRow struct {
	entity
	Supply []lack `json:"supply"`
	Road   *lack  `json:"road"`
}

func facilities(r *cascade.Result) []facilityRow {
	rows := []facilityRow{}
	for f := range metrics.Facilities(r) {
		row := facilityRow{entity: entityOf(r.Network, f.Component, false), Supply: []lack{}}
		for _, l := range f.Supply {
			sp, tot := spansOf(l.Without)
			row.Supply = append(row.Supply, lack{l.Sector, int64(tot), hours(tot), sp})
		}
		if f.RoadKnown {
			sp, tot := spansOf(f.Road)
			row.Road = &lack{network.Transport, int64(tot), hours(tot), sp}
		}
		rows = append(rows, row)
	}
	return rows
}

// round9 rounds x to nine decimals.
func round9(x float64) float64 { return math.Round(x*1e9) / 1e9 }
