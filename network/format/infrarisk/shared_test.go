package infrarisk

import (
	"math"
	"os"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/internal/parsetest"
	"github.com/lifeline-sim/lifeline/internal/testenv"
	"github.com/lifeline-sim/lifeline/network"
)

// The shared Micropolis directory reads as the bundled copy does.
func TestImportSharedMicropolis(t *testing.T) {
	dir := testenv.SharedData(t)
	n, err := Import(os.DirFS(dir), "interdependent/infrarisk_micropolis", Options{})
	require.NoError(t, err)
	c, err := Import(os.DirFS(cities), "micropolis", Options{})
	require.NoError(t, err)
	assert.Equal(t, "infrarisk_micropolis", n.Name())
	assert.Equal(t, c.NumComponents(), n.NumComponents())
	assert.Equal(t, c.NumLinks(), n.NumLinks())
	for r := range c.Requirements() {
		assert.Equal(t, c.Requirement(r), n.Requirement(r))
	}
}

// Shelby County in Web Mercator. Counts from the files' sections: water 55
// junctions + 9 reservoirs + 6 tanks + 14 pumps = 84 components, 83 pipes +
// 2 × 14 pump connections = 111 links; power 295 buses + 37 loads + 14
// motors + 8 external grids = 354 components, 73 lines + 45 transformers +
// 191 switches + 59 connections = 368 links; roads 191 nodes and 589 link
// rows. dependencies.csv couples W_WP81–W_WP94 with the motors
// P_MP81–P_MP94, one each.
func TestImportSharedShelby(t *testing.T) {
	dir := testenv.SharedData(t)
	n, err := Import(os.DirFS(dir), "interdependent/infrarisk_shelby", Options{CRS: network.WebMercator})
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

// The in2 toy city's dependencies.csv couples reservoir W_R9 with a
// generator P_G3 that its power file does not have (it has the external
// grid P_EG1 and the motor P_MP1 only): a located error, where InfraRisk
// prints a warning and drops the row.
func TestImportSharedIn2(t *testing.T) {
	dir := testenv.SharedData(t)
	_, err := Import(os.DirFS(dir), "interdependent/infrarisk_in2", Options{})
	parsetest.Check(t, err, "interdependent/infrarisk_in2/dependencies.csv", 3, 6, colPower, network.ErrUnknownID)
}
