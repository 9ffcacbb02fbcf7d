package scenarios

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/lifeline-sim/lifeline/hazard/flood"
	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/hazard/quake"
	"github.com/lifeline-sim/lifeline/hazard/wind"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/response"
)

// Warning is something a scenario file asks for that is valid but can do
// nothing, most likely not what its author meant: a hazard that cannot
// reach the network, a team that never gets a job. Load finds them while
// it builds the scenario (Scenario.Warnings); they never stop a scenario
// from loading or running.
type Warning struct {
	// File, Line and Col place the warning at the key at fault (or its
	// mapping), as a *network.ParseError places an error.
	File      string
	Line, Col int
	// Field is the key's path ("hazards[0]", "response.teams[1]").
	Field string
	// Message says what cannot happen and what to check.
	Message string
}

// String returns the warning as "file:line:col: warning: field: message".
func (w Warning) String() string {
	return fmt.Sprintf("%s:%d:%d: warning: %s: %s", cmp.Or(w.File, "<input>"), w.Line, w.Col, w.Field, w.Message)
}

// Warnings returns what Load found in the scenario's file that is valid
// but can do nothing, in file order: nil for a clean file, and for a
// Scenario filled in by Go code. See the package documentation for the
// checks.
func (s *Scenario) Warnings() []Warning { return slices.Clone(s.warnings) }

// warnf returns a Warning at key of p (the mapping itself when key is
// empty or absent), placed as Errorf places an error.
func (p *Pos) warnf(key, format string, args ...any) Warning {
	pe := p.Errorf(key, nil, "")
	return Warning{File: pe.File, Line: pe.Line, Col: pe.Col, Field: pe.Field, Message: fmt.Sprintf(format, args...)}
}

// sortWarnings puts warnings in file order.
func sortWarnings(ws []Warning) {
	slices.SortStableFunc(ws, func(a, b Warning) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
}

// galeReachKm is the distance from a tropical cyclone's centre beyond
// which a wind hazard's track counts as missing the network (a warning):
// no storm on record has blown gales farther out than Typhoon Tip (1979),
// whose gale-force winds spanned about 2,220 km.
const galeReachKm = 1100

// extent returns the bounding box of the network's component locations
// and link geometries, in its CRS, computed once per build; ok is false
// when nothing has a location.
func (env *buildEnv) extent() (lo, hi network.Point, ok bool) {
	if env.box == nil {
		env.box = &extentBox{}
		net := env.net
		add := func(p network.Point) {
			b := env.box
			if !b.ok {
				b.lo, b.hi, b.ok = p, p, true
				return
			}
			b.lo = network.Point{X: min(b.lo.X, p.X), Y: min(b.lo.Y, p.Y)}
			b.hi = network.Point{X: max(b.hi.X, p.X), Y: max(b.hi.Y, p.Y)}
		}
		for i := range net.Components() {
			if p, ok := net.Location(i); ok {
				add(p)
			}
		}
		for l := range net.Links() {
			for _, p := range net.Geometry(l) {
				add(p)
			}
		}
	}
	return env.box.lo, env.box.hi, env.box.ok
}

// extentBox is a bounding box.
type extentBox struct {
	lo, hi network.Point
	ok     bool
}

// extentWGS84 returns the network's extent in WGS84 longitudes and
// latitudes; ok is false when nothing has a location or the network's CRS
// does not convert exactly (the hazard's run reports that).
func (env *buildEnv) extentWGS84() (lo, hi network.Point, ok bool) {
	lo, hi, ok = env.extent()
	if !ok || env.net.CRS().Geographic() {
		return lo, hi, ok
	}
	to, err := env.net.CRS().ToWGS84()
	if err != nil {
		return lo, hi, false
	}
	// WGS84's longitude grows with x and its latitude with y in the
	// projected CRSs that convert exactly (Web Mercator): the corners map
	// to the corners.
	return to(lo), to(hi), true
}

// warnQuake warns of an earthquake that can damage nothing in the
// network: no located component or link has a fragility class measured in
// what it gives, and no located pipe feels its PGV (quake.Exposed). A
// class the library lacks is left to the run, which reports it.
func (env *buildEnv) warnQuake(p *Pos, e *quake.Earthquake) {
	n, err := e.Exposed(env.net)
	if err != nil || n > 0 {
		return
	}
	var gives []string
	for m := fragility.PGA; m <= fragility.RepairRate; m++ {
		if e.Gives(m) {
			gives = append(gives, m.String())
		}
	}
	env.warnings = append(env.warnings, p.warnf("",
		"the earthquake can damage nothing in network %s: no component or link with a location has a fragility class in a measure it gives (%s), and no pipe has located ends (imported networks carry no classes: give them in the network's files)",
		quote(env.net.Name()), strings.Join(gives, ", ")))
}

// warnFlood warns of a flood whose water lies entirely outside the
// network's extent (flood.Extent), which it therefore never wets.
func (env *buildEnv) warnFlood(p *Pos, f *flood.Flood) {
	wlo, whi, ok := f.Extent()
	if !ok {
		return
	}
	lo, hi, ok := env.extent()
	where := fmt.Sprintf("%v", env.net.CRS())
	if f.WGS84 {
		lo, hi, ok = env.extentWGS84()
		where = "WGS84"
	}
	if !ok || wlo.X <= hi.X && lo.X <= whi.X && wlo.Y <= hi.Y && lo.Y <= whi.Y {
		return
	}
	env.warnings = append(env.warnings, p.warnf("",
		"the flood's water (x %.6g … %.6g, y %.6g … %.6g in %s) lies entirely outside the network's extent (x %.6g … %.6g, y %.6g … %.6g): it wets nothing; check the areas' and grids' coordinates (wgs84: true reads them as lon/lat over a network in metres)",
		wlo.X, whi.X, wlo.Y, whi.Y, where, lo.X, hi.X, lo.Y, hi.Y))
}

// warnWind warns of a storm whose track never comes within galeReachKm
// of the network's extent (wind.Track.Approach).
func (env *buildEnv) warnWind(p *Pos, w *wind.Wind) {
	lo, hi, ok := env.extentWGS84()
	if !ok {
		return
	}
	if d := w.Track.Approach(lo, hi) / 1000; d > galeReachKm {
		env.warnings = append(env.warnings, p.warnf("",
			"the storm's track comes no nearer than %.0f km to the network's extent (lon %.6g … %.6g, lat %.6g … %.6g): no storm on record has blown gales beyond %d km of its centre; check the track's coordinates",
			d, lo.X, hi.X, lo.Y, hi.Y, galeReachKm))
	}
}

// shadowWarnings warns of the teams and units of a response section that
// never get a job (response.Responder.Shadowed): plan's teams are the
// section's teams, then its units, in order.
func (r *ResponseSpec) shadowWarnings(res *response.Responder, plan response.Plan) []Warning {
	var out []Warning
	for _, s := range res.Shadowed() {
		k := slices.IndexFunc(plan.Teams, func(t response.Team) bool { return t.Name == s.Team })
		p := &r.Pos
		switch {
		case k < 0:
		case k < len(r.Teams):
			p = &r.Teams[k].Pos
		default:
			p = &r.Units[k-len(r.Teams)].Pos
		}
		out = append(out, p.warnf("name",
			"team %s never gets a job: everything it can do goes to %s first (a job goes to the first team that fits it): list the narrower team first, or give the teams sectors or kinds that differ",
			quote(s.Team), quoteAll(s.By)))
	}
	return out
}

// quoteAll quotes names and joins them with commas and "and".
func quoteAll(names []string) string {
	q := make([]string, len(names))
	for k, n := range names {
		q[k] = quote(n)
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}
