package response_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/response"
	"github.com/lifeline-sim/lifeline/sim"
)

// chainCity is the city of TestCriticalChain. Power (g the only source;
// lines, all in service):
//
//	g — ts — ds        g — dsf
//	g — tsB — ds       g — u
//
// so ds is two hops from g both through ts and through tsB, and ts has
// the lower index. Telecom: the central office co (source) — fiber — fn.
// Requirements: the hospital ho (critical, in a sector without sources)
// needs ds; ts needs fn (its SCADA); fn needs dsf. Roads are a star
// around the depot D (minutes): U 5, A 10, G 15, B 20, C 30, E 40, the
// access nodes of u, ds, g, ts, dsf and tsB, so travel between two sites
// is the sum of their distances to D.
func chainCity(t *testing.T) *network.Network {
	t.Helper()
	b := network.NewBuilder()
	for _, c := range []struct {
		id, access string
		kind       network.Kind
		role       network.Role
	}{
		{"g", "G", network.KindGenerator, network.RoleSource},
		{"ts", "B", network.KindSubstation, 0},
		{"tsB", "E", network.KindSubstation, 0},
		{"ds", "A", network.KindSubstation, 0},
		{"dsf", "C", network.KindSubstation, 0},
		{"u", "U", network.KindSubstation, 0},
	} {
		b.AddComponent(network.Component{ID: c.id, Sector: network.Power, Kind: c.kind, Role: c.role, Access: c.access})
	}
	b.AddComponent(network.Component{ID: "fn", Sector: network.Telecom, Kind: network.KindFiberNode, Access: "D"})
	b.AddComponent(network.Component{ID: "co", Sector: network.Telecom, Kind: network.KindCentralOffice, Role: network.RoleSource, Access: "D"})
	b.AddComponent(network.Component{ID: "ho", Sector: "facilities", Kind: network.KindHospital, Critical: true, Access: "D"})
	for _, l := range [][3]string{{"g-ts", "g", "ts"}, {"ts-ds", "ts", "ds"}, {"tsB-ds", "tsB", "ds"}, {"g-tsB", "g", "tsB"},
		{"g-dsf", "g", "dsf"}, {"g-u", "g", "u"}} {
		b.AddLink(network.Link{ID: l[0], Kind: network.KindLine, From: l[1], To: l[2]})
	}
	b.AddLink(network.Link{ID: "co-fn", Kind: network.KindFiber, From: "co", To: "fn"})
	b.AddRequirement(network.Requirement{Dependent: "ho", Providers: []string{"ds"}})
	b.AddRequirement(network.Requirement{Dependent: "ts", Providers: []string{"fn"}, Kind: network.Cyber})
	b.AddRequirement(network.Requirement{Dependent: "fn", Providers: []string{"dsf"}})
	b.AddComponent(network.Component{ID: "D", Sector: network.Transport, Kind: network.KindIntersection})
	for _, r := range []struct {
		to  string
		min sim.Time
	}{{"U", 5}, {"A", 10}, {"G", 15}, {"B", 20}, {"C", 30}, {"E", 40}} {
		b.AddComponent(network.Component{ID: r.to, Sector: network.Transport, Kind: network.KindIntersection})
		b.AddLink(network.Link{ID: "D" + r.to, Kind: network.KindRoad, From: "D", To: r.to, FreeFlow: r.min * sim.Minute})
	}
	n, err := b.Build()
	require.NoError(t, err)
	return n
}

// TestCriticalChain, by hand on chainCity. The critical sites
// (Decision.Critical) are the closure from ho: its provider ds; ds's
// shortest path to g, of two hops through ts or tsB, goes through ts
// (the lower index) and the lines ts-ds, g-ts; ts brings in its provider
// fn, fn its path co-fn to co and its provider dsf, dsf its path g-dsf.
// Not critical: tsB, u and their lines.
//
// At 1 h the quake damages u, ds, ts, tsB, dsf and the line g-ts (its job
// at g's node G). ho loses ds at once. One crew at D, 2 h per repair:
//
//   - CriticalFirst takes the nearest critical job each time: ds (10 min,
//     up at 3h10), from A the line at G (25 min, 5h35), from G ts
//     (35 min, 8h10), from B dsf (50 min, 11h00), then the nearest of the
//     rest: u (35 min, 13h35), tsB (45 min, 16h20). ho comes back when
//     dsf powers fn, which gives ts its SCADA, which feeds ds: at 11 h.
//   - NearestFirst takes u first (5 min, 3h05), then ds (15 min, 5h20),
//     the line (25 min, 7h45), ts (35 min, 10h20), dsf (50 min, 13h10),
//     tsB (70 min, 16h20): ho is back at 13h10.
//
// Counting only ds (ho's direct provider) as critical would take u right
// after ds (15 min from A, against 25 min to the line).
func TestCriticalChain(t *testing.T) {
	n := chainCity(t)
	id := func(i int32) string { return n.ComponentID(i) }
	gts, _ := n.LinkIndex("g-ts")
	var hits []hazard.Impact
	for _, s := range []string{"u", "ds", "ts", "tsB", "dsf"} {
		i, _ := n.ComponentIndex(s)
		hits = append(hits, damage(sim.Hour, i)...)
	}
	hits = append(hits, hazard.Impact{Time: sim.Hour, Kind: hazard.Damage, Target: gts, Link: true, State: network.DamageComplete})
	ho, _ := n.ComponentIndex("ho")

	critical := map[string]bool{}
	seen := response.PolicyFunc(func(d *response.Decision) (response.Job, bool) {
		for j := range d.Pending() {
			name := id(j.Entity)
			if j.Link {
				name = "line " + n.LinkID(j.Entity)
			}
			critical[name] = d.Critical(j)
		}
		return response.CriticalFirst{}.Choose(d)
	})
	for _, tc := range []struct {
		name   string
		policy response.Policy
		order  []string
		hoBack sim.Time
	}{
		{"critical-first", seen, []string{"ds", "line g-ts", "ts", "dsf", "u", "tsB"}, 11 * sim.Hour},
		{"nearest-first", response.NearestFirst{}, []string{"u", "ds", "line g-ts", "ts", "dsf", "tsB"}, hm(13, 10)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := run(t, n, oneCrew(tc.policy), hits...)
			var order []string
			var last sim.Time
			for _, a := range res.Activities {
				if a.Kind != response.Repair.String() {
					continue
				}
				name := id(a.Target)
				if a.Link {
					name = "line " + n.LinkID(a.Target)
				}
				order, last = append(order, name), a.End
			}
			require.Equal(t, tc.order, order)
			require.Equal(t, hm(16, 20), last, "the last repair ends")
			require.Equal(t, [][2]sim.Time{{sim.Hour, tc.hoBack}}, res.Outages(ho), "outages of ho")
		})
	}
	require.Equal(t, map[string]bool{"u": false, "ds": true, "ts": true, "tsB": false, "dsf": true, "line g-ts": true}, critical)
}

// TestCriticalSitesPaths, by hand: the hospital ho needs ds and z. Power
// (g the only source): g — a — ds; g — b and a directed line ds → b;
// g — ds switched off (out of service); z stands alone. ds is one hop
// from g only over the switched-off line, and two hops through b only
// against the direction of ds → b (b has the lower index), so its path
// is g — a — ds. No source reaches z: it adds no path.
func TestCriticalSitesPaths(t *testing.T) {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "g", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource})
	for _, id := range []string{"b", "a", "ds", "z"} {
		b.AddComponent(network.Component{ID: id, Sector: network.Power, Kind: network.KindSubstation})
	}
	b.AddComponent(network.Component{ID: "ho", Sector: "facilities", Kind: network.KindHospital, Critical: true})
	b.AddLink(network.Link{ID: "g-a", Kind: network.KindLine, From: "g", To: "a"})
	b.AddLink(network.Link{ID: "a-ds", Kind: network.KindLine, From: "a", To: "ds"})
	b.AddLink(network.Link{ID: "g-b", Kind: network.KindLine, From: "g", To: "b"})
	b.AddLink(network.Link{ID: "ds-b", Kind: network.KindLine, From: "ds", To: "b", Directed: true})
	b.AddLink(network.Link{ID: "g-ds", Kind: network.KindLine, From: "g", To: "ds", OutOfService: true})
	b.AddRequirement(network.Requirement{Dependent: "ho", Providers: []string{"ds", "z"}, Logic: network.Any})
	n, err := b.Build()
	require.NoError(t, err)
	comp, link := response.CriticalSites(n)
	got := map[string]bool{}
	for i, c := range comp {
		if c {
			got[n.ComponentID(int32(i))] = true
		}
	}
	for l, c := range link {
		if c {
			got["line "+n.LinkID(int32(l))] = true
		}
	}
	require.Equal(t, map[string]bool{"ho": true, "ds": true, "z": true, "a": true, "g": true, "line a-ds": true, "line g-a": true}, got)
}
