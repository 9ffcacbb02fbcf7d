package report

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Summary is what a run did, at a glance: the one home of the figures the
// command line prints and writes as summary.txt and summary.json. Times are
// integer nanoseconds (the _ns fields) with hours beside them.
type Summary struct {
	Scenario     string   `json:"scenario"`
	Network      string   `json:"network"`
	Components   int      `json:"components"`
	Links        int      `json:"links"`
	Requirements int      `json:"requirements"`
	Hazards      []string `json:"hazards"`
	// Replications summarised; the figures below are those of replication
	// 0, Ensemble those over all of them.
	Replications int      `json:"replications"`
	Complete     bool     `json:"complete"`
	EndNS        sim.Time `json:"end_ns"`
	EndHours     float64  `json:"end_h"`
	// Direct and Induced losses (cascade.Result); Amplification is
	// (Direct + Induced) ÷ Direct, 0 when nothing failed directly.
	Direct        int     `json:"direct"`
	Induced       int     `json:"induced"`
	Amplification float64 `json:"amplification"`
	Changes       int     `json:"changes"`
	// GlanceNS are the instants at which Sectors and Access give service.
	// Access lists the sectors whose model judges access to critical
	// facilities and that have some to reach (a city without hospitals has
	// no access row).
	GlanceNS []sim.Time      `json:"glance_ns"`
	Sectors  []SectorSummary `json:"sectors"`
	Access   []AccessSummary `json:"access,omitempty"`
	Critical []CriticalGroup `json:"critical"`
	Chains   []ChainSummary  `json:"chains"`
	// Response is what the crews and units did, nil when the run recorded
	// no activities.
	Response *ResponseSummary `json:"response,omitempty"`
	Ensemble *EnsembleSummary `json:"ensemble,omitempty"`
	Warnings []string         `json:"warnings,omitempty"`
}

// SectorSummary is one sector's service and outages.
type SectorSummary struct {
	Sector string `json:"sector"`
	// Weight is "demand" (Q weighted by demand), "population" for a
	// sector without demand, or "members" (the share of members
	// delivering) for a sector with neither.
	Weight string `json:"weight"`
	// Q is the service fraction at each glance instant.
	Q []float64 `json:"q"`
	// MinQ is the lowest service fraction of the run, first reached at
	// MinAtNS.
	MinQ    float64  `json:"min_q"`
	MinAtNS sim.Time `json:"min_at_ns"`
	EndQ    float64  `json:"end_q"`
	// Members is the sector's number of components; Failed how many of
	// them stopped delivering at least once; DownAtEnd how many do not
	// deliver at the end.
	Members   int `json:"members"`
	Failed    int `json:"failed"`
	DownAtEnd int `json:"down_at_end"`
}

// AccessSummary is a sector's access to critical facilities (roads): the
// share of population that reaches one, at each glance instant.
type AccessSummary struct {
	Sector string    `json:"sector"`
	Q      []float64 `json:"q"`
}

// CriticalGroup is the critical facilities of one kind: how many lost
// service, and the longest total outage among them.
type CriticalGroup struct {
	Kind        string   `json:"kind"`
	Count       int      `json:"count"`
	LostService int      `json:"lost_service"`
	DownAtEnd   int      `json:"down_at_end"`
	Longest     string   `json:"longest_id,omitempty"`
	LongestNS   sim.Time `json:"longest_ns"`
}

// ChainSummary is one of the longest disaster chains: the provenance of an
// outage back to its first cause, effect first. The first cause is most
// often a hazard's impact, but can be anything the engine records as a
// root: a repair that overloads a line, a reclose, a crew's or a unit's
// work ending.
type ChainSummary struct {
	Entity string   `json:"entity"`
	AtNS   sim.Time `json:"at_ns"`
	Length int      `json:"length"`
	Text   []string `json:"text"`
}

// ResponseSummary is the crews' and units' work (cascade.Result.Activities)
// and when service was fully restored.
type ResponseSummary struct {
	// Teams are the teams by name, in natural order (numbers within names
	// by value, as the Gantt chart's rows: team2 before team10).
	Teams []TeamSummary `json:"teams"`
	// RestoredNS is the time to full restoration: the instant from which
	// every sector serves fully (Q = 1 on the curve the summary shows) to
	// the end of the run; 0 when service never fell, −1 when some sector
	// is still short at the end. Restored says which.
	RestoredNS    sim.Time `json:"restored_ns"`
	RestoredHours float64  `json:"restored_h"`
	Restored      bool     `json:"restored"`
}

// TeamSummary is one team's time, summed over its members (actors
// NAME-1, NAME-2, …), in each kind of activity: travel, idle, and the
// team's work on site (repair, generate, substitute, refuel). Spells are
// cut at the end of the run; a job counts as done when its work ended by
// then.
type TeamSummary struct {
	Team    string `json:"team"`
	Members int    `json:"members"`
	// Work is the kind of the team's work on site ("" when it did none).
	Work        string   `json:"work"`
	Jobs        int      `json:"jobs"`
	TravelNS    sim.Time `json:"travel_ns"`
	OnSiteNS    sim.Time `json:"on_site_ns"`
	IdleNS      sim.Time `json:"idle_ns"`
	TravelHours float64  `json:"travel_h"`
	OnSiteHours float64  `json:"on_site_h"`
	IdleHours   float64  `json:"idle_h"`
}

// EnsembleSummary gives the spread of a few figures over replications.
type EnsembleSummary struct {
	Direct  Spread `json:"direct"`
	Induced Spread `json:"induced"`
}

// Spread is the minimum, mean and maximum of a figure over replications.
type Spread struct {
	Min  float64 `json:"min"`
	Mean float64 `json:"mean"`
	Max  float64 `json:"max"`
}

// TopChains is how many chains a Summary lists.
const TopChains = 3

// glance are the instants service is shown at, those up to the end of the
// run, and the end itself.
var glance = []sim.Time{0, sim.Hour, 6 * sim.Hour, sim.Day, 3 * sim.Day, 7 * sim.Day}

// Summarize summarises the results of a scenario's replications (at least
// one): the first in detail, the spread of direct and induced losses over
// all. Cost: O(components + links + changes) plus the chains' lengths.
// It panics with a "report:" message when results is empty.
func Summarize(scenario string, hazards []string, results []*cascade.Result) *Summary {
	if len(results) == 0 {
		panic("report: Summarize needs a result")
	}
	res := results[0]
	net := res.Network
	s := &Summary{Scenario: scenario, Network: net.Name(), Components: net.NumComponents(), Links: net.NumLinks(),
		Requirements: net.NumRequirements(), Hazards: slices.Clone(hazards), Replications: len(results),
		Complete: res.Complete, EndNS: res.End, EndHours: res.End.Hours(), Direct: res.Direct, Induced: res.Induced,
		Changes: len(res.Changes), Warnings: slices.Clone(res.Warnings)}
	if res.Direct > 0 {
		s.Amplification = res.Amplification()
	}
	for _, t := range glance {
		if t < res.End {
			s.GlanceNS = append(s.GlanceNS, t)
		}
	}
	s.GlanceNS = append(s.GlanceNS, res.End)
	restored := s.sectors(res)
	for _, a := range res.Access {
		if len(a.Facilities) == 0 {
			// No hospital to reach: a share of 1 would say nothing.
			continue
		}
		as := AccessSummary{Sector: string(a.Sector)}
		for _, t := range s.GlanceNS {
			p := a.At(t)
			as.Q = append(as.Q, ratio(p.Reached, p.Total))
		}
		s.Access = append(s.Access, as)
	}
	s.critical(res)
	s.Chains = chains(res, TopChains)
	s.response(res, restored)
	if len(results) > 1 {
		var d, in []float64
		for _, r := range results {
			d, in = append(d, float64(r.Direct)), append(in, float64(r.Induced))
		}
		s.Ensemble = &EnsembleSummary{Direct: spread(d), Induced: spread(in)}
	}
	return s
}

// response fills the response summary from the activities, with the time
// to full restoration found by sectors.
func (s *Summary) response(res *cascade.Result, restored sim.Time) {
	if len(res.Activities) == 0 {
		return
	}
	r := &ResponseSummary{RestoredNS: restored, Restored: restored >= 0}
	if r.Restored {
		r.RestoredHours = r.RestoredNS.Hours()
	}
	teams := map[string]*TeamSummary{}
	members := map[string]bool{}
	for _, a := range res.Activities {
		name := a.Actor
		if k := strings.LastIndexByte(name, '-'); k > 0 {
			name = name[:k]
		}
		t := teams[name]
		if t == nil {
			t = &TeamSummary{Team: name}
			teams[name] = t
		}
		if !members[a.Actor] {
			members[a.Actor] = true
			t.Members++
		}
		d := max(min(a.End, res.End)-a.Start, 0)
		switch a.Kind {
		case "travel":
			t.TravelNS += d
		case "idle":
			t.IdleNS += d
		default:
			t.Work = a.Kind
			t.OnSiteNS += d
			if a.End <= res.End {
				t.Jobs++
			}
		}
	}
	for _, t := range teams {
		t.TravelHours, t.OnSiteHours, t.IdleHours = t.TravelNS.Hours(), t.OnSiteNS.Hours(), t.IdleNS.Hours()
		r.Teams = append(r.Teams, *t)
	}
	slices.SortFunc(r.Teams, func(a, b TeamSummary) int { return naturalCompare(a.Team, b.Team) })
	s.Response = r
}

// sectors fills the sector summaries and returns the instant from which
// every sector serves fully, −1 when one does not at the end.
func (s *Summary) sectors(res *cascade.Result) (restored sim.Time) {
	net := res.Network
	for k := range res.Series {
		ser := &res.Series[k]
		q, weight := ser.Q, "demand"
		var steps []sim.Time
		for _, p := range ser.Points {
			steps = append(steps, p.Time)
		}
		si, inNet := net.SectorIndexOf(ser.Sector)
		switch {
		case ser.TotalDemand != 0:
		case ser.TotalPopulation != 0:
			q, weight = ser.QPopulation, "population"
		case inNet:
			// Neither demand nor people (a research network): the share
			// of members delivering.
			q, steps = memberShare(res, net.SectorMembers(si))
			weight = "members"
		}
		ss := SectorSummary{Sector: string(ser.Sector), Weight: weight, MinQ: math.Inf(1), EndQ: q(res.End)}
		for _, t := range s.GlanceNS {
			ss.Q = append(ss.Q, q(t))
		}
		full := sim.Time(0) // the first step from which q stays at 1
		for _, t := range append(steps, res.End) {
			if t > res.End {
				break
			}
			v := q(t)
			if v < ss.MinQ {
				ss.MinQ, ss.MinAtNS = v, t
			}
			switch {
			case v < 1:
				full = -1
			case full < 0:
				full = t
			}
		}
		if full < 0 || restored < 0 {
			restored = -1
		} else {
			restored = max(restored, full)
		}
		if inNet {
			for _, i := range net.SectorMembers(si) {
				ss.Members++
				if res.OutageOf(i).Count > 0 {
					ss.Failed++
				}
				if !res.Delivering(i) {
					ss.DownAtEnd++
				}
			}
		}
		s.Sectors = append(s.Sectors, ss)
	}
	return restored
}

// memberShare returns the share of members delivering at each instant, a
// step function, from the outages of the change log (or, with the log
// off, from who delivers at the end), and the instants at which it
// steps, from 0. O(members + their outages · log).
func memberShare(res *cascade.Result, members []int32) (func(sim.Time) float64, []sim.Time) {
	type step struct {
		t sim.Time
		d int
	}
	var steps []step
	downAtEnd := 0
	logged := false
	for _, i := range members {
		out := res.Outages(i)
		logged = logged || out != nil
		for _, o := range out {
			steps = append(steps, step{o[0], -1})
			if o[1] >= 0 {
				steps = append(steps, step{o[1], +1})
			}
		}
		if !res.Delivering(i) {
			downAtEnd++
		}
	}
	n := float64(len(members))
	if n == 0 {
		return func(sim.Time) float64 { return 1 }, nil
	}
	if !logged && downAtEnd > 0 {
		end := 1 - float64(downAtEnd)/n
		return func(sim.Time) float64 { return end }, nil
	}
	slices.SortFunc(steps, func(a, b step) int { return cmp.Compare(a.t, b.t) })
	times, up := []sim.Time{0}, []int{len(members)}
	cur := len(members)
	for k, st := range steps {
		cur += st.d
		if k+1 < len(steps) && steps[k+1].t == st.t {
			continue
		}
		if st.t == times[len(times)-1] { // an outage from 0
			up[len(up)-1] = cur
			continue
		}
		times, up = append(times, st.t), append(up, cur)
	}
	return func(t sim.Time) float64 {
		k, found := slices.BinarySearch(times, t)
		if found {
			k++
		}
		return float64(up[max(k, 1)-1]) / n
	}, times
}

// critical fills the critical facility groups, by kind.
func (s *Summary) critical(res *cascade.Result) {
	net := res.Network
	byKind := map[network.Kind]*CriticalGroup{}
	for i := range net.Components() {
		if !net.Critical(i) {
			continue
		}
		k := net.ComponentKind(i)
		g := byKind[k]
		if g == nil {
			g = &CriticalGroup{Kind: string(k)}
			byKind[k] = g
		}
		g.Count++
		o := res.OutageOf(i)
		if o.Count > 0 {
			g.LostService++
		}
		if !res.Delivering(i) {
			g.DownAtEnd++
		}
		if o.Total > g.LongestNS {
			g.LongestNS, g.Longest = o.Total, net.ComponentID(i)
		}
	}
	for _, g := range byKind {
		s.Critical = append(s.Critical, *g)
	}
	slices.SortFunc(s.Critical, func(a, b CriticalGroup) int { return cmp.Compare(a.Kind, b.Kind) })
}

// chains returns the n longest chains behind outages of distinct
// components with distinct roots (longest first; ties to the earlier
// change), so that each tells another story; chains rooted in the initial
// state (down before any event) are left out. A cause's depth
// is one more than its parent's; parents come before their children in
// Result.Causes, so one pass computes every depth.
func chains(res *cascade.Result, n int) []ChainSummary {
	depth := make([]int32, len(res.Causes))
	for i, c := range res.Causes {
		depth[i] = 1
		if c.Parent >= 0 && int(c.Parent) < i {
			depth[i] = depth[c.Parent] + 1
		}
	}
	type cand struct {
		k     int
		depth int32
	}
	var cs []cand
	for k := range res.Changes {
		ch := &res.Changes[k]
		if ch.Link || !ch.Down() {
			continue
		}
		cs = append(cs, cand{k, depth[ch.Cause]})
	}
	slices.SortStableFunc(cs, func(a, b cand) int { return cmp.Compare(b.depth, a.depth) })
	var out []ChainSummary
	seen := map[int32]bool{}
	roots := map[int32]bool{}
	for _, c := range cs {
		if len(out) == n {
			break
		}
		ch := &res.Changes[c.k]
		if seen[ch.Entity] {
			continue
		}
		seen[ch.Entity] = true
		chain, ok := res.Explain(ch.Entity, ch.Time)
		if !ok {
			continue
		}
		root := chain.Causes[len(chain.Causes)-1].ID
		if roots[root] || chain.Causes[len(chain.Causes)-1].Mechanism == cascade.Initial {
			// One story per root; and an outage of the initial state (a
			// node outside the giant cluster from the start) is no
			// disaster chain.
			continue
		}
		roots[root] = true
		out = append(out, ChainSummary{Entity: res.Network.ComponentID(ch.Entity), AtNS: ch.Time,
			Length: len(chain.Causes), Text: strings.Split(strings.TrimRight(chain.String(), "\n"), "\n")})
	}
	return out
}

func ratio(a, b int64) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func spread(x []float64) Spread {
	s := Spread{Min: slices.Min(x), Max: slices.Max(x)}
	for _, v := range x {
		s.Mean += v
	}
	s.Mean /= float64(len(x))
	return s
}

// WriteText prints the summary for people: what failed, service at a
// glance per sector, critical facilities, outage counts, the top chains.
func (s *Summary) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	ew.printf("%s on %s: %d components, %d links, %d requirements\n", s.Scenario, cmp.Or(s.Network, "an unnamed network"), s.Components, s.Links, s.Requirements)
	status := "complete"
	if !s.Complete {
		status = "stopped early"
	}
	ew.printf("hazards: %s; ran to %v (%s)", cmp.Or(strings.Join(s.Hazards, ", "), "none"), s.EndNS, status)
	if s.Replications > 1 {
		ew.printf("; replication 1 of %d shown", s.Replications)
	}
	switch {
	case s.Direct == 0 && s.Induced == 0 && s.Changes == 0:
		ew.printf("\n\nwhat failed: nothing (no component or link changed state)\n")
	case s.Direct == 0:
		// Nothing to amplify: the hazards changed demand, ratings or
		// service rather than damaging anything.
		ew.printf("\n\nwhat failed: nothing directly (the hazards changed demand, ratings or service), %d components and links through the chain, %d changes\n",
			s.Induced, s.Changes)
	default:
		ew.printf("\n\nwhat failed: %d components and links directly, %d more through the chain (amplification %.2f), %d changes\n",
			s.Direct, s.Induced, s.Amplification, s.Changes)
	}
	if e := s.Ensemble; e != nil {
		ew.printf("over %d replications: direct %.0f–%.0f (mean %.1f), induced %.0f–%.0f (mean %.1f)\n", s.Replications,
			e.Direct.Min, e.Direct.Max, e.Direct.Mean, e.Induced.Min, e.Induced.Max, e.Induced.Mean)
	}
	ew.printf("\nservice at a glance (share served)\n%-11s", "")
	for _, t := range s.GlanceNS {
		ew.printf(" %7v", t)
	}
	ew.printf("   lowest (at)\n")
	for _, ss := range s.Sectors {
		ew.printf("%-11s", ss.Sector)
		for _, q := range ss.Q {
			ew.printf(" %7.3f", q)
		}
		ew.printf("   %.3f (%v)  by %s\n", ss.MinQ, minute(ss.MinAtNS), ss.Weight)
	}
	for _, a := range s.Access {
		ew.printf("%-11s", "access")
		for _, q := range a.Q {
			ew.printf(" %7.3f", q)
		}
		ew.printf("   share of people reaching a hospital by %s\n", a.Sector)
	}
	ew.printf("\noutages (components that stopped delivering at least once / down at the end / members)\n")
	for _, ss := range s.Sectors {
		ew.printf("  %-11s %6d / %d / %d\n", ss.Sector, ss.Failed, ss.DownAtEnd, ss.Members)
	}
	if len(s.Critical) > 0 {
		ew.printf("\ncritical facilities\n")
		for _, g := range s.Critical {
			ew.printf("  %-10s %d of %d lost service, %d down at the end", g.Kind, g.LostService, g.Count, g.DownAtEnd)
			if g.Longest != "" {
				ew.printf("; longest outage %v (%s)", minute(g.LongestNS), g.Longest)
			}
			ew.printf("\n")
		}
	}
	if r := s.Response; r != nil {
		ew.printf("\ncrews and units (hours summed over members: travel / on site / idle; jobs done)\n")
		for _, t := range r.Teams {
			ew.printf("  %-11s %3d  %9.1f / %9.1f / %9.1f  %d %s\n", t.Team, t.Members, t.TravelHours, t.OnSiteHours, t.IdleHours, t.Jobs, cmp.Or(t.Work, "jobs"))
		}
		if r.Restored {
			ew.printf("full service restored at %v\n", minute(r.RestoredNS))
		} else {
			ew.printf("full service not restored by the end of the run\n")
		}
	}
	if len(s.Chains) > 0 {
		ew.printf("\nlongest chains (effect first, back to the first cause)\n")
		for k, c := range s.Chains {
			steps := "steps"
			if c.Length == 1 {
				steps = "step"
			}
			ew.printf("%d. %s down at %v, %d %s\n", k+1, c.Entity, roundTo(c.AtNS, sim.Second), c.Length, steps)
			for _, line := range c.Text {
				ew.printf("   %s\n", line)
			}
		}
	}
	for _, warn := range s.Warnings {
		ew.printf("warning: %s\n", warn)
	}
	return ew.err
}

// minute rounds t to the minute for people (JSON keeps nanoseconds).
func minute(t sim.Time) sim.Time { return roundTo(t, sim.Minute) }

// roundTo rounds t ≥ 0 to a multiple of unit (MaxTime and times within a
// unit of it stay as they are).
func roundTo(t, unit sim.Time) sim.Time {
	if t >= sim.MaxTime-unit {
		return t
	}
	return (t + unit/2) / unit * unit
}

// errWriter keeps the first write error.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
