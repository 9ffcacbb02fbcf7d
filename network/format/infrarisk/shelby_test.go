package infrarisk

import (
	"encoding/json"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/internal/parsetest"
	"github.com/lifeline-sim/lifeline/network"
)

// Shelby County in Web Mercator (the bundled copy, scenarios/cities/shelby). Counts from the files' sections: water 55
// junctions + 9 reservoirs + 6 tanks + 14 pumps = 84 components, 83 pipes +
// 2 × 14 pump connections = 111 links; power 295 buses + 37 loads + 14
// motors + 8 external grids = 354 components, 73 lines + 45 transformers +
// 191 switches + 59 connections = 368 links; roads 191 nodes and 589 link
// rows. dependencies.csv couples W_WP81–W_WP94 with the motors
// P_MP81–P_MP94, one each.
func TestImportShelby(t *testing.T) {
	n, err := Import(os.DirFS(cities), "shelby", Options{CRS: network.WebMercator})
	require.NoError(t, err)
	assert.Equal(t, 3857, n.CRS().Code())
	assert.Equal(t, 84+354+191, n.NumComponents())
	assert.Equal(t, 111+368+589, n.NumLinks())
	require.Equal(t, 14, n.NumRequirements())
	for r := range n.Requirements() {
		q := n.Requirement(r)
		num := q.Dependent[len("W_WP"):]
		assert.Equal(t, network.Requirement{Dependent: "W_WP" + num, Providers: []string{"P_MP" + num}}, q)
		p, _ := n.ComponentIndex(q.Providers[0])
		assert.Equal(t, network.KindMotor, n.ComponentKind(p))
	}
	located := 0
	for i := range n.Components() {
		p, ok := n.Location(i)
		if !ok {
			continue
		}
		located++
		assert.True(t, parsetest.MercatorInShelby(p), "%s at %v", n.ComponentID(i), p)
		if n.SectorName(n.ComponentSector(i)) != network.Transport {
			assert.GreaterOrEqual(t, n.Access(i), int32(0), n.ComponentID(i))
		}
	}
	assert.Greater(t, located, 600)

	// The TNTP lengths are kilometres on the Web Mercator plane, the median
	// link exactly as long as the straight line between its ends there
	// (about 1.22 times the ground). Scaled by cos(latitude), they measure
	// the ground: the median link is as long as the great-circle distance
	// between its ends, which Distance takes after the inverse projection.
	var ratios []float64
	for l := range n.Links() {
		if n.LinkKind(l) != network.KindRoad {
			continue
		}
		a, b := n.Ends(l)
		pa, _ := n.Location(a)
		pb, _ := n.Location(b)
		ratios = append(ratios, n.Length(l)/n.CRS().Distance(pa, pb))
	}
	require.Len(t, ratios, 589)
	slices.Sort(ratios)
	assert.InDelta(t, 1, ratios[len(ratios)/2], 0.01)
	assert.Greater(t, ratios[0], 0.99)
	// Row 1, T_J0 → T_J1: 3.205219669714318 km on the plane, at about
	// 35.1°N, where cos φ ≈ 0.818.
	l, _ := n.LinkIndex("T_row1")
	from, to := n.Ends(l)
	pa, _ := n.Location(from)
	pb, _ := n.Location(to)
	lat := network.MercatorToLonLat(network.Point{X: (pa.X + pb.X) / 2, Y: (pa.Y + pb.Y) / 2}).Y
	assert.InDelta(t, 35.1, lat, 0.1)
	assert.InDelta(t, 3205.219669714318*math.Cos(lat*math.Pi/180), n.Length(l), 1e-9)
	assert.InDelta(t, 0.818, n.Length(l)/3205.219669714318, 0.002)
}

// ppTable is one pandapower DataFrame in "split" orientation, as the power
// file stores it: a JSON string inside the "_object" of its table.
type ppTable struct {
	Columns []string `json:"columns"`
	Index   []int    `json:"index"`
	Data    [][]any  `json:"data"`
}

// num returns the cell of row r in column name as a number.
func (t ppTable) num(r int, name string) float64 {
	return t.Data[r][slices.Index(t.Columns, name)].(float64)
}

// str returns the cell of row r in column name as a string.
func (t ppTable) str(r int, name string) string {
	return t.Data[r][slices.Index(t.Columns, name)].(string)
}

// readPPTables decodes the named tables of a pandapower JSON file.
func readPPTables(t *testing.T, file string, names ...string) map[string]ppTable {
	t.Helper()
	raw, err := os.ReadFile(file)
	require.NoError(t, err)
	var outer struct {
		Object map[string]json.RawMessage `json:"_object"`
	}
	require.NoError(t, json.Unmarshal(raw, &outer))
	out := make(map[string]ppTable, len(names))
	for _, name := range names {
		var df struct {
			Object string `json:"_object"`
		}
		require.NoError(t, json.Unmarshal(outer.Object[name], &df), name)
		var tab ppTable
		require.NoError(t, json.Unmarshal([]byte(df.Object), &tab), name)
		out[name] = tab
	}
	return out
}

// Shelby County's power lines are overloaded in the base case by
// pandapower's own power flow, not by a misread rating. Every line is the
// std_type "shelby_line" (max_i_ka 0.142, df 1, parallel 1) between 23 kV
// buses, so pandapower's rating S = √3 × vn_kv × max_i_ka × df × parallel is
// √3 × 23 × 0.142 ≈ 5.657 MVA for each, which Import keeps as the Rating
// in MW. The file carries pandapower's converged AC result (runpp, the
// solver InfraRisk runs; "converged": true) in res_line: against those
// ratings, 60 of the 73 lines carry more real power than their rating at
// the sending end, P_L51 22.29 MW (3.94 times), P_L5 84.45 MW (14.9 times),
// while the 37 loads draw Σ p_mw = 1003 MW and the eight external grids
// supply 1019.4 MW. pandapower's own loading_percent (current over
// max_i_ka × df × parallel, so reactive power and the 0.96 pu voltages count
// too) is above 100 on 61 lines, P_L51 at 433.5. The counts and flows are
// read from the file's res_line (counted there with a separate Python
// reading of the JSON), not from lifeline's solver.
func TestImportShelbyLineLoading(t *testing.T) {
	n, err := Import(os.DirFS(cities), "shelby", Options{CRS: network.WebMercator, NoAccess: true})
	require.NoError(t, err)
	tabs := readPPTables(t, cities+"/shelby/power/power.json",
		"bus", "line", "res_line", "load", "res_ext_grid")
	bus, line, res := tabs["bus"], tabs["line"], tabs["res_line"]
	require.Equal(t, line.Index, res.Index)
	require.Len(t, line.Data, 73)

	want := math.Sqrt(3) * 23 * 0.142
	assert.InDelta(t, 5.657, want, 5e-4)
	over, overPP := 0, 0
	for r := range line.Data {
		from := slices.Index(bus.Index, int(line.num(r, "from_bus")))
		require.GreaterOrEqual(t, from, 0)
		s := math.Sqrt(3) * bus.num(from, "vn_kv") * line.num(r, "max_i_ka") * line.num(r, "df") * line.num(r, "parallel")
		assert.InDelta(t, want, s, 1e-9, "pandapower rating of %s", line.str(r, "name"))
		l, ok := n.LinkIndex(line.str(r, "name"))
		require.True(t, ok, line.str(r, "name"))
		assert.InDelta(t, s, n.Rating(l), 1e-9, line.str(r, "name"))
		if math.Abs(res.num(r, "p_from_mw")) > n.Rating(l) {
			over++
		}
		if res.num(r, "loading_percent") > 100 {
			overPP++
		}
	}
	assert.Equal(t, 60, over)
	assert.Equal(t, 61, overPP)

	l51 := slices.IndexFunc(line.Data, func(row []any) bool { return row[slices.Index(line.Columns, "name")] == "P_L51" })
	require.GreaterOrEqual(t, l51, 0)
	assert.InDelta(t, 22.29, math.Abs(res.num(l51, "p_from_mw")), 0.005)
	assert.InDelta(t, 3.94, math.Abs(res.num(l51, "p_from_mw"))/want, 0.005)
	assert.InDelta(t, 433.5, res.num(l51, "loading_percent"), 0.05)

	load, eg := tabs["load"], tabs["res_ext_grid"]
	var pd, pg float64
	for r := range load.Data {
		pd += load.num(r, "p_mw") * load.num(r, "scaling")
	}
	for r := range eg.Data {
		pg += eg.num(r, "p_mw")
	}
	assert.InDelta(t, 1003, pd, 1e-9)
	assert.InDelta(t, 1019.4, pg, 0.05)
}
