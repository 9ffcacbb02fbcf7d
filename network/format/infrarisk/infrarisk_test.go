package infrarisk

import (
	"errors"
	"github.com/lifeline-sim/lifeline/sim"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/internal/parsetest"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/format/epanet"
	"github.com/lifeline-sim/lifeline/network/format/pandapower"
)

// cities is the directory of the Micropolis and Shelby County files, kept
// once with the bundled cities that embed them.
const cities = "../../../scenarios/cities"

const micropolis = cities + "/micropolis"

// TestImportMicropolis checks the counts against the sections of the files
// (see scenarios/cities/micropolis/SOURCE.md): water 1574 junctions + 2 reservoirs
// + 1 tank + 8 pumps = 1585 components and 1611 pipes + 8 × 2 pump
// connections = 1627 links; power 1225 buses + 791 loads + 1 external grid
// = 2017 components and 378 lines + 789 transformers + 61 switches + 792
// connections = 2020 links; roads 68 nodes and 176 links. In all 3670
// components, 3823 links and the 8 rows of dependencies.csv.
func TestImportMicropolis(t *testing.T) {
	n, err := Import(os.DirFS(cities), "micropolis", Options{})
	require.NoError(t, err)
	assert.Equal(t, "micropolis", n.Name())
	assert.True(t, n.CRS().Equal(network.Local))
	assert.Equal(t, 3670, n.NumComponents())
	assert.Equal(t, 3823, n.NumLinks())
	count := map[network.Sector]int{}
	for i := range n.Components() {
		count[n.SectorName(n.ComponentSector(i))]++
	}
	assert.Equal(t, map[network.Sector]int{network.Water: 1585, network.Power: 2017, network.Transport: 68}, count)

	// dependencies.csv: W_WP1–4 on P_MP1, W_WP5–7 on P_MP2, W_WP8 on
	// P_MP3, which the power file names P_LOMP1–3.
	want := map[string]string{"W_WP1": "P_LOMP1", "W_WP2": "P_LOMP1", "W_WP3": "P_LOMP1", "W_WP4": "P_LOMP1",
		"W_WP5": "P_LOMP2", "W_WP6": "P_LOMP2", "W_WP7": "P_LOMP2", "W_WP8": "P_LOMP3"}
	require.Equal(t, len(want), n.NumRequirements())
	for r := range n.Requirements() {
		q := n.Requirement(r)
		assert.Equal(t, network.Requirement{Dependent: q.Dependent, Providers: []string{want[q.Dependent]}}, q)
		i, _ := n.ComponentIndex(q.Dependent)
		p, _ := n.ComponentIndex(want[q.Dependent])
		assert.Equal(t, network.KindPump, n.ComponentKind(i))
		assert.Equal(t, network.KindLoad, n.ComponentKind(p))
	}

	// Crew access, the nearest road node by hand from the coordinates:
	// P_LOMP1 at its bus P_B78L (3318, 5861): T_J66 (3312, 6012) at 151.1 m,
	// next T_J26 at 280.4 m; pump W_WP1 midway between W_R1 (3417.14,
	// 6817.5) and W_JIN1522 (3459.85, 5882.13): T_J61 (3605, 6408) at
	// 176.4 m; tank W_T1 (4721.885, 4330.802): T_J54 (4803, 4423); the
	// external grid P_EG1 at bus 376 (4911, 3250): T_J57 (4803, 3225).
	for id, road := range map[string]string{"P_LOMP1": "T_J66", "W_WP1": "T_J61", "W_T1": "T_J54", "P_EG1": "T_J57"} {
		i, ok := n.ComponentIndex(id)
		require.True(t, ok, id)
		require.GreaterOrEqual(t, n.Access(i), int32(0), id)
		assert.Equal(t, road, n.ComponentID(n.Access(i)), id)
	}
	// Road nodes keep their tokens; links are named by row, with
	// InfraRisk's name as a tag; 2.006092 km from T_J1 to T_J2 in 2.91 min.
	l, ok := n.LinkIndex("T_row1")
	require.True(t, ok)
	road := n.Link(l)
	assert.Equal(t, "T_J1", road.From)
	assert.Equal(t, "T_J2", road.To)
	assert.Equal(t, "T_L1", road.Tags["id"])
	assert.InDelta(t, 2006.092, road.Length, 1e-9)
	assert.Equal(t, sim.Time(2.91*float64(sim.Minute)), road.FreeFlow)
}

func TestImportOptions(t *testing.T) {
	fsys := os.DirFS(cities)
	pump := network.Requirement{Lag: 30 * sim.Minute, Buffer: 4 * sim.Hour, Recharge: 0.5, Effect: network.Degrade, Factor: 0.5, Kind: network.Cyber}
	n, err := Import(fsys, "micropolis", Options{CRS: network.Local, PumpOnPower: pump, NoAccess: true})
	require.NoError(t, err)
	for r := range n.Requirements() {
		q := n.Requirement(r)
		want := pump
		want.Dependent, want.Providers = q.Dependent, q.Providers
		assert.Equal(t, want, q)
	}
	for i := range n.Components() {
		require.Equal(t, int32(-1), n.Access(i), n.ComponentID(i))
	}
	// Files named explicitly.
	n2, err := Import(fsys, "micropolis", Options{Water: "water/water_med.inp", Power: "power/micropolis_power.json",
		Roads: "transportation/transpo_net.tntp", RoadNodes: "transportation/transpo_node.tntp", Dependencies: "dependencies.csv"})
	require.NoError(t, err)
	assert.Equal(t, 3670, n2.NumComponents())

	for _, o := range []Options{
		{PumpOnPower: network.Requirement{Lag: -sim.Second}},
		{GeneratorOnWater: network.Requirement{Effect: network.Degrade, Factor: 2}},
		{CRS: network.CRS{EPSG: -7}},
	} {
		_, err := Import(fsys, "micropolis", o)
		require.Error(t, err)
		assert.True(t, errors.Is(err, network.ErrNegative) || errors.Is(err, network.ErrOutOfRange) || errors.Is(err, network.ErrInvalid), "%v", err)
		assert.Contains(t, err.Error(), "infrarisk: ")
	}
}

// Options.Fragility gives classes by kind; the counts are those of
// TestImportMicropolis, and the 678 pipes whose IDs start W_PMA are counted
// in the [PIPES] section of water_med.inp (1611 pipes, the other 933 W_PHC,
// W_PSC and W_PV). Buses, junctions, loads, reservoirs, road nodes and the
// connections stay without a class; a class given before is kept.
func TestImportFragility(t *testing.T) {
	n, err := Import(os.DirFS(cities), "micropolis", Options{Fragility: true, NoAccess: true})
	require.NoError(t, err)
	got := map[string]int{}
	for i := range n.Components() {
		got[n.Fragility(i)]++
	}
	for l := range n.Links() {
		got[n.LinkFragility(l)]++
	}
	assert.Equal(t, map[string]int{
		"InfraRisk:W_WP": 8, "InfraRisk:W_T": 1, "InfraRisk:P_EG": 1,
		"InfraRisk:P_L": 378, "InfraRisk:P_S": 61, "InfraRisk:P_TF": 789, "InfraRisk:T_L": 176,
		"InfraRisk:W_PMA": 678, "InfraRisk:W_P": 933,
		"": (3670 - 10) + (3823 - 3015),
	}, got)
	plain, err := Import(os.DirFS(cities), "micropolis", Options{NoAccess: true})
	require.NoError(t, err)
	assert.Equal(t, plain.NumRequirements(), n.NumRequirements())
	for l := range plain.Links() {
		require.Empty(t, plain.LinkFragility(l))
	}

	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "W_T1", Sector: network.Water, Kind: network.KindTank, Fragility: "PST1"})
	b.AddComponent(network.Component{ID: "W_J1", Sector: network.Water, Kind: network.KindJunction})
	b.AddLink(network.Link{ID: "W_PMA1", Kind: network.KindPipe, From: "W_T1", To: "W_J1", Fragility: "steel"})
	b.AddLink(network.Link{ID: "W_PMA2", Kind: network.KindPipe, From: "W_T1", To: "W_J1"})
	given, err := b.Build()
	require.NoError(t, err)
	c, err := classify(given)
	require.NoError(t, err)
	assert.Equal(t, "PST1", c.Fragility(0))
	assert.Equal(t, "steel", c.LinkFragility(0))
	assert.Equal(t, "InfraRisk:W_PMA", c.LinkFragility(1))
}

// Options.MaxBytes caps every file Import reads. Each file in turn is padded
// with blank lines (which every one of the formats skips) to 900 kB, above
// a cap of 800 kB that the others are below (the largest, the power file,
// is 757,501 bytes): the padded file, and it alone, is refused.
func TestImportMaxBytes(t *testing.T) {
	for _, f := range []string{"water/water_med.inp", "power/micropolis_power.json", "transportation/transpo_net.tntp",
		"transportation/transpo_node.tntp", "dependencies.csv"} {
		t.Run(f, func(t *testing.T) {
			m := city(t, string(parsetest.ReadFile(t, micropolis+"/dependencies.csv"))+"\n")
			data := m["c/"+f].Data
			m["c/"+f] = &fstest.MapFile{Data: append(data, strings.Repeat("\n", 900_000-len(data))...)}
			_, err := Import(m, "c", Options{})
			require.NoError(t, err, "the padding is harmless")
			_, err = Import(m, "c", Options{MaxBytes: 800_000})
			parsetest.Check(t, err, "c/"+f, 0, 0, "", network.ErrTooLarge)
		})
	}
}

// city returns the Micropolis files in a MapFS under "c", with
// dependencies.csv replaced by deps.
func city(t *testing.T, deps string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for _, f := range []string{"water/water_med.inp", "power/micropolis_power.json", "transportation/transpo_net.tntp", "transportation/transpo_node.tntp"} {
		m["c/"+f] = &fstest.MapFile{Data: parsetest.ReadFile(t, micropolis+"/"+f)}
	}
	m["c/dependencies.csv"] = &fstest.MapFile{Data: []byte(deps)}
	return m
}

func TestImportDependencyErrors(t *testing.T) {
	const file = "c/dependencies.csv"
	water, power := systems(t)
	for _, tc := range []struct {
		name, deps string
		line, col  int
		field      string
		sentinel   error
	}{
		{"unknown water", "water_id,power_id\nW_WP1,P_MP1\nW_WP99,P_MP1\n", 3, 1, colWater, network.ErrUnknownID},
		{"unknown power", "water_id,power_id\nW_WP1,P_MP9\n", 2, 7, colPower, network.ErrUnknownID},
		{"empty", "water_id,power_id\nW_WP1,\n", 2, 7, colPower, network.ErrEmptyID},
		{"trimmed", "power_id , water_id\n P_MP1 , W_J1\n", 2, 1, colPower, network.ErrInvalid},
		{"repeated", "water_id,power_id\nW_WP1,P_MP1\nW_WP2,P_MP1\nW_WP1,P_LOMP1\n", 4, 7, colPower, network.ErrInvalid},
		{"a reservoir and a load", "water_id,power_id\nW_R1,P_LOMP1\n", 2, 6, colPower, network.ErrInvalid},
		{"missing column", "water_id,power\nW_WP1,P_MP1\n", 1, 0, colPower, network.ErrSyntax},
		{"ragged", "water_id,power_id\nW_WP1\n", 2, 1, "", network.ErrSyntax},
		{"no header", "", 1, 0, "", network.ErrSyntax},
		// Columns count bytes of the file: the second water_id starts after
		// a 3-byte byte-order mark and "water_id,", at byte 13.
		{"repeated column", "\ufeffwater_id,water_id,power_id\n", 1, 13, colWater, network.ErrInvalid},
		{"after a byte-order mark", "\ufeffwater_id,power_id\nW_WP1,P_MP1\n\n , \nW_WP99,P_MP1\n", 5, 1, colWater, network.ErrUnknownID},
		// An unterminated quote is reported where the input ends: line 2,
		// byte 16, the newline after `"W_WP1","P_MP1`, in the power_id
		// cell where the quote opened.
		{"quoted", "water_id,power_id\n\"W_WP1\",\"P_MP1\n", 2, 16, colPower, network.ErrSyntax},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := dependencies(fstest.MapFS{file: {Data: []byte(tc.deps)}}, file, water, power, &Options{})
			parsetest.Check(t, err, file, tc.line, tc.col, tc.field, tc.sentinel)
		})
	}
	// A huge cell is quoted in part.
	_, err := dependencies(fstest.MapFS{file: {Data: []byte("water_id,power_id\n" + strings.Repeat("W", 1<<20) + ",P_MP1\n")}}, file, water, power, &Options{})
	require.ErrorIs(t, err, network.ErrUnknownID)
	assert.Less(t, len(err.Error()), 200)
	// A file above the size cap is refused before a row is read: the
	// table below is 30 bytes.
	small := fstest.MapFS{file: {Data: []byte("water_id,power_id\nW_WP1,P_MP1\n")}}
	_, err = dependencies(small, file, water, power, &Options{MaxBytes: 29})
	parsetest.Check(t, err, file, 0, 0, "", network.ErrTooLarge)
	reqs, err := dependencies(small, file, water, power, &Options{MaxBytes: 30})
	require.NoError(t, err)
	assert.Len(t, reqs, 1)
	// A repeated row names the first one's line.
	_, err = dependencies(fstest.MapFS{file: {Data: []byte("water_id,power_id\nW_WP1,P_MP1\nW_WP1,P_LOMP1\n")}}, file, water, power, &Options{})
	require.ErrorContains(t, err, "coupled already on line 2")
	// Import returns the error as it is.
	_, err = Import(city(t, "water_id,power_id\nW_WP1,P_MP1\nW_WP99,P_MP1\n"), "c", Options{})
	parsetest.Check(t, err, file, 3, 1, colWater, network.ErrUnknownID)
}

func TestImportFileErrors(t *testing.T) {
	m := city(t, "water_id,power_id\n")
	delete(m, "c/dependencies.csv")
	_, err := Import(m, "c", Options{})
	require.ErrorIs(t, err, fs.ErrNotExist)

	m = city(t, "water_id,power_id\n")
	m["c/water/other.inp"] = m["c/water/water_med.inp"]
	_, err = Import(m, "c", Options{})
	var pe *network.ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "c/water", pe.File)
	require.ErrorIs(t, err, network.ErrInvalid)

	m = city(t, "water_id,power_id\n")
	delete(m, "c/power/micropolis_power.json")
	_, err = Import(m, "c", Options{})
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "c/power", pe.File)
	require.ErrorIs(t, err, fs.ErrNotExist)

	// A clash between systems: a road node named as a water junction. The
	// merge names both files.
	m = city(t, "water_id,power_id\n")
	m["c/transportation/transpo_net.tntp"] = &fstest.MapFile{Data: []byte("<NUMBER OF NODES> 2\n<NUMBER OF LINKS> 1\n<END OF METADATA>\n" +
		"~ init term capacity length fft b power speed toll type ;\nW_J1 T_X 100 1 1 0.15 4 0 0 1 ;\n")}
	m["c/transportation/transpo_node.tntp"] = &fstest.MapFile{Data: []byte("Node X Y ;\nW_J1 0 0 ;\nT_X 1 1 ;\n")}
	_, err = Import(m, "c", Options{})
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "c", pe.File)
	var be *network.BuildError
	require.ErrorAs(t, err, &be)
	require.ErrorIs(t, err, network.ErrDuplicateID)
	assert.Contains(t, err.Error(), `component "W_J1": duplicate ID: in c/water/water_med.inp and in c/transportation/transpo_net.tntp`)
}

// FuzzDependencies feeds dependencies.csv variants against the Micropolis
// water and power systems: every error is a ParseError naming the file and
// a line, wrapping a sentinel, and an unknown or empty ID names its column;
// every result couples what the package documentation says.
func FuzzDependencies(f *testing.F) {
	f.Add([]byte(parsetest.ReadFile(f, micropolis+"/dependencies.csv")))
	for _, s := range []string{"water_id,power_id\nW_R1,P_EG1\n", "power_id,water_id,x\nP_LOMP2,W_WP3,1\n", "water_id,power_id\n\"W_WP1\",\"P_MP1\n",
		"\ufeffwater_id,power_id\r\nW_WP1:pump,P_MP1\r\n", "water_id,power_id\nW_J1,P_B1\n", "a,b\n"} {
		f.Add([]byte(s))
	}
	water, power := systems(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		reqs, err := dependencies(fstest.MapFS{"d.csv": {Data: data}}, "d.csv", water, power, &Options{})
		if err != nil {
			var pe *network.ParseError
			if !errors.As(err, &pe) || pe.File != "d.csv" || pe.Line < 1 {
				t.Fatalf("error %#v", err)
			}
			if (errors.Is(err, network.ErrUnknownID) || errors.Is(err, network.ErrEmptyID)) && pe.Field != colWater && pe.Field != colPower {
				t.Fatalf("error %v names field %q", err, pe.Field)
			}
			for _, s := range []error{network.ErrSyntax, network.ErrEmptyID, network.ErrUnknownID, network.ErrInvalid} {
				if errors.Is(err, s) {
					return
				}
			}
			t.Fatalf("error %v wraps no sentinel", err)
		}
		kind := func(id string) network.Kind {
			for _, n := range []*network.Network{water, power} {
				if i, ok := n.ComponentIndex(id); ok {
					return n.ComponentKind(i)
				}
			}
			t.Fatalf("requirement names %q, no component", id)
			return ""
		}
		for _, q := range reqs {
			if len(q.Providers) != 1 {
				t.Fatalf("requirement %+v", q)
			}
			dk, pk := kind(q.Dependent), kind(q.Providers[0])
			if !(dk == network.KindPump && (pk == network.KindMotor || pk == network.KindLoad)) && !(dk == network.KindGenerator && pk == network.KindReservoir) {
				t.Fatalf("requirement %+v couples %s with %s", q, dk, pk)
			}
		}
	})
}

// systems imports the Micropolis water and power systems as Import does.
func systems(tb testing.TB) (water, power *network.Network) {
	tb.Helper()
	fsys := os.DirFS(micropolis)
	water, err := epanet.Import(fsys, "water/water_med.inp", epanet.Options{CRS: network.Local})
	if err != nil {
		tb.Fatal(err)
	}
	power, err = pandapower.Import(fsys, "power/micropolis_power.json", pandapower.Options{CRS: network.Local, Loads: true})
	if err != nil {
		tb.Fatal(err)
	}
	return water, power
}
