package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/roads"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/report"
	"github.com/lifeline-sim/lifeline/sim"
)

// feeder runs a generator feeding a load through a bus, and a hospital
// that needs the load's power (no lag, no buffer). The bus is damaged at
// 1 h and repaired at 3 h; the run ends at 1 d. By hand: the load loses
// service (cut off from the generator) and the hospital its supply, both
// from 1 h to 3 h; one direct loss, two induced.
func feeder(t *testing.T) *cascade.Result { return feederRun(t, true) }

// feederRun is the feeder run, with the bus repaired at 3 h or never.
func feederRun(t *testing.T, repair bool) *cascade.Result {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "gen", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "bus", Sector: network.Power, Kind: network.KindBus, Role: network.RoleTransit})
	b.AddComponent(network.Component{ID: "load", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleConsumer, Demand: 1, Population: 100})
	b.AddComponent(network.Component{ID: "ho", Sector: "facilities", Kind: network.KindHospital, Role: network.RoleConsumer, Population: 50, Critical: true})
	b.AddLink(network.Link{ID: "l1", Kind: network.KindLine, From: "gen", To: "bus"})
	b.AddLink(network.Link{ID: "l2", Kind: network.KindLine, From: "bus", To: "load"})
	b.AddRequirement(network.Requirement{Dependent: "ho", Providers: []string{"load"}})
	net, err := b.Build()
	require.NoError(t, err)
	e, err := cascade.New(net, cascade.Options{Horizon: sim.Day})
	require.NoError(t, err)
	impacts := []hazard.Impact{{Time: sim.Hour, Kind: hazard.Damage, Target: 1, State: network.DamageComplete}}
	if repair {
		impacts = append(impacts, hazard.Impact{Time: 3 * sim.Hour, Kind: hazard.Repair, Target: 1})
	}
	res, err := e.Run(context.Background(), cascade.Input{Impacts: impacts})
	require.NoError(t, err)
	return res
}

func TestSummarize(t *testing.T) {
	res := feeder(t)
	s := report.Summarize("feeder", []string{"input"}, []*cascade.Result{res})
	assert.Equal(t, []any{1, 2, 3.0, true, sim.Day}, []any{s.Direct, s.Induced, s.Amplification, s.Complete, s.EndNS})
	assert.Equal(t, []sim.Time{0, sim.Hour, 6 * sim.Hour, sim.Day}, s.GlanceNS)
	require.Len(t, s.Sectors, 2)
	assert.Equal(t, report.SectorSummary{Sector: "power", Weight: "demand", Q: []float64{1, 0, 1, 1}, MinQ: 0, MinAtNS: sim.Hour,
		EndQ: 1, Members: 3, Failed: 2, DownAtEnd: 0}, s.Sectors[0])
	assert.Equal(t, report.SectorSummary{Sector: "facilities", Weight: "population", Q: []float64{1, 0, 1, 1}, MinQ: 0, MinAtNS: sim.Hour,
		EndQ: 1, Members: 1, Failed: 1, DownAtEnd: 0}, s.Sectors[1])
	assert.Equal(t, []report.CriticalGroup{{Kind: "hospital", Count: 1, LostService: 1, Longest: "ho", LongestNS: 2 * sim.Hour}}, s.Critical)
	require.NotEmpty(t, s.Chains)
	assert.Equal(t, "ho", s.Chains[0].Entity)
	assert.Equal(t, sim.Hour, s.Chains[0].AtNS)
	assert.Equal(t, 3, s.Chains[0].Length, "ho ← load ← bus")
	assert.Nil(t, s.Ensemble)

	var text bytes.Buffer
	require.NoError(t, s.WriteText(&text))
	for _, part := range []string{"what failed: 1 components and links directly, 2 more", "service at a glance", "hospital   1 of 1 lost service",
		"longest outage 2h (ho)", "1. ho down at 1h, 3 steps"} {
		assert.Contains(t, text.String(), part)
	}

	// Two replications: the spread of the same figures is a point.
	s2 := report.Summarize("feeder", nil, []*cascade.Result{res, res})
	require.NotNil(t, s2.Ensemble)
	assert.Equal(t, report.Spread{Min: 1, Mean: 1, Max: 1}, s2.Ensemble.Direct)
	assert.Nil(t, s.Response, "no activities, no response summary")
	assert.NotContains(t, text.String(), "crews and units")
}

// TestSummarizeResponse: the crews' figures of a summary, on the feeder
// run with activities written by hand: crew-1 idle 0–1 h, travelling
// 1 h–1h30m, repairing 1h30m–3 h; crew-2 travelling 2 h–2h15m; gen-1
// generating from 20 h to 30 h, past the run's end at 1 d. By hand: team
// crew has 2 members, 45 min of travel, 1.5 h on site, 1 h idle and one
// repair done; team gen 4 h on site (cut at 24 h) and no job done by the
// end. Every sector serves fully again from 3 h (the repair of the bus).
func TestSummarizeResponse(t *testing.T) {
	res := feeder(t)
	h := sim.Hour
	res.Activities = []cascade.Activity{
		{Actor: "crew-1", Kind: "idle", Target: -1, Start: 0, End: h},
		{Actor: "crew-1", Kind: "travel", Target: 1, Start: h, End: h + 30*sim.Minute},
		{Actor: "crew-1", Kind: "repair", Target: 1, Start: h + 30*sim.Minute, End: 3 * h},
		{Actor: "crew-2", Kind: "travel", Target: 2, Start: 2 * h, End: 2*h + 15*sim.Minute},
		{Actor: "gen-1", Kind: "generate", Target: 3, Start: 20 * h, End: 30 * h},
	}
	s := report.Summarize("feeder", nil, []*cascade.Result{res})
	require.NotNil(t, s.Response)
	assert.Equal(t, []report.TeamSummary{
		{Team: "crew", Members: 2, Work: "repair", Jobs: 1, TravelNS: 45 * sim.Minute, OnSiteNS: 90 * sim.Minute, IdleNS: h,
			TravelHours: 0.75, OnSiteHours: 1.5, IdleHours: 1},
		{Team: "gen", Members: 1, Work: "generate", OnSiteNS: 4 * h, OnSiteHours: 4},
	}, s.Response.Teams)
	assert.Equal(t, []any{3 * h, 3.0, true}, []any{s.Response.RestoredNS, s.Response.RestoredHours, s.Response.Restored})
	var text bytes.Buffer
	require.NoError(t, s.WriteText(&text))
	assert.Contains(t, text.String(), "  crew          2        0.8 /       1.5 /       1.0  1 repair\n")
	assert.Contains(t, text.String(), "full service restored at 3h\n")

	// With the bus never repaired, power is still short at the end.
	res = feederRun(t, false)
	res.Activities = []cascade.Activity{{Actor: "crew-1", Kind: "travel", Start: h, End: 2 * h}}
	s = report.Summarize("feeder", nil, []*cascade.Result{res})
	require.NotNil(t, s.Response)
	assert.Equal(t, []any{sim.Time(-1), false}, []any{s.Response.RestoredNS, s.Response.Restored})
	text.Reset()
	require.NoError(t, s.WriteText(&text))
	assert.Contains(t, text.String(), "full service not restored by the end of the run\n")
}

// TestSummaryTeamsNaturalOrder: the team table sorts numbers within team
// names by value, as the Gantt chart's rows do: team2 before team10,
// which plain text order would swap.
func TestSummaryTeamsNaturalOrder(t *testing.T) {
	res := feeder(t)
	for _, actor := range []string{"team10-1", "team2-1", "team1-1", "team2-2"} {
		res.Activities = append(res.Activities, cascade.Activity{Actor: actor, Kind: "idle", Target: -1, End: sim.Hour})
	}
	s := report.Summarize("feeder", nil, []*cascade.Result{res})
	require.NotNil(t, s.Response)
	var names []string
	for _, tm := range s.Response.Teams {
		names = append(names, tm.Team)
	}
	assert.Equal(t, []string{"team1", "team2", "team10"}, names)
}

func TestWrite(t *testing.T) {
	res := feeder(t)
	s := report.Summarize("feeder", nil, []*cascade.Result{res})
	dir := filepath.Join(t.TempDir(), "out")
	require.NoError(t, report.Write(context.Background(), dir, nil, s, []*cascade.Result{res}))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	for _, want := range []string{"outages.csv", "report.html", "series.csv", "summary.json", "summary.txt", "timeline.csv"} {
		assert.Contains(t, names, want)
	}
	for _, n := range names {
		assert.False(t, strings.HasPrefix(n, "."), "no temporary file is left: %s", n)
	}

	var back report.Summary
	require.NoError(t, json.Unmarshal(must(os.ReadFile(filepath.Join(dir, "summary.json"))), &back))
	assert.Equal(t, *s, back)

	rows := readCSV(t, must(os.ReadFile(filepath.Join(dir, "series.csv"))))
	// Power served demand in fixed point (1 MW = network.DemandScale):
	// all of it from 0, none from 1 h, all again from 3 h.
	var power [][]string
	for _, r := range rows {
		if r["sector"] == "power" {
			power = append(power, []string{r["time_ns"], r["demand_served"]})
		}
	}
	assert.Equal(t, [][]string{{"0", "1000000"}, {"3600000000000", "0"}, {"10800000000000", "1000000"}}, power)

	require.Error(t, report.Write(context.Background(), dir, []string{"pictures"}, s, nil))

	// Two replications: WriteDir's files go one directory each.
	two := filepath.Join(t.TempDir(), "two")
	require.NoError(t, report.Write(context.Background(), two, []string{"files"}, s, []*cascade.Result{res, res}))
	assert.FileExists(t, filepath.Join(two, "replication-0", "outages.csv"))
	assert.FileExists(t, filepath.Join(two, "replication-1", "outages.csv"))
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestSummarizeMembers: a sector with neither demand nor people (a
// research network) is summarised by the share of its members delivering.
// By hand: of four standalone nodes, a is removed at 1 h and b damaged at
// 1 h and repaired at 2 h: 2/4 deliver from 1 h to 2 h, 3/4 after; nothing
// failed directly at 0 in the text.
func TestSummarizeMembers(t *testing.T) {
	b := network.NewBuilder()
	for _, id := range []string{"a", "b", "c", "d"} {
		b.AddComponent(network.Component{ID: id, Sector: "layer0", Kind: network.KindNode})
	}
	net, err := b.Build()
	require.NoError(t, err)
	e, err := cascade.New(net, cascade.Options{Horizon: 3 * sim.Hour})
	require.NoError(t, err)
	res, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{
		{Time: sim.Hour, Kind: hazard.Remove, Target: 0},
		{Time: sim.Hour, Kind: hazard.Damage, Target: 1, State: network.DamageComplete},
		{Time: 2 * sim.Hour, Kind: hazard.Repair, Target: 1},
	}})
	require.NoError(t, err)
	s := report.Summarize("members", nil, []*cascade.Result{res})
	require.Len(t, s.Sectors, 1)
	assert.Equal(t, report.SectorSummary{Sector: "layer0", Weight: "members", Q: []float64{1, 0.5, 0.75}, MinQ: 0.5, MinAtNS: sim.Hour,
		EndQ: 0.75, Members: 4, Failed: 2, DownAtEnd: 1}, s.Sectors[0])

	// Removed at 0: the share starts below 1.
	res, err = e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{{Time: 0, Kind: hazard.Remove, Target: 3}}})
	require.NoError(t, err)
	s0 := report.Summarize("members", nil, []*cascade.Result{res})
	assert.Equal(t, []any{0.75, 0.75, sim.Time(0)}, []any{s0.Sectors[0].Q[0], s0.Sectors[0].MinQ, s0.Sectors[0].MinAtNS})

	// A hazard that damages nothing reads as such, not as an amplification of 0.
	s.Direct, s.Induced = 0, 5
	var text bytes.Buffer
	require.NoError(t, s.WriteText(&text))
	assert.Contains(t, text.String(), "what failed: nothing directly")
}

// TestSummarizeNothingFailed: a run in which no component or link changed
// state (an earthquake on a network without fragility classes) says so,
// rather than claiming the hazards changed demand, ratings or service.
func TestSummarizeNothingFailed(t *testing.T) {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "a", Sector: "layer0", Kind: network.KindNode})
	net, err := b.Build()
	require.NoError(t, err)
	e, err := cascade.New(net, cascade.Options{Horizon: sim.Hour})
	require.NoError(t, err)
	res, err := e.Run(context.Background(), cascade.Input{})
	require.NoError(t, err)
	s := report.Summarize("quiet", nil, []*cascade.Result{res})
	require.Equal(t, []int{0, 0, 0}, []int{s.Direct, s.Induced, s.Changes})
	var text bytes.Buffer
	require.NoError(t, s.WriteText(&text))
	assert.Contains(t, text.String(), "what failed: nothing (no component or link changed state)")
	assert.NotContains(t, text.String(), "the hazards changed")
	assert.Contains(t, text.String(), "hazards: none;")
}

// TestSummarizeAccessNeedsFacilities: a road sector's access share is
// summarised only where there is a hospital to reach. Two intersections and
// a road with the road model: with a hospital beside them the share (1 by
// hand: nothing is damaged) is shown; without one there is no access row,
// where a share of 1 would claim everyone reaches a hospital that does not
// exist.
func TestSummarizeAccessNeedsFacilities(t *testing.T) {
	for _, hospital := range []bool{true, false} {
		b := network.NewBuilder()
		b.SetCRS(network.Local)
		b.AddComponent(network.Component{ID: "x1", Sector: network.Transport, Kind: network.KindIntersection, Population: 10, Location: &network.Point{X: 0, Y: 0}})
		b.AddComponent(network.Component{ID: "x2", Sector: network.Transport, Kind: network.KindIntersection, Population: 10, Location: &network.Point{X: 1000, Y: 0}})
		b.AddLink(network.Link{ID: "r", Kind: network.KindRoad, From: "x1", To: "x2", Length: 1000, FreeFlow: sim.Minute})
		if hospital {
			b.AddComponent(network.Component{ID: "ho", Sector: "health", Kind: network.KindHospital, Role: network.RoleConsumer, Critical: true,
				Location: &network.Point{X: 1000, Y: 10}, Access: "x2"})
		}
		net, err := b.Build()
		require.NoError(t, err)
		e, err := cascade.New(net, cascade.Options{Horizon: sim.Hour, Models: map[network.Sector]flow.Factory{network.Transport: roads.Options{}.Factory}})
		require.NoError(t, err)
		res, err := e.Run(context.Background(), cascade.Input{})
		require.NoError(t, err)
		s := report.Summarize("roads", nil, []*cascade.Result{res})
		var text bytes.Buffer
		require.NoError(t, s.WriteText(&text))
		if hospital {
			require.Len(t, s.Access, 1)
			assert.Equal(t, []float64{1, 1}, s.Access[0].Q)
			assert.Contains(t, text.String(), "reaching a hospital")
		} else {
			assert.Empty(t, s.Access)
			assert.NotContains(t, text.String(), "reaching a hospital")
		}
	}
}
