package quake

import (
	"cmp"
	"errors"
	"fmt"
	"math"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// ErrInvalid is wrapped by every error about an earthquake's parameters.
var ErrInvalid = errors.New("quake: invalid")

// Source is a point source.
type Source struct {
	// Epicentre in the network's CRS: longitude and latitude in degrees,
	// or easting and northing in metres. A point the CRS cannot hold (a
	// latitude beyond 90°) is an error of Impacts and Intensities.
	Epicentre network.Point
	// DepthKm is the hypocentral depth in km, in [0, 700]. Neither bundled
	// relation uses it (both take the epicentral distance); it is passed
	// to user-defined ones.
	DepthKm float64
	// Magnitude is the moment magnitude, in (0, 10].
	Magnitude float64
	// Fault is the style of faulting (Unspecified by default).
	Fault Fault
}

// Intensity is the ground motion at one place, each in its measure's
// canonical unit (fragility.Measure); 0 where the model or file gives
// none.
type Intensity struct {
	// PGA is peak ground acceleration in g.
	PGA float64
	// PGV is peak ground velocity in m/s.
	PGV float64
	// PGD is permanent ground deformation in m.
	PGD float64
	// SA10 is 5 %-damped spectral acceleration at 1.0 s in g.
	SA10 float64
}

// Of returns the value of measure m (0 for RepairRate or an unknown one).
func (in Intensity) Of(m fragility.Measure) float64 {
	switch m {
	case fragility.PGA:
		return in.PGA
	case fragility.PGV:
		return in.PGV
	case fragility.PGD:
		return in.PGD
	case fragility.SA10:
		return in.SA10
	}
	return 0
}

func (in *Intensity) set(m fragility.Measure, v float64) {
	switch m {
	case fragility.PGA:
		in.PGA = v
	case fragility.PGV:
		in.PGV = v
	case fragility.PGD:
		in.PGD = v
	case fragility.SA10:
		in.SA10 = v
	}
}

// shakingMeasures are the measures an attenuation relation is asked for.
var shakingMeasures = [...]fragility.Measure{fragility.PGA, fragility.PGV, fragility.SA10}

// Earthquake is a scenario earthquake: ground motion from a point source
// through an attenuation relation (or from a ground-motion file), damage
// of components and links through their fragility classes, and pipe
// breaks from ALA repair rates, all at one instant. See the package
// documentation for the model.
type Earthquake struct {
	// Label names the hazard ("earthquake" when empty); it keys the
	// random numbers, so two in one run need two labels.
	Label string
	// At is the time of the impacts, ≥ 0.
	At sim.Time
	// Source is the point source; unused when Field is set.
	Source Source
	// Model is the attenuation relation; nil means BooreAtkinson2008.
	Model Attenuation
	// Vs30 is the shear-wave velocity of the top 30 m at every site in
	// m/s, in [100, 3000]; 0 means 760 (rock, BA08's reference).
	Vs30 float64
	// Correlation configures the spatially correlated intra-event
	// residuals (on by default).
	Correlation Correlation
	// Field, when set, gives the ground motion instead of Source and
	// Model: no residuals are added.
	Field *GMF
	// Library gives the fragility classes; nil means fragility.Hazus(), a
	// fresh copy per call (set it to reuse one across replications).
	Library *fragility.Library
	// PipeK1 is the ALA (2001) correction factor K1 (the C of RR =
	// C·0.00187·PGV) by a pipe's fragility class or material (its
	// Fragility field); ≥ 0, finite. Pipes whose class is not listed use
	// 1.
	PipeK1 map[string]float64
	// BreakShare is the share of pipe repairs that are breaks (the rest
	// are leaks), in [0, 1]; 0 means 0.2, Hazus's split for damage by
	// seismic waves; negative means 0 (leaks only).
	BreakShare float64
}

// Name returns the label, or "earthquake".
func (e *Earthquake) Name() string { return cmp.Or(e.Label, "earthquake") }

func (e *Earthquake) model() Attenuation {
	if e.Model == nil {
		return BooreAtkinson2008{}
	}
	return e.Model
}

func (e *Earthquake) breakShare() float64 {
	switch {
	case e.BreakShare == 0:
		return 0.2
	case e.BreakShare < 0:
		return 0
	}
	return e.BreakShare
}

// Validate checks the parameters: errors wrap ErrInvalid.
func (e *Earthquake) Validate() error {
	if e.At < 0 {
		return fmt.Errorf("%w: negative time %v", ErrInvalid, e.At)
	}
	if e.Field == nil {
		s := e.Source
		if !finite(s.Epicentre.X) || !finite(s.Epicentre.Y) {
			return fmt.Errorf("%w: epicentre (%v, %v)", ErrInvalid, s.Epicentre.X, s.Epicentre.Y)
		}
		if !(s.Magnitude > 0 && s.Magnitude <= 10) {
			return fmt.Errorf("%w: magnitude %v outside (0, 10]", ErrInvalid, s.Magnitude)
		}
		if !(s.DepthKm >= 0 && s.DepthKm <= 700) {
			return fmt.Errorf("%w: depth %v km outside [0, 700]", ErrInvalid, s.DepthKm)
		}
		if s.Fault > Reverse {
			return fmt.Errorf("%w: fault type %d", ErrInvalid, s.Fault)
		}
		if e.Vs30 != 0 && !(e.Vs30 >= 100 && e.Vs30 <= 3000) {
			return fmt.Errorf("%w: Vs30 %v m/s outside [100, 3000]", ErrInvalid, e.Vs30)
		}
		if err := e.Correlation.Validate(); err != nil {
			return err
		}
		for _, m := range shakingMeasures {
			if err := checkSigma(e.model(), m); err != nil {
				return err
			}
		}
	}
	for k, v := range e.PipeK1 {
		if !(v >= 0) || math.IsInf(v, 1) {
			return fmt.Errorf("%w: pipe K1 %v for %q", ErrInvalid, v, k)
		}
	}
	if e.BreakShare > 1 || math.IsNaN(e.BreakShare) {
		return fmt.Errorf("%w: break share %v above 1", ErrInvalid, e.BreakShare)
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// ALARepairRate returns the ALA (2001) buried-pipe repair rate for wave
// propagation, RR = k1 · 0.00187 · PGV, in repairs per 1,000 ft, with PGV
// given in m/s (converted to in/s, the unit of the fit).
func ALARepairRate(pgv, k1 float64) float64 { return k1 * 0.00187 * pgv / 0.0254 }

// feetPer1000 is 1,000 ft in metres.
const feetPer1000 = 304.8

// sampler computes intensities at points of the plane.
type sampler struct {
	e      *Earthquake
	n      *network.Network
	f      frame
	field  *field
	eta    float64 // inter-event residual, standard normal
	ev     Event
	model  Attenuation
	vs30   float64
	toFile func(network.Point) network.Point
	tau    [len(shakingMeasures)]float64
	phi    [len(shakingMeasures)]float64
	anyPhi bool
	// asked and inside count the places looked up in a file's field and
	// those inside it.
	asked, inside int
}

func (e *Earthquake) newSampler(n *network.Network, r hazard.Rand) (*sampler, error) {
	if err := e.Validate(); err != nil {
		return nil, err
	}
	s := &sampler{e: e, n: n}
	if e.Field != nil {
		conv, err := e.Field.converter(n.CRS())
		if err != nil {
			return nil, err
		}
		s.toFile = conv
		return s, nil
	}
	if err := n.CRS().CheckPoint(e.Source.Epicentre); err != nil {
		return nil, fmt.Errorf("%w: epicentre in %v: %w", ErrInvalid, n.CRS(), err)
	}
	s.f = newFrame(n.CRS(), e.Source.Epicentre)
	s.model = e.model()
	s.vs30 = cmp.Or(e.Vs30, 760)
	s.ev = Event{Magnitude: e.Source.Magnitude, DepthKm: e.Source.DepthKm, Fault: e.Source.Fault}
	for k, m := range shakingMeasures {
		s.tau[k], s.phi[k] = s.model.Sigma(m)
		s.anyPhi = s.anyPhi || s.phi[k] > 0
	}
	st := r.Stream()
	s.eta = st.NormFloat64()
	if s.anyPhi && !e.Correlation.Off {
		s.field = newField(e.Correlation, &st)
	}
	return s, nil
}

// all asks atXY for every measure.
const all fragility.Measure = 0

// at returns the intensity at p, whose own residual (for a site outside
// the field or with correlation off) comes from es: every measure, or
// only m when m is not all.
func (s *sampler) at(p network.Point, m fragility.Measure, es func() float64) Intensity {
	if s.toFile != nil {
		return s.fromFile(p)
	}
	x, y := s.f.xy(p)
	return s.atXY(x, y, m, es)
}

// fromFile returns the file's intensity at p (in the network's CRS),
// counting the place and whether the field covers it.
func (s *sampler) fromFile(p network.Point) Intensity {
	in, ok := s.e.Field.At(s.toFile(p))
	s.asked++
	if ok {
		s.inside++
	}
	return in
}

func (s *sampler) atXY(x, y float64, only fragility.Measure, es func() float64) Intensity {
	var in Intensity
	if only != all && only != fragility.PGA && only != fragility.PGV && only != fragility.SA10 {
		return in // no relation gives PGD or repair rates
	}
	site := Site{DistanceKm: math.Hypot(x, y) / 1000, Vs30: s.vs30}
	eps := 0.0
	if s.anyPhi {
		ok := false
		if s.field != nil {
			eps, ok = s.field.at(x, y)
		}
		if !ok {
			eps = es()
		}
	}
	for k, m := range shakingMeasures {
		if only != all && m != only {
			continue
		}
		med, ok := s.model.Median(m, s.ev, site)
		if !ok {
			continue
		}
		in.set(m, med*math.Exp(s.tau[k]*s.eta+s.phi[k]*eps))
	}
	return in
}

// Per-entity draws, in this order from the entity's own stream: a
// component draws its fragility uniform, then (only when it needs one) its
// own residual; a link draws two uniforms (state or breaks, leaks), then
// its own residual.
func componentResidual(st *sim.Stream) func() float64 {
	return func() float64 { c := *st; c.Float64(); return c.NormFloat64() }
}

func linkResidual(st *sim.Stream) func() float64 {
	return func() float64 { c := *st; c.Float64(); c.Float64(); return c.NormFloat64() }
}

// linkPoint returns where a link's intensity is taken: for a pipe the
// midpoint of its ends (the one-point average of a repair rate that is
// integrated over the pipe's length), for any other link the point of its
// polyline (Geometry, or the segment between its ends) nearest the
// epicentre, its strongest shaking (a line or road is cut wherever it
// fails). ok is false when an end has no location.
func (s *sampler) linkPoint(l int32) (x, y float64, ok bool) {
	from, to := s.n.Ends(l)
	a, okA := s.n.Location(from)
	b, okB := s.n.Location(to)
	if !okA || !okB {
		return 0, 0, false
	}
	ax, ay := s.f.xy(a)
	bx, by := s.f.xy(b)
	if s.n.LinkKind(l) == network.KindPipe {
		return (ax + bx) / 2, (ay + by) / 2, true
	}
	geom := s.n.Geometry(l)
	if len(geom) < 2 {
		x, y = nearestOnSegment(ax, ay, bx, by)
		return x, y, true
	}
	best := math.Inf(1)
	px, py := s.f.xy(geom[0])
	for _, q := range geom[1:] {
		qx, qy := s.f.xy(q)
		cx, cy := nearestOnSegment(px, py, qx, qy)
		if d := math.Hypot(cx, cy); d < best {
			best, x, y = d, cx, cy
		}
		px, py = qx, qy
	}
	return x, y, true
}

// nearestOnSegment returns the point of segment ab nearest the origin.
func nearestOnSegment(ax, ay, bx, by float64) (float64, float64) {
	dx, dy := bx-ax, by-ay
	l2 := dx*dx + dy*dy
	if l2 == 0 {
		return ax, ay
	}
	t := min(max(-(ax*dx+ay*dy)/l2, 0), 1)
	return ax + t*dx, ay + t*dy
}

// Intensities returns the ground motion at every component (zero for one
// without a location) and at every link (at linkPoint; zero when an end
// has no location), with the residuals the same Rand gives Impacts.
// O(C + L + G log G) for C components, L links and a correlation grid of G
// nodes.
func (e *Earthquake) Intensities(n *network.Network, r hazard.Rand) (components, links []Intensity, err error) {
	s, err := e.newSampler(n, r)
	if err != nil {
		return nil, nil, fmt.Errorf("hazard %s: %w", e.Name(), err)
	}
	components = make([]Intensity, n.NumComponents())
	for i := range n.Components() {
		p, ok := n.Location(i)
		if !ok {
			continue
		}
		st := r.Component(n, i)
		components[i] = s.at(p, all, componentResidual(&st))
	}
	links = make([]Intensity, n.NumLinks())
	for l := range n.Links() {
		st := r.Link(n, l)
		links[l], _ = s.linkIntensity(l, all, linkResidual(&st))
	}
	return components, links, nil
}

func (s *sampler) linkIntensity(l int32, m fragility.Measure, es func() float64) (Intensity, bool) {
	if s.toFile != nil {
		from, to := s.n.Ends(l)
		a, okA := s.n.Location(from)
		b, okB := s.n.Location(to)
		if !okA || !okB {
			return Intensity{}, false
		}
		// A file's field has no epicentre: the link's midpoint.
		return s.fromFile(network.Point{X: (a.X + b.X) / 2, Y: (a.Y + b.Y) / 2}), true
	}
	x, y, ok := s.linkPoint(l)
	if !ok {
		return Intensity{}, false
	}
	return s.atXY(x, y, m, es), true
}

// pipeLength returns a pipe's length in metres: its Length, or the
// distance between its ends when that is zero.
func pipeLength(n *network.Network, l int32) float64 {
	if d := n.Length(l); d > 0 {
		return d
	}
	from, to := n.Ends(l)
	a, okA := n.Location(from)
	b, okB := n.Location(to)
	if !okA || !okB {
		return 0
	}
	return n.CRS().Distance(a, b)
}

// Impacts returns a Damage impact at At for every component and link the
// earthquake damages (see the package documentation). Errors: invalid
// parameters, a class the library lacks (wrapping
// fragility.ErrUnknownClass), an unusable field CRS, a field that covers
// none of the components and links it is asked for. O(C + L + G log G).
func (e *Earthquake) Impacts(n *network.Network, r hazard.Rand) ([]hazard.Impact, error) {
	s, err := e.newSampler(n, r)
	if err != nil {
		return nil, fmt.Errorf("hazard %s: %w", e.Name(), err)
	}
	lib := e.Library
	if lib == nil {
		lib = fragility.Hazus()
	}
	var out []hazard.Impact
	look := classCache{lib: lib}
	for i := range n.Components() {
		c, err := look.get(n.Fragility(i), "component", n.ComponentID, i)
		if err != nil {
			return nil, fmt.Errorf("hazard %s: %w", e.Name(), err)
		}
		if c == nil {
			continue
		}
		p, ok := n.Location(i)
		if !ok {
			continue
		}
		st := r.Component(n, i)
		in := s.at(p, c.Measure, componentResidual(&st))
		if ds := c.Draw(in.Of(c.Measure), st.Float64()); ds > network.DamageNone {
			out = append(out, hazard.Impact{Time: e.At, Kind: hazard.Damage, Target: i, State: ds, Factor: c.Factor(ds)})
		}
	}
	share := e.breakShare()
	for l := range n.Links() {
		pipe := n.LinkKind(l) == network.KindPipe
		var c *fragility.Class
		if !pipe {
			if c, err = look.get(n.LinkFragility(l), "link", n.LinkID, l); err != nil {
				return nil, fmt.Errorf("hazard %s: %w", e.Name(), err)
			}
			if c == nil {
				continue
			}
		}
		st := r.Link(n, l)
		m := fragility.PGV
		if !pipe {
			m = c.Measure
		}
		in, ok := s.linkIntensity(l, m, linkResidual(&st))
		if !ok {
			continue
		}
		u1, u2 := st.Float64(), st.Float64()
		if !pipe {
			if ds := c.Draw(in.Of(c.Measure), u1); ds > network.DamageNone {
				out = append(out, hazard.Impact{Time: e.At, Kind: hazard.Damage, Target: l, Link: true, State: ds, Factor: c.Factor(ds)})
			}
			continue
		}
		k1 := 1.0
		if len(e.PipeK1) > 0 {
			if v, listed := e.PipeK1[n.LinkFragility(l)]; listed {
				k1 = v
			}
		}
		lambda := ALARepairRate(in.PGV, k1) / feetPer1000 * pipeLength(n, l)
		switch {
		case u1 < -math.Expm1(-share*lambda):
			out = append(out, hazard.Impact{Time: e.At, Kind: hazard.Damage, Target: l, Link: true, State: network.DamageComplete})
		case u2 < -math.Expm1(-(1-share)*lambda):
			out = append(out, hazard.Impact{Time: e.At, Kind: hazard.Damage, Target: l, Link: true, State: network.DamageModerate, Factor: 1})
		}
	}
	if s.asked > 0 && s.inside == 0 {
		return nil, fmt.Errorf("hazard %s: %w: the ground-motion field (%v) covers none of the %d places it was asked for: check its CRS and coordinates",
			e.Name(), ErrInvalid, e.Field.CRS, s.asked)
	}
	hazard.Sort(out)
	return out, nil
}

// Gives reports whether the earthquake gives intensity measure m: with a
// Field, a measure its file has (GMF.Has); otherwise one its attenuation
// relation gives (PGA, PGV and SA(1.0) for BooreAtkinson2008, PGA and PGV
// for Kawashima1984; never PGD or a repair rate).
func (e *Earthquake) Gives(m fragility.Measure) bool {
	if e.Field != nil {
		return e.Field.Has[m]
	}
	// A relation gives a measure at every site or at none (Attenuation).
	_, ok := e.model().Median(m, Event{Magnitude: 6}, Site{DistanceKm: 10, Vs30: 760})
	return ok
}

// Exposed returns how many components and links of n Impacts can damage,
// by the rules of the package documentation: a component with a location
// and a link with both ends located, whose fragility class is measured in
// a measure the earthquake gives (Gives), and pipes with both ends located
// through their PGV repair rate when it gives PGV. Zero means that no
// earthquake of this kind damages anything in n, however strong: n
// carries no class the hazard can use (a network imported without
// fragility classes) or no locations. Errors: a class the library lacks,
// wrapping fragility.ErrUnknownClass, as Impacts. O(C + L).
func (e *Earthquake) Exposed(n *network.Network) (int, error) {
	lib := e.Library
	if lib == nil {
		lib = fragility.Hazus()
	}
	look := classCache{lib: lib}
	var gives [fragility.RepairRate + 1]bool
	for m := range gives {
		gives[m] = e.Gives(fragility.Measure(m))
	}
	located := func(l int32) bool {
		from, to := n.Ends(l)
		_, okA := n.Location(from)
		_, okB := n.Location(to)
		return okA && okB
	}
	count := 0
	for i := range n.Components() {
		c, err := look.get(n.Fragility(i), "component", n.ComponentID, i)
		if err != nil {
			return 0, fmt.Errorf("hazard %s: %w", e.Name(), err)
		}
		if _, ok := n.Location(i); ok && c != nil && gives[c.Measure] {
			count++
		}
	}
	for l := range n.Links() {
		if n.LinkKind(l) == network.KindPipe {
			if gives[fragility.PGV] && located(l) {
				count++
			}
			continue
		}
		c, err := look.get(n.LinkFragility(l), "link", n.LinkID, l)
		if err != nil {
			return 0, fmt.Errorf("hazard %s: %w", e.Name(), err)
		}
		if c != nil && gives[c.Measure] && located(l) {
			count++
		}
	}
	return count, nil
}

// classCache looks classes up in a library, remembering the last name:
// entities of one class tend to come in runs, and comparing a string with
// the one before is cheaper than hashing it.
type classCache struct {
	lib   *fragility.Library
	name  string
	class *fragility.Class
	valid bool
}

func (c *classCache) get(name, what string, id func(int32) string, i int32) (*fragility.Class, error) {
	if c.valid && name == c.name {
		return c.class, nil
	}
	if name == "" {
		return nil, nil
	}
	cl, ok := c.lib.Class(name)
	if !ok {
		return nil, fmt.Errorf("%w %q (%s %s)", fragility.ErrUnknownClass, name, what, id(i))
	}
	c.name, c.class, c.valid = name, cl, true
	return cl, nil
}
