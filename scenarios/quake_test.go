package scenarios_test

import (
	"errors"
	"os"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/hazard/quake"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenarios"
	"github.com/lifeline-sim/lifeline/sim"
)

// TestEarthquakeKind: the earthquake kind passes its keys on to
// quake.Earthquake; riverton is in WGS84, so an epicentre given as x and
// y and one given as lon and lat are the same point.
func TestEarthquakeKind(t *testing.T) {
	const rest = "    at: 2h\n    depth_km: 12\n    magnitude: 6.8\n    fault: reverse\n    vs30: 400\n" +
		"    correlation: {spacing_m: 500, radius_km: 20, range_km: 10}\n    pipe_k1: {InfraRisk:W_P: 0.5}\n    break_share: 0.3\n"
	xy := loadWith(t, head+"hazards:\n  - name: q\n    kind: earthquake\n    epicentre: {x: -90.05, y: 35.02}\n"+rest, nil)
	ll := loadWith(t, head+"hazards:\n  - name: q\n    kind: earthquake\n    attenuation: ba08\n    epicentre: {lon: -90.05, lat: 35.02}\n"+rest, nil)
	e, ok := xy.Hazards[0].Hazard.(*quake.Earthquake)
	require.True(t, ok, "%T", xy.Hazards[0].Hazard)
	assert.Equal(t, &quake.Earthquake{Label: "q", At: 2 * sim.Hour,
		Source: quake.Source{Epicentre: network.Point{X: -90.05, Y: 35.02}, DepthKm: 12, Magnitude: 6.8, Fault: quake.Reverse},
		Model:  quake.BooreAtkinson2008{}, Vs30: 400,
		Correlation: quake.Correlation{SpacingM: 500, RadiusKm: 20, RangeKm: 10},
		PipeK1:      map[string]float64{"InfraRisk:W_P": 0.5}, BreakShare: 0.3,
	}, e)
	assert.Equal(t, e, ll.Hazards[0].Hazard)

	k := loadWith(t, head+"hazards:\n  - {name: q, kind: earthquake, attenuation: kawashima, tau: 0.3, phi: 0.5, magnitude: 7, epicentre: {x: -90, y: 35.1}, correlation: {off: true}}\n", nil)
	e = k.Hazards[0].Hazard.(*quake.Earthquake)
	assert.Equal(t, quake.Kawashima1984{Tau: 0.3, Phi: 0.5}, e.Model)
	assert.True(t, e.Correlation.Off)
}

// TestEarthquakeClasses: a classes file adds its classes to the bundled
// Hazus library, which keeps its own.
func TestEarthquakeClasses(t *testing.T) {
	const csv = "class_id,imt,imt_unit,damage_state,median,beta\n" +
		"MYSUB,PGA,g,slight,0.2,0.6\nMYSUB,PGA,g,complete,0.9,0.5\n"
	fsys := fstest.MapFS{
		"s.yaml":        {Data: []byte(head + "hazards:\n  - {name: q, kind: earthquake, magnitude: 7, epicentre: {x: -90, y: 35.1}, classes: frag/mine.csv}\n")},
		"frag/mine.csv": {Data: []byte(csv)},
	}
	s, err := scenarios.Load(fsys, "s.yaml")
	require.NoError(t, err)
	lib := s.Hazards[0].Hazard.(*quake.Earthquake).Library
	require.NotNil(t, lib)
	c, ok := lib.Class("MYSUB")
	require.True(t, ok)
	assert.Equal(t, fragility.PGA, c.Measure)
	_, ok = lib.Class("ESS1")
	assert.True(t, ok, "the Hazus classes stay")

	// A bad row of the classes file is placed in that file.
	fsys["frag/mine.csv"] = &fstest.MapFile{Data: []byte(csv + "MYSUB,PGA,g,moderate,-1,0.5\n")}
	_, err = scenarios.Load(fsys, "s.yaml")
	var pe *network.ParseError
	require.True(t, errors.As(err, &pe), "%T %v", err, err)
	assert.Equal(t, "frag/mine.csv", pe.File)
	assert.Equal(t, 4, pe.Line)
}

// TestGroundMotionKind: the ground-motion kind reads its file with quake's
// readers, in the CRS, units and event the file names.
func TestGroundMotionKind(t *testing.T) {
	read := func(p string) *os.File {
		f, err := os.Open(p)
		require.NoError(t, err)
		t.Cleanup(func() { f.Close() })
		return f
	}
	s := loadWith(t, head+"hazards:\n  - {name: g, kind: ground-motion, at: 1h, file: gm/shelby.csv, crs: EPSG:3857, units: {pgv: 0.02}}\n",
		map[string]string{"gm/shelby.csv": "hazard/quake/testdata/shelby_203078_head.csv"})
	want, err := quake.ReadGMF(read("../hazard/quake/testdata/shelby_203078_head.csv"), "gm/shelby.csv", network.WebMercator, quake.GMFUnits{PGV: 0.02})
	require.NoError(t, err)
	e := s.Hazards[0].Hazard.(*quake.Earthquake)
	assert.Equal(t, want, e.Field)
	assert.Equal(t, sim.Hour, e.At)
	// 60.94468846428167 in the file's first row, × 0.02 to m/s.
	assert.InDelta(t, 1.2188937692856334, e.Field.Values[0].PGV, 1e-12)

	s = loadWith(t, head+"hazards:\n  - {name: g, kind: ground-motion, format: openquake, file: gmf.csv, sites: sites.csv, event: 1}\n",
		map[string]string{"gmf.csv": "hazard/quake/testdata/oq_gmf_data.csv", "sites.csv": "hazard/quake/testdata/oq_sitemesh.csv"})
	want, err = quake.ReadOpenQuake(read("../hazard/quake/testdata/oq_gmf_data.csv"), "gmf.csv", read("../hazard/quake/testdata/oq_sitemesh.csv"), "sites.csv", 1)
	require.NoError(t, err)
	assert.Equal(t, want, s.Hazards[0].Hazard.(*quake.Earthquake).Field)
}

// TestRepairsLink: a damaged link is repaired after window × the first
// draw of its own repair stream (keyed by the link's ID key), whatever
// its index, even one beyond the components' (hazard.Repairs once looked
// up a component key first and panicked on such a link).
func TestRepairsLink(t *testing.T) {
	net, err := scenarios.BuildCity("riverton")
	require.NoError(t, err)
	l := int32(net.NumLinks() - 1)
	require.Greater(t, int(l), net.NumComponents())
	hits := []hazard.Impact{{Time: sim.Hour, Kind: hazard.Damage, Target: l, Link: true, State: network.DamageComplete}}
	got := hazard.Repairs(net, hits, 7, sim.Day)
	st := sim.NewStream(7, sim.StreamOf("scenarios/link-repair"), int64(net.LinkKey(l)))
	want := sim.Hour.Add(sim.Time(st.Float64() * float64(sim.Day)))
	assert.Equal(t, []hazard.Impact{{Time: want, Kind: hazard.Repair, Target: l, Link: true}}, got)
}
