package flood

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

// Defaults of Rules.
const (
	// DefaultRoadClosure is the depth in metres above which a road closes:
	// 0.3 m, the depth at which Pregnolato et al. (2017) take a road to be
	// impassable to cars (their depth–speed curve ends there).
	DefaultRoadClosure = 0.3
	// DefaultDepthStep is the resolution in metres of a road's slowdown
	// below the closure depth.
	DefaultDepthStep = 0.05
)

// Rules say what water does to each kind of component and link.
type Rules struct {
	// RoadClosure is the depth in metres above which a road link (Kind
	// road) or a road node (Kind intersection or bridge) closes: Suspend
	// while deeper, Resume when the water falls back. 0 means
	// DefaultRoadClosure; otherwise > 0.
	RoadClosure float64
	// DepthStep is the resolution in metres of a road link's slowdown
	// below RoadClosure: the depth range (0, RoadClosure] is cut into
	// steps of this size (the last may be shorter), and while the depth
	// lies in a step the link runs at the speed of the step's upper
	// depth (the deepest water of the step, on the safe side). 0 means
	// DefaultDepthStep; otherwise > 0.
	DepthStep float64
	// NoSlowdown turns the slowdown off: roads stay at full speed until
	// they close.
	NoSlowdown bool
	// Equipment gives, by component kind, the height in metres above
	// ground of the equipment that water puts out of action; a kind not
	// listed is not affected by water (road nodes follow RoadClosure).
	// nil means DefaultEquipment. A component's own positive
	// network.ParamEquipmentHeightM overrides its kind's height.
	Equipment map[network.Kind]float64
	// Damage gives, by component kind, a depth–damage curve: the
	// probability that water reaching a given depth above the equipment
	// damages the component (a Damage impact, down until repaired) as
	// well as putting it out of action while wet. A kind not listed is
	// never damaged: it comes back when the water recedes. nil means
	// DefaultDamage (Hazus's curves for substations and pumps), for the
	// kinds that have an equipment height; an empty map, no damage.
	Damage map[network.Kind]DamageCurve
}

// DefaultEquipment returns the kinds that fail under water by default —
// substations, pumps and central offices — with their equipment at
// ground level (height 0: any water puts them out of action). Real
// heights vary from site to site and no default is claimed from a
// source: give each site's height as network.ParamEquipmentHeightM or a
// kind's in Rules.Equipment.
func DefaultEquipment() map[network.Kind]float64 {
	return map[network.Kind]float64{network.KindSubstation: 0, network.KindPump: 0, network.KindCentralOffice: 0}
}

// equipment returns the equipment heights in force: Equipment, or
// DefaultEquipment when it is nil.
func (r *Rules) equipment() map[network.Kind]float64 {
	if r.Equipment == nil {
		return DefaultEquipment()
	}
	return r.Equipment
}

// damage returns the depth–damage curves in force: Damage, or, when it is
// nil, the bundled DefaultDamage of the kinds that have an equipment
// height.
func (r *Rules) damage(equipment map[network.Kind]float64) map[network.Kind]DamageCurve {
	if r.Damage != nil {
		return r.Damage
	}
	d := bundledCurves().byKind
	out := make(map[network.Kind]DamageCurve, len(d))
	for k, c := range d {
		if _, ok := equipment[k]; ok {
			out[k] = c
		}
	}
	return out
}

// CurvePoint is a point of a DamageCurve.
type CurvePoint struct {
	// Depth is the peak depth in metres above the equipment height.
	Depth float64
	// P is the probability of damage at that depth, in [0, 1].
	P float64
}

// DamageCurve is a depth–damage curve: the probability of damage as a
// piecewise-linear function of the peak depth above the equipment height,
// constant before its first point and after its last.
type DamageCurve struct {
	// Points have strictly increasing depths ≥ 0 and non-decreasing
	// probabilities in [0, 1].
	Points []CurvePoint
	// State is the damage state of a damaged component
	// (network.DamageSlight … DamageComplete); 0 means DamageComplete.
	// The component's capacity factor after it is fragility.DefaultFactor
	// (0, down until repaired, for extensive and complete).
	State uint8
}

// Validate checks the curve. Errors wrap hazard.ErrInvalid.
func (c *DamageCurve) Validate() error {
	if len(c.Points) == 0 {
		return fmt.Errorf("%w: a depth–damage curve needs points", errInvalid)
	}
	for k, p := range c.Points {
		if !(p.Depth >= 0) || !finite(p.Depth) || !(p.P >= 0 && p.P <= 1) {
			return fmt.Errorf("%w: depth–damage point %d (%v m, %v)", errInvalid, k, p.Depth, p.P)
		}
		if k > 0 && (p.Depth <= c.Points[k-1].Depth || p.P < c.Points[k-1].P) {
			return fmt.Errorf("%w: depth–damage point %d (%v m, %v) does not follow (%v m, %v)", errInvalid, k, p.Depth, p.P, c.Points[k-1].Depth, c.Points[k-1].P)
		}
	}
	if c.State > network.DamageComplete {
		return fmt.Errorf("%w: damage state %d", errInvalid, c.State)
	}
	return nil
}

// At returns the probability of damage at depth d above the equipment.
func (c *DamageCurve) At(d float64) float64 {
	pts := c.Points
	k, _ := slices.BinarySearchFunc(pts, d, func(p CurvePoint, d float64) int { return cmp.Compare(p.Depth, d) })
	switch {
	case k == 0:
		return pts[0].P
	case k == len(pts):
		return pts[len(pts)-1].P
	}
	a, b := pts[k-1], pts[k]
	return a.P + (d-a.Depth)/(b.Depth-a.Depth)*(b.P-a.P)
}

// Flood is a flood or rainstorm hazard: water depth that varies in space
// and time, from areas (polygons with hydrographs), a gridded depth
// series, or both (the deeper water counts). See the package
// documentation for what it does to components and links.
type Flood struct {
	// Label names the hazard ("flood" when empty): two in one run need two
	// labels.
	Label string
	// Areas are flooded areas, each with its hydrograph.
	Areas []Area
	// Frames are a gridded depth series with strictly increasing times;
	// between two frames the depth at a place changes linearly, before
	// the first and after the last it holds.
	Frames []Frame
	// Rules say what the water does.
	Rules Rules
	// WGS84 says the areas and grids are in WGS84 longitude/latitude (as
	// GeoJSON is) rather than in the network's CRS: the network's
	// locations are then converted (network.CRS.ToWGS84, exact for Web
	// Mercator; a network in another projected CRS is an error).
	WGS84 bool
}

// Name returns the label, or "flood".
func (f *Flood) Name() string { return cmp.Or(f.Label, "flood") }

// Validate checks the areas, the frames (valid grids, strictly increasing
// times ≥ 0) and the rules (positive closure depth and step, finite
// non-negative heights, valid curves, each for a kind with an equipment
// height); a flood needs areas or frames. Errors wrap hazard.ErrInvalid.
func (f *Flood) Validate() error {
	for k := range f.Areas {
		if err := f.Areas[k].Validate(); err != nil {
			return fmt.Errorf("flood %s: %w", f.Name(), err)
		}
	}
	for k, fr := range f.Frames {
		if fr.Grid == nil {
			return fmt.Errorf("flood %s: %w: frame %d has no grid", f.Name(), errInvalid, k)
		}
		if fr.T < 0 || k > 0 && fr.T <= f.Frames[k-1].T {
			return fmt.Errorf("flood %s: %w: frame %d at %v (times ≥ 0, strictly increasing)", f.Name(), errInvalid, k, fr.T)
		}
		if err := fr.Grid.Validate(); err != nil {
			return fmt.Errorf("flood %s: frame %d: %w", f.Name(), k, err)
		}
	}
	r := &f.Rules
	if r.RoadClosure < 0 || !finite(r.RoadClosure) || r.DepthStep < 0 || !finite(r.DepthStep) {
		return fmt.Errorf("flood %s: %w: road closure %v m, depth step %v m", f.Name(), errInvalid, r.RoadClosure, r.DepthStep)
	}
	for _, k := range slices.Sorted(maps.Keys(r.Equipment)) {
		if h := r.Equipment[k]; !(h >= 0) || !finite(h) {
			return fmt.Errorf("flood %s: %w: equipment height %v m for %s", f.Name(), errInvalid, h, k)
		}
	}
	equipment := r.equipment()
	for _, k := range slices.Sorted(maps.Keys(r.Damage)) {
		c := r.Damage[k]
		if err := c.Validate(); err != nil {
			return fmt.Errorf("flood %s: kind %s: %w", f.Name(), k, err)
		}
		if _, ok := equipment[k]; !ok {
			return fmt.Errorf("flood %s: %w: a depth–damage curve for %s, which has no equipment height (Rules.Equipment)", f.Name(), errInvalid, k)
		}
	}
	if len(f.Areas) == 0 && len(f.Frames) == 0 {
		return fmt.Errorf("flood %s: %w: no water (Areas or Frames)", f.Name(), errInvalid)
	}
	return nil
}

// Impacts returns the flood's impacts on n (see the package
// documentation), sorted with hazard.Sort. Components and links without a
// location are dry. Areas and grids must lie in the water's CRS (the
// network's, or WGS84 with Flood.WGS84): a corner it cannot hold (metres
// given to a WGS84 network) is an error wrapping hazard.ErrInvalid.
func (f *Flood) Impacts(n *network.Network, r hazard.Rand) ([]hazard.Impact, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	rules := f.Rules
	closure := cmp.Or(rules.RoadClosure, DefaultRoadClosure)
	step := cmp.Or(rules.DepthStep, DefaultDepthStep)
	equipment := rules.equipment()
	damage := rules.damage(equipment)
	toWater := func(p network.Point) network.Point { return p }
	convert := f.WGS84 && !n.CRS().Geographic()
	if convert {
		var err error
		if toWater, err = n.CRS().ToWGS84(); err != nil {
			return nil, fmt.Errorf("flood %s: %w", f.Name(), err)
		}
	}
	water := n.CRS()
	if f.WGS84 {
		water = network.WGS84
	}
	if err := f.checkCRS(water); err != nil {
		return nil, fmt.Errorf("flood %s: %w", f.Name(), err)
	}
	var out []hazard.Impact
	roads := newRoadRules(closure, step, rules.NoSlowdown)
	transport, hasTransport := n.SectorIndexOf(network.Transport)
	for i := range n.Components() {
		p, ok := n.Location(i)
		if !ok {
			continue
		}
		kind := n.ComponentKind(i)
		var level float64
		road := hasTransport && n.ComponentSector(i) == transport && (kind == network.KindIntersection || kind == network.KindBridge)
		if road {
			level = closure
		} else {
			h, ok := equipment[kind]
			if !ok {
				continue
			}
			if own := n.ComponentParam(i, network.ParamEquipmentHeightM); own > 0 {
				h = own
			}
			level = h
		}
		depth := f.depthAt(toWater(p))
		if depth.Peak() <= level {
			continue
		}
		cs := depth.Crossings(level)
		if len(cs) == 0 {
			continue
		}
		if c, ok := damage[kind]; ok && !road {
			s := r.Component(n, i)
			if s.Float64() < c.At(depth.Peak()-level) {
				state := cmp.Or(c.State, network.DamageComplete)
				out = append(out, hazard.Impact{Time: cs[0].T, Kind: hazard.Damage, Target: i, State: state, Factor: fragility.DefaultFactor(state)})
			}
		}
		out = appendSuspensions(out, cs, i)
	}
	for l := range n.Links() {
		if n.LinkKind(l) != network.KindRoad {
			continue
		}
		path := linkPath(n, l)
		if path == nil {
			continue
		}
		if convert {
			path = slices.Clone(path) // Geometry aliases the network's arrays
			for k, p := range path {
				path[k] = toWater(p)
			}
		}
		depth := f.depthAlong(path)
		if depth.Peak() <= 0 {
			continue
		}
		out = roads.impacts(out, n, l, depth)
	}
	// No two impacts share (time, target, kind), hazard.Compare's key, so
	// an unstable sort gives hazard.Sort's order, in O(k log k) rather
	// than the stable sort's O(k log² k).
	slices.SortFunc(out, hazard.Compare)
	return out, nil
}

// IntensityAt returns the water depth in metres at p (in the network's
// CRS) at t (hazard.Intensity): the deeper of the areas containing p and
// the grids sampled at p, as a component at p would feel it, so that a
// chained hazard (hazard/chain's Above) can start when the water rises
// (a landslide, a dam overtopped). Errors are Impacts' (an invalid flood,
// a CRS that cannot be converted). O(A·V + F) for A areas of V corners in
// all and F frames.
func (f *Flood) IntensityAt(n *network.Network, p network.Point, t sim.Time, _ hazard.Rand) (float64, error) {
	if err := f.Validate(); err != nil {
		return 0, err
	}
	water := n.CRS()
	if f.WGS84 && !n.CRS().Geographic() {
		toWGS, err := n.CRS().ToWGS84()
		if err != nil {
			return 0, fmt.Errorf("flood %s: %w", f.Name(), err)
		}
		p, water = toWGS(p), network.WGS84
	}
	if err := f.checkCRS(water); err != nil {
		return 0, fmt.Errorf("flood %s: %w", f.Name(), err)
	}
	return f.depthAt(p).At(t), nil
}

// Extent returns the bounding box of the water, lo and hi corners in the
// water's CRS (the network's, or WGS84 with Flood.WGS84): the outer rings
// of every area and the extent of every grid, wet or dry. Nothing outside
// it is ever under water, so a flood whose extent misses every component
// and link of a network (coordinates in the wrong CRS or place) does
// nothing to it. ok is false for a flood without areas or frames.
// O(A·V + F) for A areas of V corners and F frames.
func (f *Flood) Extent() (lo, hi network.Point, ok bool) {
	var pts []network.Point
	for k := range f.Areas {
		for _, pg := range f.Areas[k].Polygons {
			if len(pg) > 0 && len(pg[0]) > 0 {
				b := boundsOf(pg[0])
				pts = append(pts, network.Point{X: b.minX, Y: b.minY}, network.Point{X: b.maxX, Y: b.maxY})
			}
		}
	}
	for _, fr := range f.Frames {
		if g := fr.Grid; g != nil {
			pts = append(pts, network.Point{X: g.X0, Y: g.Y0}, network.Point{X: g.X0 + float64(g.Cols)*g.Cell, Y: g.Y0 + float64(g.Rows)*g.Cell})
		}
	}
	if len(pts) == 0 {
		return lo, hi, false
	}
	b := boundsOf(pts)
	return network.Point{X: b.minX, Y: b.minY}, network.Point{X: b.maxX, Y: b.maxY}, true
}

// checkCRS checks that the corners of every area and the extent of every
// grid are places of crs, the water's CRS: coordinates in metres given
// to a WGS84 network (or to a flood marked WGS84) would otherwise flood
// nothing. Errors wrap hazard.ErrInvalid and the CRS's own error.
func (f *Flood) checkCRS(crs network.CRS) error {
	for k := range f.Areas {
		a := &f.Areas[k]
		for j, pg := range a.Polygons {
			for _, ring := range pg {
				for _, p := range ring {
					if err := crs.CheckPoint(p); err != nil {
						return fmt.Errorf("%w: area %q: polygon %d: a corner is no place in %v: %w", errInvalid, a.ID, j, crs, err)
					}
				}
			}
		}
	}
	for k, fr := range f.Frames {
		g := fr.Grid
		for _, p := range []network.Point{{X: g.X0, Y: g.Y0}, {X: g.X0 + float64(g.Cols)*g.Cell, Y: g.Y0 + float64(g.Rows)*g.Cell}} {
			if err := crs.CheckPoint(p); err != nil {
				return fmt.Errorf("%w: frame %d: the grid's extent is no place in %v: %w", errInvalid, k, crs, err)
			}
		}
	}
	return nil
}

// appendSuspensions turns crossings of a level into Suspend (rising above
// it) and Resume (falling back) impacts on component target.
func appendSuspensions(out []hazard.Impact, cs []Crossing, target int32) []hazard.Impact {
	for _, c := range cs {
		k := hazard.Resume
		if c.Up {
			k = hazard.Suspend
		}
		out = append(out, hazard.Impact{Time: c.T, Kind: k, Target: target})
	}
	return out
}

// roadRules turn a road link's depth into its impacts, with scratch space
// reused from link to link.
type roadRules struct {
	// levels: 0, step, 2·step, … below the closure depth, then the closure
	// depth (only 0 and the closure without a slowdown). Being above
	// levels[k-1] but not levels[k] puts the depth in band k; above every
	// level, the road is closed.
	levels []float64
	slow   bool
	evs    []Crossing
}

func newRoadRules(closure, step float64, noSlowdown bool) *roadRules {
	r := &roadRules{levels: []float64{0}, slow: !noSlowdown}
	if r.slow {
		for k := 1; float64(k)*step < closure; k++ {
			r.levels = append(r.levels, float64(k)*step)
		}
	}
	r.levels = append(r.levels, closure)
	return r
}

// impacts appends the impacts of depth on road link l: a slowdown
// (SetFactor TravelTime) by depth band, and a closure (Suspend … Resume)
// above the closure depth.
func (r *roadRules) impacts(out []hazard.Impact, n *network.Network, l int32, depth Hydrograph) []hazard.Impact {
	r.evs = r.evs[:0]
	for _, lv := range r.levels {
		r.evs = depth.appendCrossings(r.evs, lv)
	}
	evs := r.evs
	slices.SortStableFunc(evs, func(a, b Crossing) int { return cmp.Compare(a.T, b.T) })
	speed := roadSpeed(n, l)
	count, closed, factor := 0, false, 1.0
	for k := 0; k < len(evs); {
		t := evs[k].T
		for ; k < len(evs) && evs[k].T == t; k++ {
			if evs[k].Up {
				count++
			} else {
				count--
			}
		}
		nowClosed := count == len(r.levels)
		switch {
		case nowClosed && !closed:
			out = append(out, hazard.Impact{Time: t, Kind: hazard.Suspend, Target: l, Link: true})
		case !nowClosed && closed:
			out = append(out, hazard.Impact{Time: t, Kind: hazard.Resume, Target: l, Link: true})
		}
		closed = nowClosed
		if closed || !r.slow {
			continue
		}
		nf := 1.0
		if count > 0 {
			nf = speedFactor(r.levels[count], speed)
		}
		if nf != factor {
			out = append(out, hazard.Impact{Time: t, Kind: hazard.SetFactor, Param: hazard.TravelTime, Target: l, Link: true, Factor: nf})
			factor = nf
		}
	}
	return out
}

// PregnolatoSpeed returns the highest safe speed in km/h through standing
// water depth metres deep, from the depth–disruption function of
// Pregnolato, Ford, Wilkinson & Dawson (2017), "The impact of flooding on
// road transport: A depth-disruption function", Transportation Research
// Part D 55:67–81: v = 0.0009·w² − 0.5529·w + 86.9448 with w the depth in
// millimetres, fitted for 0 ≤ w ≤ 300 mm (beyond which they take the road
// to be impassable). Depths are clamped to that range.
func PregnolatoSpeed(depth float64) float64 {
	w := min(max(depth, 0), 0.3) * 1000
	return 0.0009*w*w - 0.5529*w + 86.9448
}

// roadSpeed returns road link l's free speed in km/h: its
// network.ParamSpeedKmh, or its Length over its FreeFlow; 0 when neither
// is known.
func roadSpeed(n *network.Network, l int32) float64 {
	if v := n.LinkParam(l, network.ParamSpeedKmh); v > 0 {
		return v
	}
	if ff := n.FreeFlow(l); ff > 0 && n.Length(l) > 0 {
		return n.Length(l) / ff.Hours() / 1000
	}
	return 0
}

// speedFactor returns the travel-time factor (speed ratio) of a road whose
// free speed is speed km/h under depth metres of water: the Pregnolato
// speed over the free speed, at most 1 (a slow street is not slowed by
// shallow water that still allows its speed); relative to the Pregnolato
// speed in dry conditions when the free speed is unknown (0).
func speedFactor(depth, speed float64) float64 {
	v := PregnolatoSpeed(depth)
	if speed <= 0 {
		speed = PregnolatoSpeed(0)
	}
	return min(1, v/speed)
}

// depthAt returns the depth hydrograph at p: the upper envelope of the
// areas containing p and of the frames sampled at p.
func (f *Flood) depthAt(p network.Point) Hydrograph {
	var h Hydrograph
	for k := range f.Areas {
		a := &f.Areas[k]
		for _, pg := range a.Polygons {
			if pg.Contains(p) {
				h = Max(h, a.Depth)
				break
			}
		}
	}
	if len(f.Frames) > 0 {
		g := make(Hydrograph, len(f.Frames))
		for k, fr := range f.Frames {
			g[k] = Step{T: fr.T, Depth: fr.Grid.Sample(p)}
		}
		if g.Peak() > 0 {
			h = Max(h, g)
		}
	}
	return h
}

// depthAlong returns the depth hydrograph of a polyline: the upper
// envelope of the areas it touches (any point of it inside, exactly) and
// of the frames sampled at its corners and at points between them no
// further apart than half the finest cell (at most maxSamples per
// segment).
func (f *Flood) depthAlong(path []network.Point) Hydrograph {
	var h Hydrograph
	box := boundsOf(path)
	for k := range f.Areas {
		a := &f.Areas[k]
	polygons:
		for _, pg := range a.Polygons {
			if !boundsOf(pg[0]).overlaps(box) {
				continue
			}
			for s := 1; s < len(path); s++ {
				if pg.Touches(path[s-1], path[s]) {
					h = Max(h, a.Depth)
					break polygons
				}
			}
		}
	}
	if len(f.Frames) == 0 {
		return h
	}
	cell := math.Inf(1)
	for _, fr := range f.Frames {
		cell = min(cell, fr.Grid.Cell)
	}
	spacing := cell / 2
	sample := func(p network.Point) {
		h2 := make(Hydrograph, len(f.Frames))
		for k, fr := range f.Frames {
			h2[k] = Step{T: fr.T, Depth: fr.Grid.Sample(p)}
		}
		if h2.Peak() > 0 {
			h = Max(h, h2)
		}
	}
	sample(path[0])
	for s := 1; s < len(path); s++ {
		a, b := path[s-1], path[s]
		parts := int(math.Ceil(math.Hypot(b.X-a.X, b.Y-a.Y) / spacing))
		parts = min(max(parts, 1), maxSamples)
		for k := 1; k <= parts; k++ {
			t := float64(k) / float64(parts)
			sample(network.Point{X: a.X + t*(b.X-a.X), Y: a.Y + t*(b.Y-a.Y)})
		}
	}
	return h
}

// maxSamples bounds the grid samples per segment of a link (a link far
// longer than the grid's cells): 4096.
const maxSamples = 4096
