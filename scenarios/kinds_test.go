package scenarios_test

import (
	"context"
	"math"
	"os"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/chain"
	"github.com/lifeline-sim/lifeline/hazard/flood"
	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/hazard/heat"
	"github.com/lifeline-sim/lifeline/hazard/wind"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenarios"
	"github.com/lifeline-sim/lifeline/sim"
)

// loadWith loads the scenario text as "s.yaml" beside the given files
// (name → path of a file of the repository, read from one directory up).
func loadWith(t *testing.T, text string, files map[string]string) *scenarios.Scenario {
	t.Helper()
	fsys := fstest.MapFS{"s.yaml": {Data: []byte(text)}}
	for name, p := range files {
		fsys[name] = &fstest.MapFile{Data: must(os.ReadFile("../" + p))}
	}
	s, err := scenarios.Load(fsys, "s.yaml")
	require.NoError(t, err)
	return s
}

// TestFloodKind: the flood kind reads its areas and its grid series with
// the flood package's readers and passes its rules on, kinds and damage
// states resolved.
func TestFloodKind(t *testing.T) {
	s := loadWith(t, head+`hazards:
  - name: rain
    kind: flood
    areas: maps/areas.geojson
    grids: maps/manifest.csv
    road_closure: 0.25
    equipment: {substation: 0.5, pump: 0.3}
    damage:
      pump: {points: [{depth: 0, p: 0.1}, {depth: 1, p: 0.6}], state: moderate}
`, map[string]string{
		"maps/areas.geojson": "hazard/flood/testdata/areas.geojson",
		"maps/manifest.csv":  "hazard/flood/testdata/series/manifest.csv",
		"maps/d0.asc":        "hazard/flood/testdata/series/d0.asc",
		"maps/d2.asc":        "hazard/flood/testdata/series/d2.asc",
		"maps/d5.asc":        "hazard/flood/testdata/series/d5.asc",
	})
	require.Len(t, s.Hazards, 1)
	f, ok := s.Hazards[0].Hazard.(*flood.Flood)
	require.True(t, ok, "%T", s.Hazards[0].Hazard)
	areas, err := flood.Reader{}.ReadAreas(os.DirFS("../hazard/flood/testdata"), "areas.geojson")
	require.NoError(t, err)
	frames, err := flood.Reader{}.ReadSeries(os.DirFS("../hazard/flood/testdata/series"), "manifest.csv")
	require.NoError(t, err)
	assert.Equal(t, "rain", f.Name())
	assert.Equal(t, areas, f.Areas)
	require.Len(t, f.Frames, len(frames))
	for k, fr := range frames {
		got := f.Frames[k]
		assert.Equal(t, fr.T, got.T)
		// Depths compared with NaN (no data) equal to itself.
		want, have := *fr.Grid, *got.Grid
		require.Len(t, have.Depth, len(want.Depth))
		for j := range want.Depth {
			if !(math.IsNaN(want.Depth[j]) && math.IsNaN(have.Depth[j])) {
				assert.Equal(t, want.Depth[j], have.Depth[j], "frame %d cell %d", k, j)
			}
		}
		want.Depth, have.Depth = nil, nil
		assert.Equal(t, want, have)
	}
	assert.Equal(t, flood.Rules{RoadClosure: 0.25,
		Equipment: map[network.Kind]float64{network.KindSubstation: 0.5, network.KindPump: 0.3},
		Damage: map[network.Kind]flood.DamageCurve{network.KindPump: {
			Points: []flood.CurvePoint{{Depth: 0, P: 0.1}, {Depth: 1, P: 0.6}}, State: network.DamageModerate}},
	}, f.Rules)
}

// TestWindKind: a track written inline and the same track read from CSV
// (hazard/wind/testdata/track.csv) build the same storm.
func TestWindKind(t *testing.T) {
	const curves = "    kinds: {line: {median: 45, beta: 0.3}, cell_tower: {median: 55, beta: 0.25, state: extensive}}\n" +
		"    classes: {EDC1: {median: 40, beta: 0.3}}\n    step: 20m\n"
	inline := loadWith(t, head+`hazards:
  - name: storm
    kind: wind
    track:
      - {at: 0s, lon: -90.2, lat: 34.6, pressure_hpa: 955, rmax_m: 25000}
      - {at: 6h, lon: -90.05, lat: 35.1, pressure_hpa: 945, rmax_m: 30000}
      - {at: 12h, lon: -89.9, lat: 35.6, pressure_hpa: 965}
`+curves, nil)
	file := loadWith(t, head+"hazards:\n  - name: storm\n    kind: wind\n    track_file: track.csv\n"+curves,
		map[string]string{"track.csv": "hazard/wind/testdata/track.csv"})
	w, ok := inline.Hazards[0].Hazard.(*wind.Wind)
	require.True(t, ok)
	assert.Equal(t, file.Hazards[0].Hazard, w)
	assert.Equal(t, &wind.Wind{Label: "storm", Step: 20 * sim.Minute,
		Track: wind.Track{
			{T: 0, Lon: -90.2, Lat: 34.6, Pressure: 955, Rmax: 25000},
			{T: 6 * sim.Hour, Lon: -90.05, Lat: 35.1, Pressure: 945, Rmax: 30000},
			{T: 12 * sim.Hour, Lon: -89.9, Lat: 35.6, Pressure: 965},
		},
		Kinds: map[network.Kind]wind.Curve{
			network.KindLine:      {Curve: fragility.Curve{Median: 45, Beta: 0.3}, State: network.DamageComplete},
			network.KindCellTower: {Curve: fragility.Curve{Median: 55, Beta: 0.25}, State: network.DamageExtensive},
		},
		Classes: map[string]wind.Curve{"EDC1": {Curve: fragility.Curve{Median: 40, Beta: 0.3}, State: network.DamageComplete}},
	}, w)
}

// TestHeatKind: a series written inline and read from CSV
// (hazard/heat/testdata/series.csv) build the same wave, with the demand
// responses and derating passed on.
func TestHeatKind(t *testing.T) {
	const rest = "    power: {threshold_c: 20, per_degree: 0.03}\n    water: {off: true}\n    lines: {conductor_max_c: 70, rating_ambient_c: 30}\n"
	inline := loadWith(t, head+"hazards:\n  - name: hot\n    kind: heat\n    series: [{at: 0s, celsius: 24}, {at: 12h, celsius: 38.5}, {at: 1d, celsius: 30}]\n"+rest, nil)
	file := loadWith(t, head+"hazards:\n  - name: hot\n    kind: heat\n    series_file: series.csv\n"+rest,
		map[string]string{"series.csv": "hazard/heat/testdata/series.csv"})
	assert.Equal(t, file.Hazards[0].Hazard, inline.Hazards[0].Hazard)
	assert.Equal(t, &heat.Wave{Label: "hot", Series: []heat.Sample{{Time: 0, Celsius: 24}, {Time: 12 * sim.Hour, Celsius: 38.5}, {Time: sim.Day, Celsius: 30}},
		Power: heat.Response{ThresholdC: 20, PerDegree: 0.03}, Water: heat.Response{Off: true},
		Lines: heat.Derating{ConductorMaxC: 70, RatingAmbientC: 30}}, inline.Hazards[0].Hazard)
}

// TestChainFailsAndSequence runs a chain whose trigger watches a component
// through the engine: the parent damages ts1 at 1 h; the trigger (fails,
// delay 1 h) starts a list hazard that damages ds1 30 min into its own
// time, so at 1 h + 1 h + 30 min = 2h30m, and the cause of that damage
// names the started hazard, whose chain leads back to the parent. A
// sequence shifts its second step by its offset.
func TestChainFailsAndSequence(t *testing.T) {
	s := loadWith(t, head+`hazards:
  - name: c
    kind: chain
    parent: {name: first, kind: list, impacts: [{kind: damage, component: ts1, at: 1h}]}
    triggers:
      - name: t
        when: {fails: {component: ts1, flags: [damaged]}}
        delay: 1h
        then: {name: second, kind: list, impacts: [{kind: damage, component: ds1, at: 30m}]}
  - name: s
    kind: sequence
    steps:
      - {offset: 0s, hazard: {name: s1, kind: list, impacts: [{kind: damage, component: ds2, at: 1h}]}}
      - {offset: 2d, hazard: {name: s2, kind: list, impacts: [{kind: damage, component: ds3, at: 1h}]}}
horizon: 3d
`, nil)
	require.Len(t, s.Hazards, 2)
	ch := s.Hazards[0].Hazard.(*chain.Chain)
	assert.Equal(t, chain.Fails{Component: "ts1", Flags: network.Damaged}, ch.Triggers[0].When)
	assert.Equal(t, []any{"t", 1.0, sim.Hour}, []any{ch.Triggers[0].Name, ch.Triggers[0].Probability, ch.Triggers[0].Delay})
	res, err := s.Run(context.Background(), scenarios.RunOptions{})
	require.NoError(t, err)
	r := res[0]
	damagedAt := func(id string) (sim.Time, string) {
		i, ok := s.Network.ComponentIndex(id)
		require.True(t, ok)
		for _, c := range r.Changes {
			if !c.Link && c.Entity == i && c.New&network.Damaged != 0 && c.Old&network.Damaged == 0 {
				return c.Time, r.Causes[c.Cause].Hazard
			}
		}
		return -1, ""
	}
	for _, c := range []struct {
		id     string
		at     sim.Time
		hazard string
	}{{"ts1", sim.Hour, "first"}, {"ds1", 2*sim.Hour + 30*sim.Minute, "second"}, {"ds2", sim.Hour, "s1"}, {"ds3", 2*sim.Day + sim.Hour, "s2"}} {
		at, hz := damagedAt(c.id)
		assert.Equal(t, []any{c.at, c.hazard}, []any{at, hz}, c.id)
	}
	_, ok := s.Hazards[1].Hazard.(hazard.Compound)
	assert.True(t, ok)
}

// TestClosest: a near miss by a few edits suggests the closest name; a
// name that only begins one valid name suggests that one; a prefix of
// several, or a name too short or too far, suggests nothing.
func TestClosest(t *testing.T) {
	kinds := []string{"chain", "earthquake", "flood", "ground-motion", "random-fraction", "sequence", "targeted"}
	for _, c := range []struct {
		name, want string
		ok         bool
	}{
		{"flod", "flood", true},
		{"Earthquak", "earthquake", true},
		{"random", "random-fraction", true},
		{"RANDOM-FR", "random-fraction", true},
		{"ground", "ground-motion", true},
		{"ra", "", false},
		{"volcano", "", false},
	} {
		got, ok := scenarios.Closest(c.name, kinds)
		assert.Equal(t, c.ok, ok, c.name)
		if c.ok {
			assert.Equal(t, c.want, got, c.name)
		}
	}
	_, ok := scenarios.Closest("seque", []string{"sequence", "sequential"})
	assert.False(t, ok, "a prefix of two names")
}

// TestSuggestions: every name as close as the closest is suggested, in the
// order given, up to the number asked for; Closest takes the first.
func TestSuggestions(t *testing.T) {
	ids := []string{"ho1", "ho2", "sh1", "ts1", "ts2", "ts3", "ts4"}
	assert.Equal(t, []string{"ho1", "ho2"}, scenarios.Suggestions("ho", ids, 3))
	assert.Equal(t, []string{"ts1", "ts2", "ts3"}, scenarios.Suggestions("ts", ids, 3))
	assert.Equal(t, []string{"ho2"}, scenarios.Suggestions("ho2x", ids, 3), "one edit beats two")
	assert.Empty(t, scenarios.Suggestions("volcano", ids, 3))
	best, ok := scenarios.Closest("ho", ids)
	assert.Equal(t, []any{"ho1", true}, []any{best, ok})
	// A name listed twice (a component and a link may share an ID) is
	// suggested once, and is still the one name a prefix begins.
	assert.Equal(t, []string{"ho1", "ho2"}, scenarios.Suggestions("ho", []string{"ho1", "ho1", "ho2"}, 3))
	assert.Equal(t, []string{"random-fraction"}, scenarios.Suggestions("random", []string{"random-fraction", "random-fraction"}, 3))
}
