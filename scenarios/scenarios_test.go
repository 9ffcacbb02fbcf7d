package scenarios_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/hazard/quake"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/format"
	"github.com/lifeline-sim/lifeline/network/format/infrarisk"
	"github.com/lifeline-sim/lifeline/network/format/shelby"
	"github.com/lifeline-sim/lifeline/response"
	"github.com/lifeline-sim/lifeline/scenarios"
	"github.com/lifeline-sim/lifeline/sim"
)

// load loads the scenario text as file "s.yaml".
func load(text string) (*scenarios.Scenario, error) {
	return scenarios.Load(fstest.MapFS{"s.yaml": {Data: []byte(text)}}, "s.yaml")
}

// head is the start of a valid file on the bundled city.
const head = "version: 1\nnetwork: {city: riverton}\n"

// TestMalformed: every malformed file of testdata/malformed gives a
// *network.ParseError at the line, column and field at fault, wrapping the
// sentinel that says why (lifeline validate is run on the same files).
// Positions are counted by hand in the texts: a value of the wrong type
// is placed at the value, a value refused after decoding (out of range,
// unknown) at its key; a second document at its "---".
func TestMalformed(t *testing.T) {
	var listed []string
	defer func() {
		entries, err := os.ReadDir("testdata/malformed")
		require.NoError(t, err)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".yaml") { // areas.geojson is read by the flood files
				assert.Contains(t, listed, e.Name(), "a file of testdata/malformed is not in the table")
			}
		}
	}()
	for _, tc := range []struct {
		file      string
		line, col int
		field     string
		sentinel  error
		says      string
	}{
		{"empty.yaml", 0, 0, "", network.ErrSyntax, "empty file"},
		{"blank.yaml", 0, 0, "", network.ErrSyntax, "empty file"},
		{"binary-junk.yaml", 2, 1, "", network.ErrSyntax, "binary"},
		{"not-yaml.yaml", 0, 0, "", network.ErrSyntax, ""},
		{"a-list.yaml", 1, 1, "", scenarios.ErrType, "want a mapping"},
		{"two-documents.yaml", 3, 1, "", network.ErrSyntax, "second document"},
		{"no-version.yaml", 1, 1, "version", network.ErrVersion, "missing version"},
		{"future-version.yaml", 1, 1, "version", network.ErrVersion, "version 2"},
		{"version-as-text.yaml", 1, 10, "version", scenarios.ErrType, "want an integer"},
		{"unknown-key.yaml", 3, 1, "horizn", scenarios.ErrUnknownKey, `did you mean "horizon"`},
		{"unknown-key-far-from-any.yaml", 3, 1, "zzzzzzzzzz", scenarios.ErrUnknownKey, "valid: version, name"},
		{"duplicate-key.yaml", 4, 1, "seed", network.ErrSyntax, "given twice"},
		{"variants-reserved.yaml", 3, 1, "variants", scenarios.ErrNotSupported, "analysis layer"},
		{"events-reserved.yaml", 3, 1, "events", scenarios.ErrNotSupported, "analysis layer"},
		{"negative-duration.yaml", 3, 10, "horizon", network.ErrNegative, "-4h"},
		{"duration-without-unit.yaml", 3, 10, "horizon", network.ErrInvalid, "missing unit"},
		{"duration-as-list.yaml", 3, 10, "horizon", scenarios.ErrType, "found a list"},
		{"seed-negative.yaml", 3, 7, "seed", network.ErrNegative, ""},
		{"seed-as-text.yaml", 3, 7, "seed", scenarios.ErrType, `text "abc"`},
		{"replications-negative.yaml", 3, 1, "replications", network.ErrNegative, ""},
		{"no-network.yaml", 1, 1, "network", network.ErrInvalid, "missing network"},
		{"city-and-files.yaml", 2, 10, "network", network.ErrInvalid, "one of city and files"},
		{"unknown-city.yaml", 2, 11, "network.city", scenarios.ErrUnknownName, `did you mean "riverton"`},
		{"unknown-format.yaml", 2, 28, "network.files[0].format", scenarios.ErrUnknownKind, `did you mean "matpower"`},
		{"missing-format.yaml", 2, 19, "network.files[0].format", network.ErrSyntax, "missing key"},
		{"missing-file.yaml", 2, 34, "network.files[0].path", os.ErrNotExist, `no file or directory "nowhere.json"`},
		{"path-out-of-the-tree.yaml", 2, 34, "network.files[0].path", network.ErrInvalid, "leaves"},
		{"bad-crs.yaml", 2, 54, "network.files[0].crs", network.ErrInvalid, ""},
		{"unknown-hazard-kind.yaml", 4, 21, "hazards[0].kind", scenarios.ErrUnknownKind, "valid: chain, earthquake, flood, ground-motion, heat, list, random-fraction, sequence, targeted, wind"},
		{"hazard-without-name.yaml", 4, 5, "hazards[0].name", network.ErrInvalid, "missing name"},
		{"hazard-names-twice.yaml", 5, 6, "hazards[1].name", network.ErrInvalid, "given twice"},
		{"hazard-key-of-another-kind.yaml", 4, 31, "hazards[0].fraction", scenarios.ErrUnknownKey, "valid: name, repair_within, select, by, k, at, effect, kind"},
		{"fraction-as-text.yaml", 4, 48, "hazards[0].fraction", scenarios.ErrType, "want a number"},
		{"fraction-above-1.yaml", 4, 38, "hazards[0].fraction", network.ErrOutOfRange, "outside [0, 1]"},
		{"fraction-infinite.yaml", 4, 48, "hazards[0].fraction", network.ErrNotFinite, ""},
		{"unknown-sector.yaml", 4, 40, "hazards[0].select.sector", scenarios.ErrUnknownName, `did you mean "power"`},
		{"unknown-component-kind.yaml", 4, 40, "hazards[0].select.kind", scenarios.ErrUnknownName, `did you mean "cell_tower"`},
		{"unknown-effect.yaml", 4, 31, "hazards[0].effect", scenarios.ErrUnknownName, ""},
		{"unknown-component.yaml", 7, 24, "hazards[0].impacts[0].component", network.ErrUnknownID, "ds99999"},
		{"unknown-link.yaml", 7, 24, "hazards[0].impacts[0].link", network.ErrUnknownID, "nolink"},
		{"impact-without-target.yaml", 7, 9, "hazards[0].impacts[0]", network.ErrInvalid, "one of component and link"},
		{"unknown-impact-kind.yaml", 7, 10, "hazards[0].impacts[0].kind", scenarios.ErrUnknownName, ""},
		{"factor-out-of-range.yaml", 7, 9, "hazards[0].impacts[0]", hazard.ErrInvalid, ""},
		{"unknown-model-sector.yaml", 3, 16, "models.powr", scenarios.ErrUnknownName, `did you mean "power"`},
		{"unknown-model-kind.yaml", 3, 24, "models.power.kind", scenarios.ErrUnknownKind, ""},
		{"model-option-of-another-model.yaml", 3, 31, "models.water.threshold", scenarios.ErrUnknownKey, `valid: refill, kind`},
		{"roads-threshold-below-1.yaml", 3, 35, "models.transport.threshold", nil, "Threshold"},
		{"models-as-list.yaml", 3, 9, "models", scenarios.ErrType, "want a mapping"},
		{"zero-reclose-delay.yaml", 3, 13, "protection.reclose_delay", nil, "reclose"},
		{"hard-limit-at-1.yaml", 3, 14, "protection.hard_limit", nil, "hard limit"},
		{"unknown-output.yaml", 3, 11, "outputs.write", scenarios.ErrUnknownName, `did you mean "summary"`},
		{"alias.yaml", 4, 14, "description", network.ErrSyntax, "aliases"},
		{"flood-without-water.yaml", 4, 5, "hazards[0].areas", network.ErrInvalid, "give areas (GeoJSON), grids (a manifest CSV) or both"},
		{"flood-missing-areas.yaml", 6, 5, "hazards[0].areas", os.ErrNotExist, `no file or directory "nowhere.geojson"`},
		{"flood-unknown-equipment-kind.yaml", 7, 5, "hazards[0].equipment.substaton", scenarios.ErrUnknownName, `did you mean "substation"`},
		{"flood-negative-equipment-height.yaml", 4, 5, "hazards[0]", hazard.ErrInvalid, "equipment height -1 m for substation"},
		{"flood-damage-curve-falls.yaml", 4, 5, "hazards[0]", hazard.ErrInvalid, "does not follow"},
		{"wind-track-and-file.yaml", 7, 5, "hazards[0].track", network.ErrInvalid, "one of track and track_file"},
		{"wind-holland-b-out-of-range.yaml", 4, 5, "hazards[0]", hazard.ErrInvalid, "Holland B 3 outside [0.5, 2.5]"},
		{"wind-unknown-damage-state.yaml", 9, 50, "hazards[0].kinds.cell_tower.state", scenarios.ErrUnknownName, "valid: slight, moderate, extensive, complete"},
		{"heat-series-as-text.yaml", 6, 13, "hazards[0].series", scenarios.ErrType, "want a list"},
		{"heat-above-conductor-maximum.yaml", 4, 5, "hazards[0]", hazard.ErrInvalid, "80 °C reaches the conductors' maximum 75 °C"},
		{"chain-two-conditions.yaml", 9, 15, "hazards[0].triggers[0].when", network.ErrInvalid, "one of above, fails and at"},
		{"chain-names-twice.yaml", 10, 16, "hazards[0].triggers[0].then.name", network.ErrInvalid, `hazard name "q" given twice`},
		{"chain-unknown-condition.yaml", 9, 16, "hazards[0].triggers[0].when.abve", scenarios.ErrUnknownKey, `did you mean "above"`},
		{"chain-unknown-flag.yaml", 9, 40, "hazards[0].triggers[0].when.fails.flags", scenarios.ErrUnknownName, `did you mean "tripped"`},
		{"chain-nested-repair-within.yaml", 6, 62, "hazards[0].parent.repair_within", network.ErrInvalid, "top-level hazard"},
		{"chain-triggers-twice.yaml", 9, 10, "hazards[0].triggers[1].name", network.ErrInvalid, `trigger name "t" given twice`},
		{"chain-above-without-intensity.yaml", 4, 5, "hazards[0]", hazard.ErrInvalid, `reads the intensity of "q"`},
		{"chain-probability-above-1.yaml", 8, 35, "hazards[0].triggers[0].probability", network.ErrOutOfRange, "outside [0, 1]"},
		{"earthquake-unknown-key.yaml", 6, 5, "hazards[0].magnitud", scenarios.ErrUnknownKey, `did you mean "magnitude"`},
		{"earthquake-unknown-attenuation.yaml", 8, 5, "hazards[0].attenuation", scenarios.ErrUnknownName, `did you mean "ba08"`},
		{"earthquake-unknown-fault.yaml", 8, 5, "hazards[0].fault", scenarios.ErrUnknownName, "valid: unspecified, strike-slip, normal, reverse"},
		{"earthquake-magnitude-above-10.yaml", 4, 5, "hazards[0]", quake.ErrInvalid, "magnitude 11 outside (0, 10]"},
		{"earthquake-epicentre-mixed.yaml", 7, 16, "hazards[0].epicentre", network.ErrInvalid, "give x and y"},
		{"earthquake-tau-with-ba08.yaml", 8, 5, "hazards[0].tau", network.ErrInvalid, "kawashima"},
		{"earthquake-correlation-spacing-too-fine.yaml", 4, 5, "hazards[0]", quake.ErrInvalid, "spacing 5 m"},
		{"ground-motion-without-file.yaml", 4, 5, "hazards[0].file", network.ErrInvalid, "missing file"},
		{"ground-motion-event-with-csv.yaml", 7, 5, "hazards[0].event", network.ErrInvalid, "for format openquake"},
		{"ground-motion-negative-unit.yaml", 7, 5, "hazards[0].units", quake.ErrInvalid, "PGV × -1"},
		{"ground-motion-unknown-format.yaml", 7, 5, "hazards[0].format", scenarios.ErrUnknownName, `did you mean "openquake"`},
		{"sequence-without-steps.yaml", 4, 5, "hazards[0].steps", network.ErrInvalid, "needs steps"},
		{"response-unknown-policy.yaml", 4, 3, "response.policy", scenarios.ErrUnknownName, `did you mean "nearest-first"`},
		{"response-unknown-depot.yaml", 7, 7, "response.teams[0].depot", network.ErrUnknownID, `did you mean "i1968"`},
		{"response-unknown-team-sector.yaml", 8, 7, "response.teams[0].sector", scenarios.ErrUnknownName, `did you mean "power"`},
		{"response-unknown-skill.yaml", 9, 7, "response.teams[0].kinds", scenarios.ErrUnknownName, `did you mean "substation"`},
		{"response-count-zero.yaml", 5, 7, "response.teams[0]", response.ErrPlan, "count 0"},
		{"response-and-repair-within.yaml", 4, 66, "hazards[0].repair_within", network.ErrInvalid, "crews repair"},
		{"hazard-after-horizon.yaml", 4, 37, "hazards[0].at", network.ErrOutOfRange, "after the horizon 1d"},
		{"response-team-names-twice.yaml", 7, 8, "response.units[0].name", network.ErrInvalid, "given twice"},
		{"response-unknown-unit-kind.yaml", 5, 25, "response.units[0].kind", scenarios.ErrUnknownKind, `did you mean "generator"`},
		{"response-generator-without-autonomy.yaml", 5, 7, "response.units[0]", response.ErrPlan, "fuel autonomy"},
		{"response-unit-key-of-another-kind.yaml", 5, 74, "response.units[0].fraction", scenarios.ErrUnknownKey, "autonomy, kind"},
		{"response-negative-repair-time.yaml", 4, 32, "response.repair.time", network.ErrNegative, "-1h"},
		{"response-unknown-repair-model.yaml", 4, 19, "response.repair.model", scenarios.ErrUnknownKind, "valid: by-class, default, fixed"},
		{"response-unknown-zone.yaml", 5, 43, "response.script[0].zone", scenarios.ErrUnknownName, `did you mean "D01-01"`},
		{"response-shed-factor-above-1.yaml", 5, 72, "response.script[0].factor", network.ErrOutOfRange, "outside [0, 1]"},
		{"response-unknown-action.yaml", 5, 23, "response.script[0].do", scenarios.ErrUnknownKind, `did you mean "isolate"`},
		{"response-preposition-unknown-team.yaml", 7, 37, "response.script[0].team", scenarios.ErrUnknownName, `did you mean "power"`},
		{"response-when-unknown-component.yaml", 8, 22, "response.script[0].when.fails.component", network.ErrUnknownID, "ds99999"},
		{"response-backup-without-power.yaml", 5, 34, "response.script[0].facility", network.ErrInvalid, "no requirement on power"},
	} {
		listed = append(listed, tc.file)
		t.Run(tc.file, func(t *testing.T) {
			_, err := scenarios.Load(os.DirFS("testdata/malformed"), tc.file)
			require.Error(t, err)
			var pe *network.ParseError
			require.True(t, errors.As(err, &pe), "%T %v", err, err)
			if tc.sentinel != nil {
				assert.ErrorIs(t, err, tc.sentinel)
			}
			if tc.line > 0 || tc.field != "" {
				assert.Equal(t, tc.file, pe.File)
				assert.Equal(t, []any{tc.line, tc.col, tc.field}, []any{pe.Line, pe.Col, pe.Field}, "%v", err)
			}
			assert.Contains(t, err.Error(), tc.says)
		})
	}
}

// TestTooLarge: a 50 MB file is refused by its size, before it is parsed
// (the refusal is quick and holds no copy of the file).
func TestTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.yaml")
	f, err := os.Create(path)
	require.NoError(t, err)
	line := []byte("# " + strings.Repeat("x", 97) + "\n")
	_, err = f.Write([]byte(head))
	require.NoError(t, err)
	for range 50 << 20 / len(line) {
		_, err = f.Write(line)
		require.NoError(t, err)
	}
	require.NoError(t, f.Close())
	_, err = scenarios.Load(os.DirFS(filepath.Dir(path)), "huge.yaml")
	require.ErrorIs(t, err, network.ErrTooLarge)
	var pe *network.ParseError
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, "huge.yaml", pe.File)

	// A reader without a size (a pipe) is cut at the cap too.
	_, err = scenarios.Loader{MaxBytes: 64}.ParseFile(fstest.MapFS{"s.yaml": {Data: []byte(head + strings.Repeat("#", 100))}}, "s.yaml")
	require.ErrorIs(t, err, network.ErrTooLarge)
}

// TestMerged reads a MATPOWER case and an EPANET network, merges them with
// prefixes and couples the pump to two buses by a requirements CSV
// (k = 1, lag 30 min, 4 h battery): both buses are damaged at 1 h, so the
// pump stops at 1 h + 30 min + 4 h = 5h30m and comes back when one bus is
// repaired at 1 d.
func TestMerged(t *testing.T) {
	s, err := scenarios.Load(os.DirFS(".."), "scenarios/testdata/merged.yaml")
	require.NoError(t, err)
	assert.Equal(t, "two-systems", s.Network.Name())
	pump, ok := s.Network.ComponentIndex("w/9:pump")
	require.True(t, ok)
	require.Len(t, s.Network.RequirementsOf(pump), 1)
	r := s.Network.RequirementsOf(pump)[0]
	assert.Equal(t, 30*sim.Minute, s.Network.Lag(r))
	assert.Equal(t, 4*sim.Hour, s.Network.Buffer(r))
	res, err := s.Run(context.Background(), scenarios.RunOptions{})
	require.NoError(t, err)
	require.Len(t, res, 1)
	assert.Equal(t, [][2]sim.Time{{5*sim.Hour + 30*sim.Minute, sim.Day}}, res[0].Outages(pump))
}

// TestUnknownRequirementID: an ID of the requirements CSV that no file has
// is named at its cell, by byte column: "w/10," is 5 bytes, so the
// providers cell of line 3 starts at byte 6.
func TestUnknownRequirementID(t *testing.T) {
	data, err := os.ReadFile("testdata/merged.yaml")
	require.NoError(t, err)
	fsys := fstest.MapFS{
		"a/b/s.yaml": {Data: data},
		"network/format/matpower/testdata/case14.m": {Data: must(os.ReadFile("../network/format/matpower/testdata/case14.m"))},
		"network/format/epanet/testdata/Net1.inp":   {Data: must(os.ReadFile("../network/format/epanet/testdata/Net1.inp"))},
		"a/b/couple.csv": {Data: []byte("dependent,providers\nw/9:pump,p/bus4\nw/10,p/bus99\n")},
	}
	_, err = scenarios.Load(fsys, "a/b/s.yaml")
	require.ErrorIs(t, err, network.ErrUnknownID)
	var pe *network.ParseError
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, []any{"a/b/couple.csv", 3, 6, "providers"}, []any{pe.File, pe.Line, pe.Col, pe.Field}, "%v", err)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestRunDeterministic: two runs of a scenario with three replications
// give the same fingerprint; the replications differ from one another
// (each has its own seed), and the progress callback sees every
// replication start and end.
func TestRunDeterministic(t *testing.T) {
	text := head + "hazards:\n  - {name: q, kind: random-fraction, fraction: 0.02, at: 1h, repair_within: 1d}\nhorizon: 3d\nseed: 7\nreplications: 3\n"
	s, err := load(text)
	require.NoError(t, err)
	var fps [2]sim.Fingerprint
	var direct [2][]int
	for k := range fps {
		var seen []scenarios.Progress
		res, err := s.Run(context.Background(), scenarios.RunOptions{Observer: &fps[k], Progress: func(p scenarios.Progress) { seen = append(seen, p) }})
		require.NoError(t, err)
		require.Len(t, res, 3)
		for _, r := range res {
			direct[k] = append(direct[k], r.Direct)
		}
		assert.Equal(t, scenarios.Progress{Replication: 0, Replications: 3, Horizon: 3 * sim.Day}, seen[0])
		last := seen[len(seen)-1]
		assert.Equal(t, scenarios.Progress{Replication: 2, Replications: 3, Time: 3 * sim.Day, Horizon: 3 * sim.Day}, last)
	}
	assert.Equal(t, fps[0].Sum(), fps[1].Sum())
	assert.Equal(t, direct[0], direct[1])
	assert.NotEqual(t, direct[0][0], direct[0][1], "replications drew the same damage")
}

// TestRunCancelled: a cancelled context stops the run with its error.
func TestRunCancelled(t *testing.T) {
	s, err := scenarios.LoadBundled(scenarios.DefaultScenario)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := s.Run(ctx, scenarios.RunOptions{})
	require.ErrorIs(t, err, context.Canceled)
	if len(res) > 0 {
		assert.False(t, res[len(res)-1].Complete)
	}
}

// TestBundledLoad: every bundled scenario loads, the default among them;
// every bundled city of lifelines generated by network/synth has all four,
// with hospitals and shelters, a generated research network has its
// layers' nodes, and a city read from files is checked by checkFileCity
// (InfraRisk) or checkINDPCity (the INDP layers).
func TestBundledLoad(t *testing.T) {
	assert.Contains(t, scenarios.BundledNames(), scenarios.DefaultScenario)
	for _, name := range scenarios.BundledNames() {
		_, err := scenarios.LoadBundled(name)
		require.NoError(t, err, name)
	}
	_, err := scenarios.LoadBundled("nosuch")
	require.ErrorIs(t, err, scenarios.ErrUnknownName)
	assert.True(t, slices.IsSorted(scenarios.CityNames()), "cities are not sorted by name")
	for _, c := range scenarios.Cities() {
		net, err := scenarios.BuildCity(c.Name)
		require.NoError(t, err)
		if c.Coupled.N > 0 {
			assert.True(t, c.Research(), c.Name)
			assert.Equal(t, c.Coupled.Layers*c.Coupled.N, net.NumComponents(), c.Name)
			continue
		}
		if c.Format == "shelby" {
			checkINDPCity(t, &c, net)
			continue
		}
		assert.False(t, c.Research(), c.Name)
		if c.Dir != "" {
			checkFileCity(t, &c, net)
			continue
		}
		assert.InDelta(t, 10000, net.NumComponents(), 500, c.Name)
		kinds := map[network.Kind]int{}
		for i := range net.Components() {
			kinds[net.ComponentKind(i)]++
		}
		for _, s := range []network.Sector{network.Power, network.Water, network.Transport, network.Telecom} {
			_, ok := net.SectorIndexOf(s)
			assert.True(t, ok, "%s has no %s", c.Name, s)
		}
		for _, k := range []network.Kind{network.KindHospital, network.KindShelter, network.KindGenerator, network.KindTank, network.KindCellTower} {
			assert.Positive(t, kinds[k], "%s has no %s", c.Name, k)
		}
	}
}

// checkFileCity checks a city read from files: it is the InfraRisk import
// of its directory read from disk (the embedded copy is that directory),
// with the counts of its SOURCE.md (cities/micropolis: 3670 components,
// 3823 links, the 8 rows of dependencies.csv; cities/shelby: 84 water +
// 354 power + 191 road components, 111 + 368 + 589 links, 14 rows), and
// every fragility class it names is in the bundled Hazus library, so an
// earthquake finds them all.
func checkFileCity(t *testing.T, c *scenarios.City, net *network.Network) {
	t.Helper()
	disk, err := infrarisk.Import(os.DirFS("cities"), c.Dir, c.InfraRisk)
	require.NoError(t, err)
	assert.Equal(t, c.Name, net.Name())
	assert.Equal(t, disk.NumComponents(), net.NumComponents())
	assert.Equal(t, disk.NumLinks(), net.NumLinks())
	want := map[string][]int{"micropolis": {3670, 3823, 8}, "shelby": {84 + 354 + 191, 111 + 368 + 589, 14}}[c.Name]
	assert.Equal(t, want, []int{net.NumComponents(), net.NumLinks(), net.NumRequirements()}, c.Name)
	lib := fragility.Hazus()
	classes := map[string]bool{}
	for i := range net.Components() {
		classes[net.Fragility(i)] = true
	}
	for l := range net.Links() {
		classes[net.LinkFragility(l)] = true
	}
	delete(classes, "")
	assert.Len(t, classes, 9, "InfraRisk's nine classes")
	for name := range classes {
		_, ok := lib.Class(name)
		assert.True(t, ok, "%s: class %s is not in the Hazus library", c.Name, name)
	}
}

// checkINDPCity checks the INDP city: a research network that is
// network/format/shelby's import of its directory read from disk (the
// embedded copy is that directory), with the counts of
// cities/shelby-indp/SOURCE.md (49 + 75 + 16 + 27 = 167 nodes, 71 + 93 +
// 17 + 36 = 217 arcs, the 73 rows of Interdep.csv) in its four layers,
// each with supply nodes, so that flow.Default serves every layer by
// connectivity.
func checkINDPCity(t *testing.T, c *scenarios.City, net *network.Network) {
	t.Helper()
	assert.True(t, c.Research(), c.Name)
	disk, err := shelby.Import(os.DirFS("cities"), c.Dir, shelby.Options{})
	require.NoError(t, err)
	assert.Equal(t, []int{167, 217, 73}, []int{net.NumComponents(), net.NumLinks(), net.NumRequirements()}, c.Name)
	require.Equal(t, disk.NumComponents(), net.NumComponents())
	for i := range disk.Components() {
		require.Equal(t, disk.Component(i), net.Component(i))
	}
	var sectors []network.Sector
	for si, s := range net.Sectors() {
		sectors = append(sectors, s)
		assert.NotEmpty(t, net.Sources(si), "%s has no supply node", s)
	}
	assert.ElementsMatch(t, []network.Sector{network.Water, network.Power, "gas", network.Telecom}, sectors)
}

var update = flag.Bool("update", false, "rewrite scenario.schema.json")

// TestSchema: the schema is valid JSON, names every top-level key and
// every kind of the registry, and scenario.schema.json (the file its $id
// names, for editors) is up to date (refresh with -update).
func TestSchema(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, scenarios.WriteSchema(&buf))
	if *update {
		require.NoError(t, os.WriteFile("scenario.schema.json", buf.Bytes(), 0o644))
	}
	assert.Equal(t, string(must(os.ReadFile("scenario.schema.json"))), buf.String(), "scenario.schema.json is out of date: run go test -run TestSchema -update")
	var v map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &v))
	for _, key := range []string{`"version"`, `"network"`, `"hazards"`, `"models"`, `"horizon"`, `"repair_within"`, `"protection"`} {
		assert.Contains(t, buf.String(), key)
	}
	for k := range scenarios.Kinds() {
		if k.Group == scenarios.GroupPolicy {
			// Policies are names without parameters: an enum of the
			// policy keys.
			assert.Contains(t, buf.String(), "\""+k.Name+"\"")
			continue
		}
		assert.Contains(t, buf.String(), `"const": "`+k.Name+`"`)
	}
	assert.Contains(t, buf.String(), `"enum": [`)
}

func FuzzParse(f *testing.F) {
	for _, name := range scenarios.BundledNames() {
		f.Add(must(scenarios.BundledFile(name)))
	}
	f.Add(must(os.ReadFile("testdata/merged.yaml")))
	f.Add([]byte(head + "hazards:\n  - {name: q, kind: list, impacts: [{kind: damage, component: x, at: 1h}]}\n"))
	f.Add([]byte("a: &a [*a, *a]\n"))
	for _, name := range []string{"chain-unknown-flag.yaml", "flood-damage-curve-falls.yaml", "wind-unknown-damage-state.yaml",
		"earthquake-epicentre-mixed.yaml", "ground-motion-event-with-csv.yaml",
		"response-unit-key-of-another-kind.yaml", "response-when-unknown-component.yaml", "response-negative-repair-time.yaml"} {
		f.Add(must(os.ReadFile("testdata/malformed/" + name)))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := scenarios.Parse(data, "fuzz.yaml")
		if err == nil {
			return
		}
		var pe *network.ParseError
		if !errors.As(err, &pe) || pe.File != "fuzz.yaml" {
			t.Fatalf("error %v (%T) is no *network.ParseError naming the file", err, err)
		}
	})
}

// depotCity is a native JSON city: a depot D, 10 min from A and 25 min
// from B (via A; the direct road takes 30 min), power sites pB (500
// people, reached at B) and pA (100 people, reached at A), and a hospital
// ho that needs pA's power.
func depotCity(t *testing.T) []byte {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "pB", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleSource, Access: "B", Population: 500})
	b.AddComponent(network.Component{ID: "pA", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleSource, Access: "A", Population: 100})
	for _, id := range []string{"D", "A", "B"} {
		b.AddComponent(network.Component{ID: id, Sector: network.Transport, Kind: network.KindIntersection})
	}
	b.AddComponent(network.Component{ID: "ho", Sector: "facilities", Kind: network.KindHospital, Role: network.RoleConsumer, Access: "A", Critical: true})
	b.AddRequirement(network.Requirement{Dependent: "ho", Providers: []string{"pA"}})
	b.AddLink(network.Link{ID: "DA", Kind: network.KindRoad, From: "D", To: "A", FreeFlow: 10 * sim.Minute})
	b.AddLink(network.Link{ID: "AB", Kind: network.KindRoad, From: "A", To: "B", FreeFlow: 15 * sim.Minute})
	b.AddLink(network.Link{ID: "DB", Kind: network.KindRoad, From: "D", To: "B", FreeFlow: 30 * sim.Minute})
	net, err := b.Build()
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, format.WriteJSON(&buf, net))
	return buf.Bytes()
}

// TestResponsePolicies: one crew at D, pA and pB damaged at 1 h, every
// repair 2 h. By hand: nearest first goes to pA (10 min), repairs it by
// 3h10m, goes on to pB (15 min) and repairs it by 5h25m; most population
// per crew-hour goes to pB first (25 min; 500 ÷ 2h25m beats 100 ÷ 2h10m),
// done by 3h25m, then pA (15 min) by 5h40m. Pre-positioned at B at 0 s
// (25 min), the crew starts on pB at 1 h (no travel): pB by 3 h, pA by
// 5h15m. The hospital ho is down while pA is; with a backup generator
// switched on for 30 min when pA fails, the condition is seen once the
// instant of the damage has settled (ho down at 1 h), so the generator
// starts at 1 h — an outage of no length — and ho is down again from
// 1h30m until pA's repair. A policy comparison is a one-word change of
// the file.
func TestResponsePolicies(t *testing.T) {
	city := depotCity(t)
	const text = `version: 1
network: {files: [{format: json, path: city.json}]}
hazards: [{name: q, kind: list, impacts: [{kind: damage, component: pA, at: 1h}, {kind: damage, component: pB, at: 1h}]}]
response:
  policy: POLICY
  repair: {model: fixed, time: 2h}
  teams: [{name: crew, count: 1, depot: D, sector: power}]
`
	for _, tc := range []struct {
		policy, script string
		pA, pB         sim.Time
	}{
		{"nearest-first", "", 3*sim.Hour + 10*sim.Minute, 5*sim.Hour + 25*sim.Minute},
		{"most-population", "", 5*sim.Hour + 40*sim.Minute, 3*sim.Hour + 25*sim.Minute},
		{"nearest-first", "  script: [{name: early, do: preposition, team: crew, to: B}]\n", 5*sim.Hour + 15*sim.Minute, 3 * sim.Hour},
		{"nearest-first", "  script: [{name: gen, do: backup, facility: ho, for: 30m, when: {fails: {component: pA}}}]\n", 3*sim.Hour + 10*sim.Minute, 5*sim.Hour + 25*sim.Minute},
	} {
		t.Run(tc.policy+tc.script, func(t *testing.T) {
			fsys := fstest.MapFS{"city.json": {Data: city}, "s.yaml": {Data: []byte(strings.Replace(text, "POLICY", tc.policy, 1) + tc.script)}}
			s, err := scenarios.Load(fsys, "s.yaml")
			require.NoError(t, err)
			res, err := s.Run(context.Background(), scenarios.RunOptions{})
			require.NoError(t, err)
			for id, want := range map[string]sim.Time{"pA": tc.pA, "pB": tc.pB} {
				i, _ := s.Network.ComponentIndex(id)
				assert.Equal(t, [][2]sim.Time{{sim.Hour, want}}, res[0].Outages(i), id)
			}
			ho, _ := s.Network.ComponentIndex("ho")
			want := [][2]sim.Time{{sim.Hour, tc.pA}}
			if strings.Contains(tc.script, "backup") {
				want = [][2]sim.Time{{sim.Hour, sim.Hour}, {sim.Hour + 30*sim.Minute, tc.pA}}
			}
			assert.Equal(t, want, res[0].Outages(ho))
		})
	}
}

// TestWarnings: every file of testdata/warnings loads (a warning never
// stops a scenario) with the warnings listed, placed by hand at the
// mapping or key at fault. A MATPOWER case carries neither fragility
// classes nor coordinates, so an earthquake damages nothing in it; a pond
// in lon/lat lies around (−90, 35), far from Micropolis's local metres
// (x 682 … 8432, y 1211 … 6817.5), also when a chain's trigger starts it;
// a typhoon at lon +90 passes about 110° of great circle, 12 200 km, from
// riverton at lon −90; a team for substations after one for the whole
// power sector, and a second generator fleet of the same reach, never
// work.
func TestWarnings(t *testing.T) {
	type want struct {
		line, col int
		field     string
		says      string
	}
	var listed []string
	defer func() {
		entries, err := os.ReadDir("testdata/warnings")
		require.NoError(t, err)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".yaml") {
				assert.Contains(t, listed, e.Name(), "a file of testdata/warnings is not in the table")
			}
		}
	}()
	for _, tc := range []struct {
		file string
		want []want
	}{
		{"quake-on-matpower.yaml", []want{{6, 5, "hazards[0]", `the earthquake can damage nothing in network "case3"`}}},
		{"flood-lonlat-over-metres.yaml", []want{{4, 5, "hazards[0]", "lies entirely outside the network's extent (x 682 … 8432, y 1211 … 6817.5)"}}},
		{"chain-flood-outside.yaml", []want{{11, 11, "hazards[0].triggers[0].then", "the flood's water (x -90.02 … -90, y 35.08 … 35.1 in local)"}}},
		{"wind-wrong-hemisphere.yaml", []want{{4, 5, "hazards[0]", "the storm's track comes no nearer than 122"}}},
		{"response-team-shadowed.yaml", []want{
			{8, 8, "response.teams[1].name", `team "substations" never gets a job: everything it can do goes to "power" first`},
			{11, 8, "response.units[1].name", `team "gen-west" never gets a job: everything it can do goes to "gen-east" first`},
		}},
	} {
		listed = append(listed, tc.file)
		t.Run(tc.file, func(t *testing.T) {
			sc, err := scenarios.Load(os.DirFS("testdata/warnings"), tc.file)
			require.NoError(t, err)
			ws := sc.Warnings()
			require.Len(t, ws, len(tc.want), "%v", ws)
			for k, w := range ws {
				assert.Equal(t, []any{tc.file, tc.want[k].line, tc.want[k].col, tc.want[k].field}, []any{w.File, w.Line, w.Col, w.Field}, "%v", w)
				assert.Contains(t, w.Message, tc.want[k].says)
				assert.Equal(t, fmt.Sprintf("%s:%d:%d: warning: %s: %s", w.File, w.Line, w.Col, w.Field, w.Message), w.String())
			}
		})
	}
}

// TestNoWarnings: a scenario whose hazards reach the network and whose
// teams all work has no warnings: every bundled scenario, and a Scenario
// filled in by Go code.
func TestNoWarnings(t *testing.T) {
	for _, name := range scenarios.BundledNames() {
		sc, err := scenarios.LoadBundled(name)
		require.NoError(t, err)
		assert.Empty(t, sc.Warnings(), name)
	}
	assert.Nil(t, (&scenarios.Scenario{}).Warnings())
}
