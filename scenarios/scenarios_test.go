package scenarios_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/scenarios"
	"github.com/lifeline-sim/lifeline/sim"
)

// load loads the scenario text as file "s.yaml".
func load(text string) (*scenarios.Scenario, error) {
	return scenarios.Load(fstest.MapFS{"s.yaml": {Data: []byte(text)}}, "s.yaml")
}

// head is the start of a valid file on the bundled city.
const head = "version: 1\nnetwork: {city: riverton}\n"

// TestMalformed: every malformed file gives a *network.ParseError at the
// line, column and field at fault, wrapping the sentinel that says why.
// Positions are counted by hand in the texts: a value of the wrong type
// is placed at the value, a value refused after decoding (out of range,
// unknown) at its key; a second document at its "---".
func TestMalformed(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		line, col  int
		field      string
		sentinel   error
		says       string
	}{
		{"empty", "", 0, 0, "", network.ErrSyntax, "empty file"},
		{"blank", "\n  \n", 0, 0, "", network.ErrSyntax, "empty file"},
		{"binary junk", "version: 1\n\x00\xff\xfe", 2, 1, "", network.ErrSyntax, "binary"},
		{"not YAML", "version: [1\n", 0, 0, "", network.ErrSyntax, ""},
		{"a list", "- 1\n- 2\n", 1, 1, "", scenarios.ErrType, "want a mapping"},
		{"two documents", head + "---\nversion: 1\n", 3, 1, "", network.ErrSyntax, "second document"},
		{"no version", "network: {city: riverton}\n", 1, 1, "version", network.ErrVersion, "missing version"},
		{"future version", "version: 2\nnetwork: {city: riverton}\n", 1, 1, "version", network.ErrVersion, "version 2"},
		{"version as text", "version: one\n", 1, 10, "version", scenarios.ErrType, "want an integer"},
		{"unknown key", head + "horizn: 4h\n", 3, 1, "horizn", scenarios.ErrUnknownKey, `did you mean "horizon"`},
		{"unknown key far from any", head + "zzzzzzzzzz: 1\n", 3, 1, "zzzzzzzzzz", scenarios.ErrUnknownKey, "valid: version, name"},
		{"duplicate key", head + "seed: 1\nseed: 2\n", 4, 1, "seed", network.ErrSyntax, "given twice"},
		{"variants reserved", head + "variants: []\n", 3, 1, "variants", scenarios.ErrNotSupported, "analysis layer"},
		{"events reserved", head + "events: []\n", 3, 1, "events", scenarios.ErrNotSupported, "analysis layer"},
		{"response reserved", head + "response: {crews: 3}\n", 3, 1, "response", scenarios.ErrNotSupported, "response package"},
		{"negative duration", head + "horizon: -4h\n", 3, 10, "horizon", network.ErrNegative, "-4h"},
		{"duration without unit", head + "horizon: 4\n", 3, 10, "horizon", network.ErrInvalid, "missing unit"},
		{"duration as list", head + "horizon: [4h]\n", 3, 10, "horizon", scenarios.ErrType, "found a list"},
		{"seed negative", head + "seed: -1\n", 3, 7, "seed", network.ErrNegative, ""},
		{"seed as text", head + "seed: abc\n", 3, 7, "seed", scenarios.ErrType, `text "abc"`},
		{"replications negative", head + "replications: -2\n", 3, 1, "replications", network.ErrNegative, ""},
		{"no network", "version: 1\n", 1, 1, "network", network.ErrInvalid, "missing network"},
		{"city and files", "version: 1\nnetwork: {city: riverton, files: [{format: json, path: x.json}]}\n", 2, 10, "network", network.ErrInvalid, "one of city and files"},
		{"unknown city", "version: 1\nnetwork: {city: rivertn}\n", 2, 11, "network.city", scenarios.ErrUnknownName, `did you mean "riverton"`},
		{"unknown format", "version: 1\nnetwork: {files: [{format: matpowr, path: a.m}]}\n", 2, 28, "network.files[0].format", scenarios.ErrUnknownKind, `did you mean "matpower"`},
		{"missing format", "version: 1\nnetwork: {files: [{path: a.m}]}\n", 2, 19, "network.files[0].format", network.ErrSyntax, "missing key"},
		{"missing file", "version: 1\nnetwork: {files: [{format: json, path: nowhere.json}]}\n", 0, 0, "", os.ErrNotExist, ""},
		{"path out of the tree", "version: 1\nnetwork: {files: [{format: json, path: ../x.json}]}\n", 2, 34, "network.files[0].path", network.ErrInvalid, "leaves"},
		{"bad crs", "version: 1\nnetwork: {files: [{format: epanet, path: a.inp, crs: mars}]}\n", 2, 49, "network.files[0].crs", network.ErrInvalid, ""},
		{"unknown hazard kind", head + "hazards:\n  - {name: q, kind: quake}\n", 4, 21, "hazards[0].kind", scenarios.ErrUnknownKind, "valid: list, random-fraction, targeted"},
		{"hazard without name", head + "hazards:\n  - {kind: targeted, k: 3}\n", 4, 5, "hazards[0].name", network.ErrInvalid, "missing name"},
		{"hazard names twice", head + "hazards:\n  - {name: q, kind: targeted}\n  - {name: q, kind: targeted}\n", 5, 6, "hazards[1].name", network.ErrInvalid, "given twice"},
		{"hazard key of another kind", head + "hazards:\n  - {name: q, kind: targeted, fraction: 0.1}\n", 4, 31, "hazards[0].fraction", scenarios.ErrUnknownKey, "valid: name, repair_within, select, by, k, at, effect, kind"},
		{"fraction as text", head + "hazards:\n  - {name: q, kind: random-fraction, fraction: lots}\n", 4, 48, "hazards[0].fraction", scenarios.ErrType, "want a number"},
		{"fraction above 1", head + "hazards:\n  - {name: q, kind: random-fraction, fraction: 1.5}\n", 4, 38, "hazards[0].fraction", network.ErrOutOfRange, "outside [0, 1]"},
		{"fraction infinite", head + "hazards:\n  - {name: q, kind: random-fraction, fraction: .inf}\n", 4, 48, "hazards[0].fraction", network.ErrNotFinite, ""},
		{"unknown sector", head + "hazards:\n  - {name: q, kind: targeted, select: {sector: powr}}\n", 4, 40, "hazards[0].select.sector", scenarios.ErrUnknownName, `did you mean "power"`},
		{"unknown component kind", head + "hazards:\n  - {name: q, kind: targeted, select: {kind: cell_towr}}\n", 4, 40, "hazards[0].select.kind", scenarios.ErrUnknownName, `did you mean "cell_tower"`},
		{"unknown effect", head + "hazards:\n  - {name: q, kind: targeted, effect: explode}\n", 4, 31, "hazards[0].effect", scenarios.ErrUnknownName, ""},
		{"unknown component", head + "hazards:\n  - name: q\n    kind: list\n    impacts:\n      - {kind: damage, component: ds99999}\n", 7, 24, "hazards[0].impacts[0].component", network.ErrUnknownID, "ds99999"},
		{"unknown link", head + "hazards:\n  - name: q\n    kind: list\n    impacts:\n      - {kind: damage, link: nolink}\n", 7, 24, "hazards[0].impacts[0].link", network.ErrUnknownID, "nolink"},
		{"impact without target", head + "hazards:\n  - name: q\n    kind: list\n    impacts:\n      - {kind: damage}\n", 7, 9, "hazards[0].impacts[0]", network.ErrInvalid, "one of component and link"},
		{"unknown impact kind", head + "hazards:\n  - name: q\n    kind: list\n    impacts:\n      - {kind: smash, component: ds1}\n", 7, 10, "hazards[0].impacts[0].kind", scenarios.ErrUnknownName, ""},
		{"factor out of range", head + "hazards:\n  - name: q\n    kind: list\n    impacts:\n      - {kind: damage, component: ds1, factor: 3}\n", 7, 9, "hazards[0].impacts[0]", hazard.ErrInvalid, ""},
		{"unknown model sector", head + "models: {powr: {kind: power}}\n", 3, 16, "models.powr", scenarios.ErrUnknownName, `did you mean "power"`},
		{"unknown model kind", head + "models: {power: {kind: dcpf}}\n", 3, 24, "models.power.kind", scenarios.ErrUnknownKind, ""},
		{"model option of another model", head + "models: {water: {kind: water, threshold: 2}}\n", 3, 31, "models.water.threshold", scenarios.ErrUnknownKey, `valid: refill, kind`},
		{"roads threshold below 1", head + "models: {transport: {kind: roads, threshold: 0.5}}\n", 3, 35, "models.transport.threshold", nil, "Threshold"},
		{"models as list", head + "models: [power]\n", 3, 9, "models", scenarios.ErrType, "want a mapping"},
		{"zero reclose delay", head + "protection: {reclose: true}\n", 3, 13, "protection.reclose_delay", nil, "reclose"},
		{"hard limit at 1", head + "protection: {hard_limit: 1}\n", 3, 14, "protection.hard_limit", nil, "hard limit"},
		{"unknown output", head + "outputs: {write: [sumary]}\n", 3, 11, "outputs.write", scenarios.ErrUnknownName, `did you mean "summary"`},
		{"alias", head + "name: &n x\ndescription: *n\n", 4, 14, "description", network.ErrSyntax, "aliases"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load(tc.text)
			require.Error(t, err)
			var pe *network.ParseError
			require.True(t, errors.As(err, &pe), "%T %v", err, err)
			if tc.sentinel != nil {
				assert.ErrorIs(t, err, tc.sentinel)
			}
			if tc.line > 0 || tc.field != "" {
				assert.Equal(t, "s.yaml", pe.File)
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
// is named at its cell.
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
	assert.Equal(t, []any{"a/b/couple.csv", 3, 2, "providers"}, []any{pe.File, pe.Line, pe.Col, pe.Field}, "%v", err)
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

// TestRepairsKeyedByID: a component's repair time depends on its ID, not
// its position: "b" gets the same repair in a city where another
// component comes before it; and it lies within the window.
func TestRepairsKeyedByID(t *testing.T) {
	repairOfB := func(ids ...string) sim.Time {
		b := network.NewBuilder()
		for _, id := range ids {
			b.AddComponent(network.Component{ID: id, Sector: "health", Role: network.RoleConsumer})
		}
		net, err := b.Build()
		require.NoError(t, err)
		i, _ := net.ComponentIndex("b")
		im := scenarios.Repairs(net, []hazard.Impact{{Time: sim.Hour, Kind: hazard.Damage, Target: i}}, 7, 3*sim.Day)
		require.Len(t, im, 1)
		assert.Equal(t, hazard.Repair, im[0].Kind)
		return im[0].Time
	}
	x, y := repairOfB("a", "b"), repairOfB("a", "a2", "b")
	assert.Equal(t, x, y, "b repaired at %v in one city, %v when a component comes before it", x, y)
	assert.True(t, x >= sim.Hour && x < sim.Hour+3*sim.Day, "repair at %v", x)
}

// TestBundledLoad: every bundled scenario loads, the default among them;
// the bundled city has all four lifelines, hospitals and shelters.
func TestBundledLoad(t *testing.T) {
	assert.Contains(t, scenarios.BundledNames(), scenarios.DefaultScenario)
	for _, name := range scenarios.BundledNames() {
		_, err := scenarios.LoadBundled(name)
		require.NoError(t, err, name)
	}
	_, err := scenarios.LoadBundled("nosuch")
	require.ErrorIs(t, err, scenarios.ErrUnknownName)
	for _, c := range scenarios.Cities() {
		net, err := scenarios.BuildCity(c.Name)
		require.NoError(t, err)
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

// TestSchema: the schema is valid JSON and names every top-level key and
// every kind of the registry.
func TestSchema(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, scenarios.WriteSchema(&buf))
	for _, key := range []string{`"version"`, `"network"`, `"hazards"`, `"models"`, `"horizon"`, `"repair_within"`, `"protection"`} {
		assert.Contains(t, buf.String(), key)
	}
	for k := range scenarios.Kinds() {
		assert.Contains(t, buf.String(), `"const": "`+k.Name+`"`)
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range scenarios.BundledNames() {
		f.Add(must(scenarios.BundledFile(name)))
	}
	f.Add(must(os.ReadFile("testdata/merged.yaml")))
	f.Add([]byte(head + "hazards:\n  - {name: q, kind: list, impacts: [{kind: damage, component: x, at: 1h}]}\n"))
	f.Add([]byte("a: &a [*a, *a]\n"))
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
