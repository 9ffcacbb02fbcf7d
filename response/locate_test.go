package response_test

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/response"
	"github.com/lifeline-sim/lifeline/sim"
)

// TestLocatorNearest checks the grid search against a brute-force scan of
// every road node by CRS distance, for sites without an access node, in
// a geographic CRS (near the pole too, where a degree of longitude is
// short), in Web Mercator and in a projected CRS.
func TestLocatorNearest(t *testing.T) {
	for _, tc := range []struct {
		name   string
		crs    network.CRS
		x0, y0 float64
		span   float64
	}{
		{"wgs84", network.WGS84, -90, 35, 0.2},
		{"wgs84-north", network.WGS84, 10, 75, 2},
		{"webmercator", network.WebMercator, -1e7, 4.2e6, 20000},
		{"utm", network.CRS{EPSG: 32616}, 5e5, 4e6, 20000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			b := network.NewBuilder()
			b.SetCRS(tc.crs)
			pt := func() *network.Point {
				return &network.Point{X: tc.x0 + tc.span*rng.Float64(), Y: tc.y0 + tc.span*rng.Float64()}
			}
			for k := range 300 {
				b.AddComponent(network.Component{ID: "r" + strconv.Itoa(k), Sector: network.Transport, Location: pt()})
			}
			for k := range 200 {
				p := pt()
				if k%10 == 0 { // outside the road nodes' box
					p.X += 2 * tc.span
				}
				b.AddComponent(network.Component{ID: "s" + strconv.Itoa(k), Sector: network.Water, Location: p})
			}
			b.AddComponent(network.Component{ID: "nowhere", Sector: network.Water})
			b.AddComponent(network.Component{ID: "gated", Sector: network.Water, Access: "r7", Location: pt()})
			b.AddLink(network.Link{ID: "pipe", From: "s3", To: "s4"})
			n, err := b.Build()
			require.NoError(t, err)
			l := response.NewLocator(n)
			s, _ := n.SectorIndexOf(network.Transport)
			for i := range n.Components() {
				p, located := n.Location(i)
				want := int32(-1)
				switch id := n.ComponentID(i); {
				case n.ComponentSector(i) == s:
					want = i
				case id == "gated":
					want, _ = n.ComponentIndex("r7")
				case located:
					best := -1.0
					for _, r := range n.SectorMembers(s) {
						q, _ := n.Location(r)
						if d := n.CRS().Distance(p, q); best < 0 || d < best {
							want, best = r, d
						}
					}
				}
				require.Equal(t, want, l.Node(i), "%s", n.ComponentID(i))
			}
			s3, _ := n.ComponentIndex("s3")
			require.Equal(t, l.Node(s3), l.LinkNode(n, 0))
		})
	}
}

// TestNormalRepair: Normal draws mean + σ·z from the entity's stream,
// never below Floor × mean; σ = 0 draws nothing and returns the mean; the
// sample mean of many draws is within 4 standard errors of the truncated
// normal's mean (with Floor 0.1 and σ = mean/2 the truncation at z = −1.8
// moves the mean by σ·(φ(1.8) − 1.8·Φ(−1.8)) ≈ 0.0143 σ).
func TestNormalRepair(t *testing.T) {
	m := response.DefaultRepair()
	s := sim.NewStream(1, sim.StreamResponse, 42)
	require.Equal(t, sim.Hour, m.Duration(nil, 0, false, network.DamageNone, &s))
	after := sim.NewStream(1, sim.StreamResponse, 42)
	require.Equal(t, after.Uint64(), s.Uint64(), "σ = 0 drew a number")
	mean := m.Mean(nil, 0, false, network.DamageComplete)
	require.Equal(t, 4*sim.Day, mean)
	const draws = 20000
	var sum float64
	for k := range draws {
		s := sim.NewStream(7, sim.StreamResponse, int64(k))
		d := m.Duration(nil, 0, false, network.DamageComplete, &s)
		require.GreaterOrEqual(t, d, mean/10)
		sum += float64(d)
	}
	sigma := float64(2 * sim.Day)
	want := float64(mean) + 0.0143*sigma
	require.InDelta(t, want, sum/draws, 4*sigma/141) // √20000 ≈ 141
	a, b := sim.NewStream(3, sim.StreamResponse, 5), sim.NewStream(3, sim.StreamResponse, 5)
	require.Equal(t, m.Duration(nil, 0, false, network.DamageModerate, &a), m.Duration(nil, 0, false, network.DamageModerate, &b))
}
