package report

import (
	"bytes"
	"cmp"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"

	"gonum.org/v1/plot"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/metrics"
	"github.com/lifeline-sim/lifeline/sim"
)

// HTMLOptions configure WriteHTML. The zero value is the default.
type HTMLOptions struct {
	// Title heads the page; "" gives "lifeline report: " and the network's
	// name ("lifeline report" for a network without a name).
	Title string
	// Chains is how many chains of causes the page prints besides the
	// longest: those of the components out longest, each at its first
	// failure, but for components out from the start (cut off in the
	// intact network: no disaster chain). 0 means 5; negative, none.
	Chains int
}

//go:embed report.html.tmpl
var pageText string

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"h":   func(t sim.Time) string { return num(round3(t.Hours())) },
	"num": func(f float64) string { return num(round3(f)) },
	// day shows Q on the k-th reporting day, or that the run ended before
	// it (the figures hold the value at the end after it).
	"day": func(k int, q float64, end sim.Time) string {
		if metrics.ReportingDays()[k] > end {
			return "after the run"
		}
		return num(round3(100*q)) + " %"
	},
}).Parse(pageText))

// pageData is what the template shows.
type pageData struct {
	Title                            string
	Network                          string
	Complete                         bool
	End                              sim.Time
	Changes                          int
	Warnings                         []string
	Map, Demand, Population, Members template.HTML
	Telecom, Gantt                   template.HTML
	MapNote, GanttNote               string
	DemandNote, PopNote              string
	Figures                          []figure
	Facilities                       []facilityRow
	TelecomHours                     *telecomJSON
	Chains                           *chainsJSON
	TopChains                        []string
}

// inlineSVG draws p as SVG without the XML prolog, to sit inside HTML.
func inlineSVG(p *plot.Plot) (template.HTML, error) {
	var b bytes.Buffer
	if err := WritePlot(&b, p, SVG, Size{}); err != nil {
		return "", err
	}
	s := b.String()
	s = s[strings.Index(s, "<svg"):]
	// The SVG's text is escaped by the writer (html.EscapeString), and
	// everything else in it is numbers and style we wrote.
	return template.HTML(s), nil
}

// picture draws a plot inline; a plot with nothing to show gives its
// reason as a note instead.
func picture(p *plot.Plot, err error) (template.HTML, string, error) {
	if errors.Is(err, ErrNothingToPlot) {
		return "", strings.TrimPrefix(err.Error(), ErrNothingToPlot.Error()+": "), nil
	}
	if err != nil {
		return "", "", err
	}
	svg, err := inlineSVG(p)
	return svg, "", err
}

// topChains returns the text of the longest chain and of the chains of the
// n components out longest (ties in index order), each at its first
// failure, skipping repeats and components out from the start (a chain
// rooted in cascade.Initial is no disaster chain).
func topChains(r *cascade.Result, ch *chainsJSON, longest metrics.Longest, n int) ([]string, error) {
	var out []string
	seen := map[[2]int64]bool{}
	add := func(c cascade.Chain, ok bool, key [2]int64) error {
		if !ok || seen[key] {
			return nil
		}
		seen[key] = true
		var b strings.Builder
		if err := c.WriteText(&b); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		out = append(out, b.String())
		return nil
	}
	if ch == nil {
		return nil, nil
	}
	if longest.Length > 0 {
		var c cascade.Chain
		var ok bool
		if longest.Link {
			c, ok = r.ExplainLink(longest.Entity, longest.Time)
		} else {
			c, ok = r.Explain(longest.Entity, longest.Time)
		}
		key := [2]int64{int64(longest.Entity), int64(longest.Time)}
		if longest.Link {
			key[0] = -1 - key[0]
		}
		if err := add(c, ok, key); err != nil {
			return nil, err
		}
	}
	var down []int32
	for i := range r.Network.Components() {
		if r.OutageOf(i).Total > 0 {
			down = append(down, i)
		}
	}
	slices.SortStableFunc(down, func(a, b int32) int { return cmp.Compare(r.OutageOf(b).Total, r.OutageOf(a).Total) })
	for _, i := range down {
		if n == 0 {
			break
		}
		first := r.OutageOf(i).First
		c, ok := r.Explain(i, first)
		if ok && c.Causes[len(c.Causes)-1].Mechanism == cascade.Initial {
			continue // out in the intact network's settled state: no disaster chain
		}
		n--
		if err := add(c, ok, [2]int64{int64(i), int64(first)}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// WriteHTML writes a self-contained HTML report of the run: one page with
// no scripts and no external resources (the map and plots are inline SVG),
// readable offline. It shows the run's header and warnings; the map of
// outage times (MapPlot); the service curves by demand and by population
// (ServicePlot); the resilience figures of WriteMetricsCSV; the critical
// facilities' hours without supply and road access; the telecom outage
// causes (TelecomPlot and site-hours) when there is a telecom sector; the
// restoration Gantt chart (GanttPlot) when responders recorded activities;
// the chain statistics; and the top chains of causes as text
// (cascade.Chain.WriteText): the longest, then those of the components out
// longest (HTMLOptions.Chains), leaving out those out from the start. Without a change log the chains are left out
// with a note. The same Result gives the same bytes.
func WriteHTML(w io.Writer, r *cascade.Result, opts HTMLOptions) error {
	d := pageData{
		Title: opts.Title, Network: r.Network.Name(), Complete: r.Complete, End: r.End,
		Changes: len(r.Changes), Warnings: r.Warnings, Facilities: facilities(r),
	}
	for _, f := range figures(r).rows {
		if f.Total > 0 { // nothing to weigh reads as Q = 1: no row
			d.Figures = append(d.Figures, f)
		}
	}
	if d.Title == "" {
		d.Title = strings.TrimSuffix("lifeline report: "+d.Network, ": ")
	}
	var err error
	if d.Map, d.MapNote, err = picture(MapPlot(r)); err != nil {
		return err
	}
	if d.Demand, d.DemandNote, err = picture(ServicePlot(r, metrics.ByDemand)); err != nil {
		return err
	}
	if d.Population, d.PopNote, err = picture(ServicePlot(r, metrics.ByPopulation)); err != nil {
		return err
	}
	if d.Members, _, err = picture(MemberPlot(r)); err != nil {
		return err
	}
	if d.Gantt, d.GanttNote, err = picture(GanttPlot(r)); err != nil {
		return err
	}
	if d.TelecomHours, err = telecomOf(r); err != nil {
		return err
	}
	if d.TelecomHours != nil {
		if d.Telecom, _, err = picture(TelecomPlot(r)); err != nil {
			return err
		}
	}
	var longest metrics.Longest
	if d.Chains, longest, err = chainsOf(r); err != nil {
		return err
	}
	n := opts.Chains
	if n == 0 {
		n = 5
	}
	if d.TopChains, err = topChains(r, d.Chains, longest, max(n, 0)); err != nil {
		return err
	}
	return page.Execute(w, d)
}
