package report_test

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/metrics"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/report"
	"github.com/lifeline-sim/lifeline/sim"
)

func writeHTML(t *testing.T, opts report.HTMLOptions) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, report.WriteHTML(&b, tinyCity(t, network.CRS{}), opts))
	return b.String()
}

// The report of tinyCity, by hand: five inline SVG pictures (map, two
// service plots, telecom, Gantt); the hospital lacked power from 1 h to 6
// h; the longest chain ends at the tower's battery running out at 3 h
// (tower ← sub ← line); sub, the hospital and the tower are the components
// out longest.
func TestHTML(t *testing.T) {
	page := writeHTML(t, report.HTMLOptions{})
	assert.Equal(t, page, writeHTML(t, report.HTMLOptions{}), "deterministic")
	assert.Equal(t, 6, strings.Count(page, "<svg"), "map, three service plots, Gantt, telecom")
	assert.NotContains(t, page, "<?xml", "inline SVG carries no XML prolog")
	assert.NotContains(t, page, "<script", "no scripts")
	assert.Contains(t, page, "<title>lifeline report: tiny</title>")
	assert.Contains(t, page, "<td class=\"l\">hospital</td>")
	assert.Contains(t, page, "power: 5 h [1, 6)")
	assert.Contains(t, page, "Direct losses 1, induced 3, amplification 4.")
	chains := regexp.MustCompile(`(?s)<pre>(.*?)</pre>`).FindAllStringSubmatch(page, -1)
	require.Len(t, chains, 3, "the longest chain (the hospital's), then sub's and the tower's; the hospital's again is skipped")
	for _, c := range chains {
		assert.Contains(t, c[1], "link line: damage", "every chain starts at the broken line")
	}
	assert.Contains(t, chains[2][1], "tower")
	assert.Contains(t, chains[2][1], "backup buffer ran empty")

	page = writeHTML(t, report.HTMLOptions{Title: "<Drill & test>", Chains: -1})
	assert.Contains(t, page, "<title>&lt;Drill &amp; test&gt;</title>")
	assert.Len(t, regexp.MustCompile(`<pre>`).FindAllString(page, -1), 1, "only the longest chain")
}

// Without a change log the chains are left out with a note; without
// activities the Gantt chart gives way to one.
func TestHTMLWithoutLog(t *testing.T) {
	res := tinyCity(t, network.CRS{})
	res.Changes, res.Causes, res.Activities = nil, nil, nil
	var b bytes.Buffer
	require.NoError(t, report.WriteHTML(&b, res, report.HTMLOptions{}))
	page := b.String()
	assert.Contains(t, page, "The run kept no change log: no chains.")
	assert.Contains(t, page, "No Gantt chart: no responder activities.")
	assert.Equal(t, 5, strings.Count(page, "<svg"))
}

// noPeople runs a city that serves no population: a plant feeds a
// substation of 2 MW and nobody over a line broken at 1 h, until 2 h;
// extra components join it.
func noPeople(t *testing.T, extra ...network.Component) *cascade.Result {
	t.Helper()
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "plant", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "sub", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleConsumer, Demand: 2})
	for _, c := range extra {
		b.AddComponent(c)
	}
	b.AddLink(network.Link{ID: "line", Kind: network.KindLine, From: "plant", To: "sub"})
	net, err := b.Build()
	require.NoError(t, err)
	e, err := cascade.New(net, cascade.Options{Horizon: 2 * sim.Hour})
	require.NoError(t, err)
	res, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{
		{Time: sim.Hour, Kind: hazard.Damage, Target: 0, Link: true, State: network.DamageComplete},
	}})
	require.NoError(t, err)
	return res
}

// A run that serves nobody has no service curve by population: the page
// says so instead of drawing empty axes, and its figures table shows
// power by demand only (a weight with nothing to weigh gives Q = 1 by
// convention, which reads as no loss).
func TestHTMLWithoutPopulation(t *testing.T) {
	res := noPeople(t)
	_, err := report.ServicePlot(res, metrics.ByPopulation)
	require.ErrorIs(t, err, report.ErrNothingToPlot)
	var b bytes.Buffer
	require.NoError(t, report.WriteHTML(&b, res, report.HTMLOptions{}))
	page := b.String()
	assert.Equal(t, 1, strings.Count(page, "<svg"), "the service curve by demand, no map (no locations)")
	assert.Contains(t, page, "<title>lifeline report</title>", "a network without a name")
	assert.Contains(t, page, "<p>An unnamed network; the run reached 2 h")
	assert.Contains(t, page, "No service curve by population: no sector serves any population.")
	assert.Contains(t, page, `<td class="l">power</td><td class="l">demand</td>`)
	assert.Equal(t, 5, strings.Count(page, "<td>after the run</td>"), "a run of 2 h ends before each reporting day")
	assert.NotContains(t, page, `<td class="l">population</td>`)
}

// In noPeople, an orphan substation, joined to no generator, is out for the whole run
// from its start: the component out longest, but its chain (its intact
// state) is no disaster chain and the page leaves it out. By hand: the
// longest chain is sub's (sub ← line, damaged at 1 h), then the
// components out longest are the orphan (left out), sub (a repeat) and
// nothing else: one chain.
func TestHTMLLeavesOutInitialOutages(t *testing.T) {
	res := noPeople(t, network.Component{ID: "orphan", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleConsumer, Demand: 1})
	orphan, _ := res.Network.ComponentIndex("orphan")
	require.Equal(t, 2*sim.Hour, res.OutageOf(orphan).Total, "the orphan is out from 0 to the end")
	var page bytes.Buffer
	require.NoError(t, report.WriteHTML(&page, res, report.HTMLOptions{}))
	chains := regexp.MustCompile(`(?s)<pre>(.*?)</pre>`).FindAllStringSubmatch(page.String(), -1)
	require.Len(t, chains, 1)
	assert.Contains(t, chains[0][1], "sub (power substation)")
	assert.NotContains(t, page.String(), ": initial")
}

// A network whose sectors serve neither demand nor people (a research
// graph) has no resilience figures: a note, not an empty table.
func TestHTMLWithoutFigures(t *testing.T) {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "a", Sector: "layer0", Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "b", Sector: "layer0"})
	b.AddLink(network.Link{ID: "ab", From: "a", To: "b"})
	net, err := b.Build()
	require.NoError(t, err)
	e, err := cascade.New(net, cascade.Options{})
	require.NoError(t, err)
	res, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{{Time: sim.Hour, Kind: hazard.Remove, Target: 0}}})
	require.NoError(t, err)
	var page bytes.Buffer
	require.NoError(t, report.WriteHTML(&page, res, report.HTMLOptions{}))
	assert.Contains(t, page.String(), "No resilience figures: no sector serves any demand or population.")
	assert.NotContains(t, page.String(), "<th>min Q</th>")
}
