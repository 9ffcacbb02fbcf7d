package response_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/response"
	"github.com/lifeline-sim/lifeline/sim"
)

// TestBackupAtTime, by hand: S fails for good at 1 h and the hospital X
// (no battery) goes down; the script switches X to its generator at 2 h
// for 3 h: X is down 1 h → 2 h and again from 5 h.
func TestBackupAtTime(t *testing.T) {
	n := siteNet(t, "health", network.KindHospital, 0)
	plan := response.Plan{Script: []response.Action{{Name: "generator", At: 2 * sim.Hour, Do: response.Backup{Facility: "X", For: 3 * sim.Hour}}}}
	res := runFor(t, n, plan, 0, damage(sim.Hour, 0)...)
	require.Equal(t, [][2]sim.Time{{hm(1, 0), hm(2, 0)}, {hm(5, 0), -1}}, res.Outages(1))
}

// TestBackupWhen, by hand: the same switch, done when X stops delivering
// (watched from time 0). The condition is judged once the instant has
// settled, so X's loss at 1 h is recorded and the generator brings it back
// in the same instant: outages [1 h, 1 h] and from 4 h.
func TestBackupWhen(t *testing.T) {
	n := siteNet(t, "health", network.KindHospital, 0)
	plan := response.Plan{Script: []response.Action{{
		Name: "generator when dark",
		When: func(_ sim.Time, v network.View) bool { return !v.Delivering(1) },
		Do:   response.Backup{Facility: "X", For: 3 * sim.Hour},
	}}}
	res := runFor(t, n, plan, 0, damage(sim.Hour, 0)...)
	require.Equal(t, [][2]sim.Time{{hm(1, 0), hm(1, 0)}, {hm(4, 0), -1}}, res.Outages(1))
}

// TestPreposition, by hand (twoSites): the crew is sent to B at 30 min and
// arrives at 55 min (25 min via A); pA is damaged at 1 h; from B it takes
// 15 min to reach A, so pA is up at 1h15 + 2 h = 3h15, against 3h10 from
// the depot.
func TestPreposition(t *testing.T) {
	n := twoSites(t)
	plan := oneCrew(nil)
	plan.Script = []response.Action{{At: 30 * sim.Minute, Do: response.Preposition{Team: "crew", At: "B"}}}
	res := run(t, n, plan, damage(sim.Hour, 1)...)
	require.Equal(t, [][2]sim.Time{{hm(1, 0), hm(3, 15)}}, res.Outages(1))
	b, _ := n.ComponentIndex("B")
	require.Contains(t, res.Activities, cascadeActivity("crew-1", response.KindTravel, b, hm(0, 30), hm(0, 55)))
}

// TestShedAndIsolate: at 2 h the script sheds half the power demand of
// zone Z and isolates zone Z's water; a condition at 3 h reads the
// demand factors back from the live state. Zone Z holds c1 and the
// junction w1; c2 and w0 lie outside, so only c1's factor changes and
// only the pipe w0–w1 crosses the boundary (w1–w2 lies inside Z).
func TestShedAndIsolate(t *testing.T) {
	b := network.NewBuilder()
	for _, c := range []network.Component{
		{ID: "g", Sector: network.Power, Role: network.RoleSource},
		{ID: "c1", Sector: network.Power, Role: network.RoleConsumer, Demand: 2, Zone: "Z"},
		{ID: "c2", Sector: network.Power, Role: network.RoleConsumer, Demand: 2, Zone: "Y"},
		{ID: "w0", Sector: network.Water, Role: network.RoleSource, Zone: "Y"},
		{ID: "w1", Sector: network.Water, Role: network.RoleConsumer, Zone: "Z"},
		{ID: "w2", Sector: network.Water, Role: network.RoleConsumer, Zone: "Z"},
	} {
		b.AddComponent(c)
	}
	for _, l := range []network.Link{{ID: "g1", From: "g", To: "c1"}, {ID: "g2", From: "g", To: "c2"},
		{ID: "p01", From: "w0", To: "w1", Kind: network.KindPipe}, {ID: "p12", From: "w1", To: "w2", Kind: network.KindPipe}} {
		b.AddLink(l)
	}
	n, err := b.Build()
	require.NoError(t, err)
	var got [2]float64
	plan := response.Plan{Script: []response.Action{
		{At: 2 * sim.Hour, Do: response.ShedLoad{Zone: "Z", Sector: network.Power, Factor: 0.5}},
		{At: 2 * sim.Hour, Do: response.Isolate{Zone: "Z", Sector: network.Water}},
		{At: 3 * sim.Hour, When: func(_ sim.Time, v network.View) bool {
			got = [2]float64{v.DemandFactor(1), v.DemandFactor(2)}
			return true
		}, Do: response.EffectFunc(func(*response.Act) {})},
	}}
	res := runFor(t, n, plan, 0)
	require.Equal(t, [2]float64{0.5, 1}, got)
	p01, _ := n.LinkIndex("p01")
	p12, _ := n.LinkIndex("p12")
	require.Equal(t, [][2]sim.Time{{2 * sim.Hour, -1}}, res.LinkOutages(p01))
	require.Empty(t, res.LinkOutages(p12))
	// w1 and w2 are cut from the source w0.
	require.False(t, res.Delivering(4))
	require.False(t, res.Delivering(5))
}

// TestPlanErrors: configuration the responder cannot use is an error at
// construction, wrapping ErrPlan.
func TestPlanErrors(t *testing.T) {
	n := twoSites(t)
	for name, p := range map[string]response.Plan{
		"no name":           {Teams: []response.Team{{Sector: network.Power, Count: 1, Depot: "D"}}},
		"twice":             {Teams: []response.Team{{Name: "a", Sector: network.Power, Count: 1, Depot: "D"}, {Name: "a", Sector: network.Power, Count: 1, Depot: "D"}}},
		"no count":          {Teams: []response.Team{{Name: "a", Sector: network.Power, Depot: "D"}}},
		"repair no sector":  {Teams: []response.Team{{Name: "a", Count: 1, Depot: "D"}}},
		"unknown sector":    {Teams: []response.Team{{Name: "a", Sector: "gas", Count: 1, Depot: "D"}}},
		"unknown depot":     {Teams: []response.Team{{Name: "a", Sector: network.Power, Count: 1, Depot: "nowhere"}}},
		"no depot":          {Teams: []response.Team{{Name: "a", Sector: network.Power, Count: 1}}},
		"cow no kinds":      {Teams: []response.Team{{Name: "a", Work: response.Substitute, Count: 1, Depot: "D"}}},
		"fraction":          {Teams: []response.Team{{Name: "a", Work: response.Substitute, Kinds: []network.Kind{"x"}, Fraction: 2, Count: 1, Depot: "D"}}},
		"no fuel":           {Teams: []response.Team{{Name: "a", Work: response.Generate, Count: 1, Depot: "D"}}},
		"empty action":      {Script: []response.Action{{Name: "x"}}},
		"negative action":   {Script: []response.Action{{At: -1, Do: response.EffectFunc(func(*response.Act) {})}}},
		"unknown zone":      {Script: []response.Action{{Do: response.ShedLoad{Zone: "Q", Sector: network.Power}}}},
		"unknown facility":  {Script: []response.Action{{Do: response.Backup{Facility: "Q"}}}},
		"no power req":      {Script: []response.Action{{Do: response.Backup{Facility: "pA"}}}},
		"unknown team":      {Script: []response.Action{{Do: response.Preposition{Team: "Q", At: "A"}}}},
		"unknown place":     {Script: []response.Action{{Do: response.Preposition{Team: "Q", At: "nowhere"}}}},
		"negative repair":   {Repair: response.Fixed(-1)},
		"bad floor":         {Repair: response.Normal{Floor: 2}},
		"negative mean":     {Repair: response.Normal{Means: [5]sim.Time{-1}}},
		"negative autonomy": {Teams: []response.Team{{Name: "a", Work: response.Generate, Autonomy: -sim.Hour, Count: 1, Depot: "D"}}},
		"negative on site":  {Teams: []response.Team{{Name: "a", Work: response.Refuel, OnSite: -1, Count: 1, Depot: "D"}}},
		"nil policy func":   {Policy: response.PolicyFunc(nil)},
		"nil rerouting":     {Policy: response.Rerouting{}},
		"nil team policy":   {Teams: []response.Team{{Name: "a", Sector: network.Power, Count: 1, Depot: "D", Policy: response.PolicyFunc(nil)}}},
		"nil effect func":   {Script: []response.Action{{Do: response.EffectFunc(nil)}}},
		"nil table":         {Repair: response.ByClass{}},
		"nil library":       {Repair: response.ByClass{Table: (*fragility.Library)(nil)}},
		"nil fallback lib":  {Repair: response.ByClass{Table: fragility.Hazus(), Fallback: response.ByClass{Table: (*fragility.Library)(nil)}}},
	} {
		_, err := response.New(n, p)
		require.Error(t, err, name)
		require.True(t, errors.Is(err, response.ErrPlan), "%s: %v", name, err)
	}
	_, err := response.New(n, oneCrew(nil))
	require.NoError(t, err)
}

// TestTeamFitsNothing: a team whose sector, kinds and work fit no
// component or link of the network would never work; New refuses it,
// naming the team. twoSites has power substations and lines, roads and
// intersections, and no requirement at all.
func TestTeamFitsNothing(t *testing.T) {
	n := twoSites(t)
	for name, tm := range map[string]response.Team{
		"repair kind":     {Sector: network.Power, Kinds: []network.Kind{network.KindPipe}},
		"kind of another": {Sector: network.Transport, Kinds: []network.Kind{network.KindSubstation}},
		"cells on wheels": {Work: response.Substitute, Kinds: []network.Kind{network.KindCellTower}},
		"generator":       {Work: response.Generate, Autonomy: sim.Hour},
		"fuel truck":      {Work: response.Refuel},
	} {
		tm.Name, tm.Count, tm.Depot = "idle-"+strings.ReplaceAll(name, " ", "-"), 1, "D"
		_, err := response.New(n, response.Plan{Teams: []response.Team{tm}})
		require.ErrorIs(t, err, response.ErrPlan, name)
		require.ErrorContains(t, err, strconv.Quote(tm.Name), name)
	}
	// The same teams with a kind the city has are fine: a line crew, a
	// road crew, substation stand-ins.
	for _, tm := range []response.Team{
		{Name: "lines", Sector: network.Power, Kinds: []network.Kind{network.KindLine}},
		{Name: "roads", Sector: network.Transport, Kinds: []network.Kind{network.KindIntersection}},
		{Name: "cow", Work: response.Substitute, Kinds: []network.Kind{network.KindSubstation}},
	} {
		tm.Count, tm.Depot = 1, "D"
		_, err := response.New(n, response.Plan{Teams: []response.Team{tm}})
		require.NoError(t, err, tm.Name)
	}
}

// TestBadPolicyPanics: a policy that returns a job that is not pending
// for its team panics with a "response:" message.
func TestBadPolicyPanics(t *testing.T) {
	n := twoSites(t)
	bad := response.PolicyFunc(func(*response.Decision) (response.Job, bool) { return response.Job{ID: 99}, true })
	require.PanicsWithValue(t, `response: policy response.PolicyFunc of team "crew" chose job {ID:99 Work:repair Entity:0 Link:false Since:0s}, which is not pending for the team`,
		func() { run(t, n, oneCrew(bad), damage(sim.Hour, 1)...) })
}
