package wind

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

var errInvalid = hazard.ErrInvalid

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// Fix is a point of a storm's track.
type Fix struct {
	// T is the instant, ≥ 0.
	T sim.Time
	// Lon and Lat are the storm centre, WGS84 degrees (|Lat| ≤ 80).
	// Longitudes interpolate linearly, so a track may not cross the
	// antimeridian.
	Lon, Lat float64
	// Pressure is the central pressure in hPa, in (800, AmbientPressure].
	Pressure float64
	// Rmax is the radius of maximum wind in metres; 0 means the
	// Vickery–Wadhera estimate (RmaxVW08).
	Rmax float64
}

// Track is a storm's track: fixes at strictly increasing times, linear in
// time between them (position, pressure and radius alike); the storm
// exists from its first fix to its last.
type Track []Fix

// at returns the storm's state at t (between the first and last fix) and
// its forward velocity (east, north) in m/s over the track segment
// holding t.
func (tr Track) at(t sim.Time) (f Fix, ve, vn float64) {
	k, _ := slices.BinarySearchFunc(tr, t, func(f Fix, t sim.Time) int { return cmp.Compare(f.T, t) })
	if k == 0 {
		k = 1
	}
	if k >= len(tr) {
		k = len(tr) - 1
	}
	a, b := tr[k-1], tr[k]
	s := float64(t-a.T) / float64(b.T-a.T)
	lerp := func(x, y float64) float64 { return x + s*(y-x) }
	f = Fix{T: t, Lon: lerp(a.Lon, b.Lon), Lat: lerp(a.Lat, b.Lat), Pressure: lerp(a.Pressure, b.Pressure), Rmax: lerp(a.Rmax, b.Rmax)}
	dt := (b.T - a.T).Hours() * 3600
	ve, vn = eastNorth(network.Point{X: a.Lon, Y: a.Lat}, network.Point{X: b.Lon, Y: b.Lat})
	return f, ve / dt, vn / dt
}

// Approach returns the closest the storm's centre comes to the box of
// WGS84 longitudes and latitudes lo–hi (a network's extent), in metres of
// great-circle distance: 0 when the track passes over it. The track is
// followed as the wind follows it (linear in longitude and latitude
// between fixes) at points at most 10 km apart, and a point's distance is
// taken to the box point of nearest longitude and latitude, so the result
// is within about 5 km of the true one for boxes the size of a city. An
// empty track is infinitely far. O(track length / 10 km).
func (tr Track) Approach(lo, hi network.Point) float64 {
	const spacing = 10e3 // m
	dist := func(lon, lat float64) float64 {
		q := network.Point{X: min(max(lon, lo.X), hi.X), Y: min(max(lat, lo.Y), hi.Y)}
		return network.WGS84.Distance(network.Point{X: lon, Y: lat}, q)
	}
	best := math.Inf(1)
	for k, f := range tr {
		best = min(best, dist(f.Lon, f.Lat))
		if k == 0 {
			continue
		}
		a := tr[k-1]
		steps := math.Ceil(network.WGS84.Distance(network.Point{X: a.Lon, Y: a.Lat}, network.Point{X: f.Lon, Y: f.Lat}) / spacing)
		for j := 1.0; j < steps; j++ {
			s := j / steps
			best = min(best, dist(a.Lon+s*(f.Lon-a.Lon), a.Lat+s*(f.Lat-a.Lat)))
		}
	}
	return best
}

// eastNorth returns the displacement in metres from a to b (WGS84) in the
// local plane at their mean latitude: east, north.
func eastNorth(a, b network.Point) (e, n float64) {
	const r = 6371008.8 // mean Earth radius (IUGG), as network's haversine
	rad := math.Pi / 180
	dlon := math.Remainder(b.X-a.X, 360)
	return r * dlon * rad * math.Cos((a.Y+b.Y)/2*rad), r * (b.Y - a.Y) * rad
}

// Wind is a tropical cyclone (typhoon, hurricane): a track with the
// Holland (1980) gradient wind profile and forward-speed asymmetry, turned
// into a 3-s gust at each site over time, and fragility against the gust
// for the kinds of components and links the curves name. See the package
// documentation.
type Wind struct {
	// Label names the hazard ("wind" when empty): two in one run need two
	// labels.
	Label string
	// Track is the storm's track, at least two fixes.
	Track Track
	// Step is the time step at which the wind is evaluated, from the
	// first fix to the last; 0 means 10 minutes; otherwise > 0.
	Step sim.Time
	// AmbientPressure is the far-field pressure in hPa, in (800, 1100];
	// 0 means DefaultAmbientPressure.
	AmbientPressure float64
	// AirDensity in kg/m³; 0 means DefaultAirDensity.
	AirDensity float64
	// B is Holland's shape parameter, in [0.5, 2.5]; 0 means HollandB
	// of each instant's radius and latitude.
	B float64
	// SurfaceFactor turns the gradient wind into the 1-min sustained wind
	// at 10 m, in (0, 1]; 0 means DefaultSurfaceFactor.
	SurfaceFactor float64
	// GustFactor turns the sustained wind into the 3-s gust, ≥ 1; 0 means
	// DefaultGustFactor.
	GustFactor float64
	// NoAsymmetry leaves out the forward-speed asymmetry (a symmetric
	// storm, for checks).
	NoAsymmetry bool
	// Kinds gives the fragility curve of components and links by kind
	// (network.KindLine for overhead lines and feeders,
	// network.KindCellTower for towers, …).
	Kinds map[network.Kind]Curve
	// Classes gives curves by fragility class (Component.Fragility,
	// Link.Fragility: "EDC1" for wood-pole feeders, say); a class curve
	// takes precedence over the kind's.
	//
	// When Kinds and Classes are both empty the wind uses the bundled
	// curves, DefaultKinds and DefaultClasses; curves the caller gives
	// replace the bundled ones entirely (merge them with the Default
	// functions to keep both).
	Classes map[string]Curve
}

// Defaults of Wind.
const (
	// DefaultStep is the default time step.
	DefaultStep = 10 * sim.Minute
	// DefaultSurfaceFactor is the ratio of the 1-min sustained wind at
	// 10 m to the gradient wind: 0.8, lifeline's assumption, not taken
	// from a source (the ratio depends on the terrain and the height of
	// the gradient level; set it for the site).
	DefaultSurfaceFactor = 0.8
	// DefaultGustFactor is the ratio of the 3-s gust to the 1-min
	// sustained wind in open terrain, from the curve of Durst (1960),
	// "Wind speeds over short periods of time", as used in the ASCE 7
	// commentary: 1.52 for the 3-s gust and 1.25 for the 1-min mean, each
	// over the hourly mean.
	DefaultGustFactor = 1.52 / 1.25
)

// MaxSteps bounds the time steps of a wind (the track's span ÷ Step):
// Validate refuses more, so that a tiny step cannot make Impacts run for
// ever.
const MaxSteps = 1_000_000

// Name returns the label, or "wind".
func (w *Wind) Name() string { return cmp.Or(w.Label, "wind") }

func (w *Wind) params() (step sim.Time, pn, rho, kr, g float64) {
	return cmp.Or(w.Step, DefaultStep), cmp.Or(w.AmbientPressure, DefaultAmbientPressure), cmp.Or(w.AirDensity, DefaultAirDensity),
		cmp.Or(w.SurfaceFactor, DefaultSurfaceFactor), cmp.Or(w.GustFactor, DefaultGustFactor)
}

// Validate checks the track (two or more fixes, strictly increasing times
// ≥ 0, positions in range and not across the antimeridian, pressures
// between 800 hPa and the ambient pressure, radii ≥ 0), the parameters and
// the curves (each with a known form, finite positive parameters, A below 1
// for an exponential, and a damage state). Errors wrap hazard.ErrInvalid.
func (w *Wind) Validate() error {
	step, pn, rho, kr, g := w.params()
	switch {
	case step < 0 || w.Step < 0:
		return fmt.Errorf("wind %s: %w: negative step %v", w.Name(), errInvalid, w.Step)
	case !(pn > 800 && pn <= 1100):
		return fmt.Errorf("wind %s: %w: ambient pressure %v hPa", w.Name(), errInvalid, pn)
	case !(rho > 0) || !finite(rho):
		return fmt.Errorf("wind %s: %w: air density %v kg/m³", w.Name(), errInvalid, rho)
	case w.B != 0 && !(w.B >= 0.5 && w.B <= 2.5):
		return fmt.Errorf("wind %s: %w: Holland B %v outside [0.5, 2.5]", w.Name(), errInvalid, w.B)
	case !(kr > 0 && kr <= 1):
		return fmt.Errorf("wind %s: %w: surface factor %v outside (0, 1]", w.Name(), errInvalid, kr)
	case !(g >= 1) || !finite(g):
		return fmt.Errorf("wind %s: %w: gust factor %v below 1", w.Name(), errInvalid, g)
	case len(w.Track) < 2:
		return fmt.Errorf("wind %s: %w: a track needs two fixes, got %d", w.Name(), errInvalid, len(w.Track))
	}
	if span := w.Track[len(w.Track)-1].T - w.Track[0].T; span/step > MaxSteps {
		return fmt.Errorf("wind %s: %w: %v of track in steps of %v: more than %d steps (a longer Step)", w.Name(), errInvalid, span, step, MaxSteps)
	}
	for k, f := range w.Track {
		switch {
		case f.T < 0 || k > 0 && f.T <= w.Track[k-1].T:
			return fmt.Errorf("wind %s: %w: fix %d at %v (times ≥ 0, strictly increasing)", w.Name(), errInvalid, k, f.T)
		case !(f.Lon >= -180 && f.Lon <= 180 && f.Lat >= -80 && f.Lat <= 80):
			return fmt.Errorf("wind %s: %w: fix %d at (%v, %v)", w.Name(), errInvalid, k, f.Lon, f.Lat)
		case !(f.Pressure > 800 && f.Pressure <= pn):
			return fmt.Errorf("wind %s: %w: fix %d: central pressure %v hPa (800 … %v)", w.Name(), errInvalid, k, f.Pressure, pn)
		case !(f.Rmax >= 0) || !finite(f.Rmax):
			return fmt.Errorf("wind %s: %w: fix %d: radius of maximum wind %v m", w.Name(), errInvalid, k, f.Rmax)
		case k > 0 && math.Abs(f.Lon-w.Track[k-1].Lon) > 180:
			return fmt.Errorf("wind %s: %w: fix %d crosses the antimeridian", w.Name(), errInvalid, k)
		}
	}
	check := func(what string, c Curve) error {
		if err := c.validate(); err != nil {
			return fmt.Errorf("wind %s: curve of %s: %w", w.Name(), what, err)
		}
		return nil
	}
	for _, k := range slices.Sorted(maps.Keys(w.Kinds)) {
		if err := check(string(k), w.Kinds[k]); err != nil {
			return err
		}
	}
	for _, k := range slices.Sorted(maps.Keys(w.Classes)) {
		if err := check(k, w.Classes[k]); err != nil {
			return err
		}
	}
	return nil
}

// storm is the wind field at one instant.
type storm struct {
	centre  network.Point
	profile Profile
	ve, vn  float64 // forward velocity, m/s east and north
	south   bool    // southern hemisphere: clockwise
}

func (w *Wind) stormAt(t sim.Time) storm {
	_, pn, rho, _, _ := w.params()
	f, ve, vn := w.Track.at(t)
	dp := pn - f.Pressure
	rmax := f.Rmax
	if rmax == 0 {
		rmax = RmaxVW08(dp, f.Lat)
	}
	b := w.B
	if b == 0 {
		b = HollandB(rmax, f.Lat)
	}
	return storm{
		centre:  network.Point{X: f.Lon, Y: f.Lat},
		profile: Profile{DeltaP: dp * 100, Rmax: rmax, B: b, Rho: rho, F: 2 * Omega * math.Sin(f.Lat*math.Pi/180)},
		ve:      ve, vn: vn, south: f.Lat < 0,
	}
}

// sustained returns the 1-min sustained wind at 10 m at p (WGS84): the
// surface share of the gradient wind, blowing around the centre
// (anticlockwise in the northern hemisphere, clockwise in the southern;
// no inflow angle), plus Jelesnianski's share of the forward velocity.
func (w *Wind) sustained(s *storm, p network.Point, kr float64) float64 {
	r := network.WGS84.Distance(s.centre, p)
	v := kr * s.profile.Speed(r)
	if w.NoAsymmetry || r == 0 {
		return v
	}
	e, n := eastNorth(s.centre, p)
	d := math.Hypot(e, n)
	if d == 0 {
		return v
	}
	te, tn := -n/d, e/d // anticlockwise tangent
	if s.south {
		te, tn = -te, -tn
	}
	j := Jelesnianski(r, s.profile.Rmax)
	return math.Hypot(v*te+j*s.ve, v*tn+j*s.vn)
}

// At returns the 1-min sustained wind at 10 m and the 3-s gust, in m/s, at
// p (WGS84 longitude/latitude) at instant t; both 0 outside the track's
// time span. The track must be valid (Validate).
func (w *Wind) At(p network.Point, t sim.Time) (sustained, gust float64) {
	if len(w.Track) < 2 || t < w.Track[0].T || t > w.Track[len(w.Track)-1].T {
		return 0, 0
	}
	_, _, _, kr, g := w.params()
	s := w.stormAt(t)
	v := w.sustained(&s, p, kr)
	return v, g * v
}

// IntensityAt returns the peak 3-s gust in m/s at p (in the network's
// CRS, converted to WGS84 as Impacts converts it) at t (hazard.Intensity;
// At's gust), 0 outside the track's time span, so that a chained hazard
// (hazard/chain's Above) can start when the wind passes a speed. Errors:
// an invalid wind, a CRS that does not convert to WGS84. O(len(Track)).
func (w *Wind) IntensityAt(n *network.Network, p network.Point, t sim.Time, _ hazard.Rand) (float64, error) {
	if err := w.Validate(); err != nil {
		return 0, err
	}
	toWGS, err := n.CRS().ToWGS84()
	if err != nil {
		return 0, fmt.Errorf("wind %s: %w", w.Name(), err)
	}
	_, gust := w.At(toWGS(p), t)
	return gust, nil
}

// curves returns the curves in force: the caller's, or the bundled ones
// when the caller gives none.
func (w *Wind) curves() (map[network.Kind]Curve, map[string]Curve) {
	if len(w.Kinds)+len(w.Classes) == 0 {
		d := bundled()
		return d.kinds, d.classes
	}
	return w.Kinds, w.Classes
}

// curveOf returns the curve of a component or link of kind and class.
func curveOf(kinds map[network.Kind]Curve, classes map[string]Curve, kind network.Kind, class string) (Curve, bool) {
	if c, ok := classes[class]; ok && class != "" {
		return c, true
	}
	c, ok := kinds[kind]
	return c, ok
}

// site is an entity exposed to the wind.
type site struct {
	target int32
	link   bool
	pts    []network.Point // WGS84
	cap    float64         // the gust at which it fails, m/s
	curve  Curve
}

// Impacts returns the wind's impacts on n: a Damage impact on each
// component and link with a curve, at the first time step whose gust
// exceeds the entity's capacity (see the package documentation), sorted
// with hazard.Sort. The network's CRS must convert to WGS84
// (network.CRS.ToWGS84): geographic or Web Mercator.
func (w *Wind) Impacts(n *network.Network, r hazard.Rand) ([]hazard.Impact, error) {
	if err := w.Validate(); err != nil {
		return nil, err
	}
	toWGS, err := n.CRS().ToWGS84()
	if err != nil {
		return nil, fmt.Errorf("wind %s: %w", w.Name(), err)
	}
	kinds, classes := w.curves()
	var sites []site
	for i := range n.Components() {
		c, ok := curveOf(kinds, classes, n.ComponentKind(i), n.Fragility(i))
		if !ok {
			continue
		}
		p, ok := n.Location(i)
		if !ok {
			continue
		}
		s := r.Component(n, i)
		sites = append(sites, site{target: i, pts: []network.Point{toWGS(p)}, cap: c.capacity(s.Float64(), 1), curve: c})
	}
	for l := range n.Links() {
		c, ok := curveOf(kinds, classes, n.LinkKind(l), n.LinkFragility(l))
		if !ok {
			continue
		}
		path := linkPoints(n, l, toWGS)
		if path == nil {
			continue
		}
		s := r.Link(n, l)
		sites = append(sites, site{target: l, link: true, pts: path, cap: c.capacity(s.Float64(), c.structures(n.Length(l))), curve: c})
	}
	step, _, _, kr, g := w.params()
	var out []hazard.Impact
	first, last := w.Track[0].T, w.Track[len(w.Track)-1].T
	alive := sites
	for t := first; len(alive) > 0; t += step {
		t = min(t, last)
		s := w.stormAt(t)
		// No gust of this instant exceeds g·(kr·√(B·Δp/(ρ·e)) + ½·|v|):
		// the profile's cyclostrophic peak bounds V (the Coriolis term only
		// lowers it) and Jelesnianski's share is at most ½. An entity whose
		// capacity is above it is spared the wind's computation.
		bound := g * (kr*math.Sqrt(s.profile.B*s.profile.DeltaP/(s.profile.Rho*math.E)) + math.Hypot(s.ve, s.vn)/2)
		keep := alive[:0]
		for _, st := range alive {
			if st.cap >= bound {
				keep = append(keep, st)
				continue
			}
			gust := 0.0
			for _, p := range st.pts {
				gust = max(gust, g*w.sustained(&s, p, kr))
			}
			if gust > st.cap {
				state := cmp.Or(st.curve.State, network.DamageComplete)
				out = append(out, hazard.Impact{Time: t, Kind: hazard.Damage, Target: st.target, Link: st.link, State: state,
					Factor: fragility.DefaultFactor(state)})
				continue
			}
			keep = append(keep, st)
		}
		alive = keep
		if t == last {
			break
		}
	}
	// No two impacts share (time, target, kind): an unstable sort gives
	// hazard.Sort's order.
	slices.SortFunc(out, hazard.Compare)
	return out, nil
}

// linkPoints returns the points at which a link feels the wind, in WGS84:
// the corners of its Geometry (or its ends' locations) and the midpoint of
// each segment; nil when an end has no location.
func linkPoints(n *network.Network, l int32, toWGS func(network.Point) network.Point) []network.Point {
	path := n.Geometry(l)
	if len(path) < 2 {
		from, to := n.Ends(l)
		a, okA := n.Location(from)
		b, okB := n.Location(to)
		if !okA || !okB {
			return nil
		}
		path = []network.Point{a, b}
	}
	out := make([]network.Point, 0, 2*len(path)-1)
	for k, p := range path {
		if k > 0 {
			q := path[k-1]
			out = append(out, toWGS(network.Point{X: (p.X + q.X) / 2, Y: (p.Y + q.Y) / 2}))
		}
		out = append(out, toWGS(p))
	}
	return out
}
