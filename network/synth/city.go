package synth

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Shares of a district's components by sector (the water network takes the
// rest) and citywide spacings, documented in doc.go.
const (
	transportShare    = 0.40
	powerShare        = 0.20
	towerShare        = 0.08
	districtsPerPlant = 8  // generation plants
	districtsPerWTP   = 24 // treatment plants
	districtsPerHosp  = 4
	districtsPerTank  = 2
	coBlock           = 3 // a central office per coBlock×coBlock districts

	baseMVA       = 100.0
	xTransPerKm   = 0.4 / (230 * 230 / baseMVA)   // 0.4 Ω/km at 230 kV, p.u.
	xDistPerKm    = 0.4 / (13.8 * 13.8 / baseMVA) // 0.4 Ω/km at 13.8 kV, p.u.
	minRatingMW   = 1.0
	pminShare     = 0.2  // pmin_mw = 0.2 · pmax_mw
	shelterShare  = 0.02 // a shelter takes 2 % of its district's people
	groundElev    = 80.0 // m above sea level
	telecomFactor = 0.5  // a hospital's capacity factor without telecom

	arterialSpeed, localSpeed       = 60.0, 40.0     // km/h
	arterialCapacity, localCapacity = 3600.0, 900.0  // veh/h
	diamTrunk, diamMain             = 1.2, 0.6       // m
	diamFeed, diamDist, diamLeaf    = 0.4, 0.2, 0.15 // m
)

// Fragility classes used by the synthetic city (see doc.go).
const (
	fragGenA, fragGenU           = "EPP3", "EPP4"
	fragTransA, fragTransU       = "ESS3", "ESS4"
	fragDistA, fragDistU         = "ESS1", "ESS2"
	fragFeederA, fragFeederU     = "EDC1", "EDC2"
	fragMajorRoad, fragUrbanRoad = "HRD1", "HRD2"
	fragRiverOld, fragRiverNew   = "HWB1", "HWB2"
	fragPump, fragTank           = "InfraRisk:W_WP", "InfraRisk:W_T"
	fragPipe, fragMain           = "InfraRisk:W_P", "InfraRisk:W_PMA"
	fragWTP                      = "PWT3"
	fragHospital, fragShelter    = "", ""
)

var overpassFrags = [...]string{"HWB5", "HWB10", "HWB12", "HWB17"}

// Shared parameter maps: the builder only reads them.
var (
	arterialParams = map[network.Param]float64{network.ParamSpeedKmh: arterialSpeed}
	localParams    = map[network.Param]float64{network.ParamSpeedKmh: localSpeed}
)

// City builds the synthetic city described by p (see the package doc).
func City(p CityParams) (*network.Network, error) {
	b, err := CityBuilder(p)
	if err != nil {
		return nil, err
	}
	return b.Build()
}

// CityBuilder returns a builder holding the synthetic city described by p,
// ready to Build or to extend. Components of one class share their Params
// map; the builder only reads it.
func CityBuilder(p CityParams) (*network.Builder, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	c := newCity(p.withDefaults())
	c.roads()
	c.power()
	c.water()
	c.telecom()
	c.facilities()
	c.signals()
	return c.b, nil
}

// city is the state of one generation.
type city struct {
	p    CityParams
	b    *network.Builder
	fr   frame
	slab pointSlab
	nm   namer

	w, h, d      int     // districts across, up, in all
	size         float64 // district side, m
	halfX, halfY float64
	g            int     // road lattice side per district
	spacing      float64 // road spacing, m
	pl, wl, tl   lattice // power, water and tower lattices of a district
	waterExtra   int     // leaf junctions per district beyond the water lattice
	riverCol     int     // road-grid column just east of the river, -1 without one
	zones        []string
	pop          []int64 // people per district

	inter          []string // intersection IDs, ix + iy·gx
	interX, interY []float64
	signalled      []bool
	ts, fn, mj     []string // per district
	tsX, tsY       []float64
	ds             []string // distribution substations, district-major
	junc           []string // lattice junctions, district-major
	towers         []string
	nLinks         int
}

// stream returns the random stream for one purpose; streams are independent
// so that changing one part of the city leaves the others as they were.
func (c *city) stream(purpose uint64) *rand.Rand {
	return rand.New(rand.NewPCG(c.p.Seed, 0x9e3779b97f4a7c15*(purpose+1)))
}

const (
	streamRoads = iota
	streamPower
	streamWater
	streamTelecom
	streamFacilities
	streamSignals
)

func newCity(p CityParams) *city {
	c := &city{p: p, b: network.NewBuilder(), fr: newFrame(p.Origin), size: p.DistrictSize}
	c.w, c.h = p.districts()
	c.d = c.w * c.h
	c.halfX, c.halfY = float64(c.w)*c.size/2, float64(c.h)*c.size/2
	B := float64(p.Components) / float64(c.d)

	c.g = max(2, int(math.Round(math.Sqrt(transportShare*B))))
	c.spacing = c.size / float64(c.g)
	c.pl = shape(int(math.Round(powerShare * B)))
	c.tl = shape(int(math.Round(towerShare * B)))
	c.riverCol = -1
	riverBridges := 0
	if !p.NoRiver {
		c.riverCol = max(1, c.w/4) * c.g
		riverBridges = c.h
	}
	citywide := c.numPlants() + c.numWTP() + c.numCO() + c.numHospitals() + c.numTanks() + riverBridges
	perDistrictFixed := 5.0 // transmission substation, main junction, pump, fiber node, shelter
	overpasses := p.BridgeFraction * 1.35 * float64(c.g*c.g)
	nWater := int(math.Round(B - float64(c.g*c.g) - overpasses - float64(c.pl.n()+c.tl.n()) -
		perDistrictFixed - float64(citywide)/float64(c.d)))
	nWater = max(nWater, 2)
	c.wl = lattice{max(1, int(math.Sqrt(float64(nWater)))), 0}
	c.wl.ny = max(1, nWater/c.wl.nx)
	c.waterExtra = nWater - c.wl.n()

	c.zones = make([]string, c.d)
	c.pop = make([]int64, c.d)
	weights := make([]float64, c.d)
	sum := 0.0
	r0 := 0.35 * math.Min(2*c.halfX, 2*c.halfY)
	for d := range c.d {
		dx, dy := d%c.w, d/c.w
		c.zones[d] = fmt.Sprintf("D%02d-%02d", dx, dy)
		x, y := c.centre(d)
		weights[d] = 0.4 + 1.6*math.Exp(-(x*x+y*y)/(r0*r0))
		sum += weights[d]
	}
	mean := p.Density * c.size * c.size / 1e6
	for d := range c.d {
		c.pop[d] = int64(math.Round(mean * float64(c.d) * weights[d] / sum))
	}
	n := p.Components
	c.b.Grow(n+n/16, n+n/2, n/4)
	c.b.SetName(fmt.Sprintf("synthetic city (seed %d, %d components)", p.Seed, p.Components))
	c.b.SetAttr(network.ParamBaseMVA, baseMVA)
	return c
}

func (c *city) numPlants() int    { return max(2, ceilDiv(c.d, districtsPerPlant)) }
func (c *city) numWTP() int       { return max(1, ceilDiv(c.d, districtsPerWTP)) }
func (c *city) numCO() int        { return ceilDiv(c.w, coBlock) * ceilDiv(c.h, coBlock) }
func (c *city) numHospitals() int { return max(1, (c.d+districtsPerHosp/2)/districtsPerHosp) }
func (c *city) numTanks() int     { return ceilDiv(c.d, districtsPerTank) }

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// corner returns the south-west corner of district d in local metres.
func (c *city) corner(d int) (x, y float64) {
	return -c.halfX + float64(d%c.w)*c.size, -c.halfY + float64(d/c.w)*c.size
}

// centre returns the centre of district d in local metres.
func (c *city) centre(d int) (x, y float64) {
	x, y = c.corner(d)
	return x + c.size/2, y + c.size/2
}

// locate returns the district of a point and its fractional position in it.
func (c *city) locate(x, y float64) (d int, fx, fy float64) {
	dx := min(max(int((x+c.halfX)/c.size), 0), c.w-1)
	dy := min(max(int((y+c.halfY)/c.size), 0), c.h-1)
	d = dx + dy*c.w
	x0, y0 := c.corner(d)
	return d, (x - x0) / c.size, (y - y0) / c.size
}

// latticePos returns the jittered position of element k of lattice l in district d.
func (c *city) latticePos(d int, l lattice, k int, rng *rand.Rand) (x, y float64) {
	x0, y0 := c.corner(d)
	sx, sy := c.size/float64(l.nx), c.size/float64(l.ny)
	i, j := k%l.nx, k/l.nx
	return x0 + (float64(i)+0.5+0.4*(rng.Float64()-0.5))*sx, y0 + (float64(j)+0.5+0.4*(rng.Float64()-0.5))*sy
}

// randomPos returns a uniform position in district d, away from its edges.
func (c *city) randomPos(d int, rng *rand.Rand) (x, y float64) {
	x0, y0 := c.corner(d)
	return x0 + c.size*(0.05+0.9*rng.Float64()), y0 + c.size*(0.05+0.9*rng.Float64())
}

// access returns the intersection of the road-grid cell holding (x, y).
func (c *city) access(x, y float64) string {
	gx, gy := c.w*c.g, c.h*c.g
	ix := min(max(int((x+c.halfX)/c.spacing), 0), gx-1)
	iy := min(max(int((y+c.halfY)/c.spacing), 0), gy-1)
	return c.inter[ix+iy*gx]
}

// supplier returns the distribution substation of the power-lattice cell holding (x, y).
func (c *city) supplier(x, y float64) string {
	d, fx, fy := c.locate(x, y)
	return c.ds[d*c.pl.n()+c.pl.cell(fx, fy)]
}

// component adds a located component with its zone and road access.
func (c *city) component(x, y float64, comp network.Component) {
	comp.Location = c.slab.one(c.fr.lonLat(x, y))
	d, _, _ := c.locate(x, y)
	comp.Zone = c.zones[d]
	if comp.Access == "" {
		comp.Access = c.access(x, y)
	}
	c.b.AddComponent(comp)
}

// link adds a link between located ends, setting its length; geometry adds
// the straight two-point polyline.
func (c *city) link(l network.Link, ax, ay, bx, by float64, geometry bool) network.Link {
	a, b := c.fr.lonLat(ax, ay), c.fr.lonLat(bx, by)
	l.Length = network.WGS84.Distance(a, b)
	if geometry {
		l.Geometry = c.slab.two(a, b)
	}
	c.nLinks++
	return l
}

func pick[T any](rng *rand.Rand, p float64, a, b T) T {
	if rng.Float64() < p {
		return a
	}
	return b
}

func secs(lengthM, speedKmh float64) sim.Time {
	return sim.Time(math.Round(lengthM / (speedKmh / 3.6) * float64(sim.Second)))
}

// roads lays the road grid: intersections on a jittered square grid,
// arterials every ArterialEvery lines, local streets thinned to a random
// spanning tree plus loops, river bridges and overpasses as components.
func (c *city) roads() {
	rng := c.stream(streamRoads)
	gx, gy := c.w*c.g, c.h*c.g
	n := gx * gy
	c.inter = make([]string, n)
	c.interX, c.interY = make([]float64, n), make([]float64, n)
	for k := range n {
		ix, iy := k%gx, k/gx
		x := -c.halfX + (float64(ix)+0.5+0.3*(rng.Float64()-0.5))*c.spacing
		y := -c.halfY + (float64(iy)+0.5+0.3*(rng.Float64()-0.5))*c.spacing
		c.interX[k], c.interY[k] = x, y
		c.inter[k] = c.nm.id("i", k+1)
		c.component(x, y, network.Component{
			ID: c.inter[k], Sector: network.Transport, Kind: network.KindIntersection,
			Access: c.inter[k],
		})
	}
	ae := c.p.ArterialEvery
	nh := (gx - 1) * gy
	river := func(e int) bool { return e < nh && e%(gx-1) == c.riverCol-1 }
	bridgeRow := func(e int) bool { return (e/(gx-1))%c.g == c.g/2 }
	arterial := func(e int) bool {
		if e < nh {
			return (e/(gx-1))%ae == 0
		}
		return ((e-nh)%gx)%ae == 0
	}
	skip := func(e int) bool { return river(e) && !bridgeRow(e) }
	required := func(e int) bool { return arterial(e) || river(e) }
	keep := sparseGrid(gx, gy, c.p.RoadLoops, required, skip, rng)
	nb := 0
	for e, ok := range keep {
		if !ok {
			continue
		}
		a, b := gridEnds(gx, nh, e)
		ax, ay, bx, by := c.interX[a], c.interY[a], c.interX[b], c.interY[b]
		art := arterial(e)
		if river(e) || rng.Float64() < c.p.BridgeFraction {
			nb++
			br := c.nm.id("br", nb)
			frag := overpassFrags[rng.IntN(len(overpassFrags))]
			if river(e) {
				frag = pick(rng, 0.5, fragRiverOld, fragRiverNew)
			}
			mx, my := (ax+bx)/2, (ay+by)/2
			c.component(mx, my, network.Component{
				ID: br, Sector: network.Transport, Kind: network.KindBridge, Fragility: frag, Access: c.inter[a],
			})
			c.road(c.inter[a], br, ax, ay, mx, my, art)
			c.road(br, c.inter[b], mx, my, bx, by, art)
			continue
		}
		c.road(c.inter[a], c.inter[b], ax, ay, bx, by, art)
	}
	c.signalled = make([]bool, n)
	for k := range n {
		ix, iy := k%gx, k/gx
		a1, a2 := ix%ae == 0, iy%ae == 0
		c.signalled[k] = (a1 && a2) || (a1 != a2 && rng.Float64() < c.p.SignalShare)
	}
}

func (c *city) road(from, to string, ax, ay, bx, by float64, arterial bool) {
	l := network.Link{ID: c.nm.id("rd", c.nLinks+1), Kind: network.KindRoad, From: from, To: to,
		Capacity: localCapacity, Fragility: fragUrbanRoad, Params: localParams}
	speed := localSpeed
	if arterial {
		l.Capacity, l.Fragility, l.Params, speed = arterialCapacity, fragMajorRoad, arterialParams, arterialSpeed
	}
	l = c.link(l, ax, ay, bx, by, arterial)
	l.FreeFlow = secs(l.Length, speed)
	c.b.AddLink(l)
}

// power lays the grid: a transmission substation per district meshed with
// its neighbours, generation plants at some of them, and radial feeders of
// distribution substations (the loads) with normally-open ties.
func (c *city) power() {
	rng := c.stream(streamPower)
	np := c.pl.n()
	c.ts = make([]string, c.d)
	c.tsX, c.tsY = make([]float64, c.d), make([]float64, c.d)
	c.ds = make([]string, c.d*np)
	load := make([]float64, c.d)
	dsX, dsY := make([]float64, np), make([]float64, np)
	demand := make([]float64, np)
	pops := make([]int64, np)
	var totalLoad float64
	for d := range c.d {
		x, y := c.centre(d)
		x += 0.2 * c.size * (rng.Float64() - 0.5)
		y += 0.2 * c.size * (rng.Float64() - 0.5)
		c.ts[d], c.tsX[d], c.tsY[d] = c.nm.id("ts", d+1), x, y
		c.component(x, y, network.Component{
			ID: c.ts[d], Sector: network.Power, Kind: network.KindSubstation,
			Fragility: pick(rng, 0.5, fragTransA, fragTransU),
		})
		split(c.pop[d], pops, rng)
		for k := range np {
			dsX[k], dsY[k] = c.latticePos(d, c.pl, k, rng)
			demand[k] = float64(pops[k]) * c.p.LoadPerCapita / 1000
			load[d] += demand[k]
			id := c.nm.id("ds", d*np+k+1)
			c.ds[d*np+k] = id
			c.component(dsX[k], dsY[k], network.Component{
				ID: id, Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleConsumer,
				Demand: demand[k], Population: pops[k], Fragility: pick(rng, 0.5, fragDistA, fragDistU),
			})
		}
		totalLoad += load[d]
		c.feeders(d, dsX, dsY, demand, x, y, rng)
	}

	// Generation: plants at random distinct districts, capacity (1 + margin)·load.
	ng := c.numPlants()
	order := rng.Perm(c.d)[:ng]
	w := make([]float64, ng)
	sw := 0.0
	for k := range w {
		w[k] = 0.7 + 0.6*rng.Float64()
		sw += w[k]
	}
	inj := make([]float64, c.d)
	for d := range c.d {
		inj[d] = -load[d]
	}
	for k, d := range order {
		pmax := (1 + c.p.ReserveMargin) * totalLoad * w[k] / sw
		pg := pmax / (1 + c.p.ReserveMargin)
		inj[d] += pg
		id := c.nm.id("gen", k+1)
		x, y := c.tsX[d]+300, c.tsY[d]
		c.component(x, y, network.Component{
			ID: id, Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource,
			Capacity: pmax, Fragility: pick(rng, 0.5, fragGenA, fragGenU),
			Params: map[network.Param]float64{network.ParamPmaxMW: pmax, network.ParamPminMW: pminShare * pmax, network.ParamPgMW: pg},
		})
		l := c.link(network.Link{ID: c.nm.id("pl", c.nLinks+1), Kind: network.KindConnection, From: c.ts[d], To: id,
			Rating: c.rating(pg)}, c.tsX[d], c.tsY[d], x, y, false)
		c.b.AddLink(l)
	}

	// Transmission mesh between neighbouring districts, rated from a DC power flow.
	var from, to []int32
	var x []float64
	for d := range c.d {
		dx, dy := d%c.w, d/c.w
		for _, e := range [2]int{d + 1, d + c.w} {
			if (e == d+1 && dx+1 >= c.w) || (e == d+c.w && dy+1 >= c.h) {
				continue
			}
			l := network.WGS84.Distance(c.fr.lonLat(c.tsX[d], c.tsY[d]), c.fr.lonLat(c.tsX[e], c.tsY[e]))
			from, to = append(from, int32(d)), append(to, int32(e))
			x = append(x, xTransPerKm*math.Max(l, 1)/1000)
		}
	}
	for i := range inj {
		inj[i] /= baseMVA
	}
	flows := dcFlows(c.d, from, to, x, inj, order[0])
	for k := range from {
		a, b := from[k], to[k]
		l := c.link(network.Link{ID: c.nm.id("pl", c.nLinks+1), Kind: network.KindLine, From: c.ts[a], To: c.ts[b],
			Reactance: x[k], Rating: c.rating(math.Abs(flows[k]) * baseMVA)},
			c.tsX[a], c.tsY[a], c.tsX[b], c.tsY[b], true)
		c.b.AddLink(l)
	}
}

// rating returns a line's rating for its base-case flow in MW.
func (c *city) rating(flow float64) float64 { return math.Max(minRatingMW, c.p.RatingMargin*flow) }

// split shares total people among len(out) elements with random weights in [0.5, 1.5).
func split(total int64, out []int64, rng *rand.Rand) {
	w := make([]float64, len(out))
	s := 0.0
	for k := range w {
		w[k] = 0.5 + rng.Float64()
		s += w[k]
	}
	var given int64
	for k := range out {
		out[k] = int64(float64(total) * w[k] / s)
		given += out[k]
	}
	for k := 0; given < total; k = (k + 1) % len(out) {
		out[k]++
		given++
	}
}

// feeders lays one radial feeder per lattice row of district d: from the
// transmission substation to the row's middle element and outwards both
// ways; rows are tied at their east ends by normally-open lines.
func (c *city) feeders(d int, dsX, dsY, demand []float64, tx, ty float64, rng *rand.Rand) {
	nx, ny := c.pl.nx, c.pl.ny
	base := d * c.pl.n()
	mid := nx / 2
	rowFlow := make([]float64, ny)
	line := func(from, to string, ax, ay, bx, by, flow float64, off bool) {
		l := network.Link{ID: c.nm.id("pl", c.nLinks+1), Kind: network.KindLine, From: from, To: to,
			Rating: c.rating(flow), Fragility: pick(rng, 0.5, fragFeederA, fragFeederU), OutOfService: off}
		l = c.link(l, ax, ay, bx, by, false)
		l.Reactance = xDistPerKm * math.Max(l.Length, 1) / 1000
		c.b.AddLink(l)
	}
	for j := range ny {
		row := j * nx
		for i := range nx {
			rowFlow[j] += demand[row+i]
		}
		h := row + mid
		line(c.ts[d], c.ds[base+h], tx, ty, dsX[h], dsY[h], rowFlow[j], false)
		down := rowFlow[j] - demand[h] // flow beyond the head, split by side
		east := 0.0
		for i := mid + 1; i < nx; i++ {
			east += demand[row+i]
		}
		west := down - east
		for i := mid + 1; i < nx; i++ {
			a, b := row+i-1, row+i
			line(c.ds[base+a], c.ds[base+b], dsX[a], dsY[a], dsX[b], dsY[b], east, false)
			east -= demand[b]
		}
		for i := mid - 1; i >= 0; i-- {
			a, b := row+i+1, row+i
			line(c.ds[base+a], c.ds[base+b], dsX[a], dsY[a], dsX[b], dsY[b], west, false)
			west -= demand[b]
		}
	}
	for j := 0; j+1 < ny; j++ {
		a, b := j*nx+nx-1, (j+1)*nx+nx-1
		line(c.ds[base+a], c.ds[base+b], dsX[a], dsY[a], dsX[b], dsY[b], math.Max(rowFlow[j], rowFlow[j+1]), true)
	}
}

// water lays the water system: a main junction per district on a trunk
// grid, a booster pump into each district's looped distribution mesh of
// consumer junctions, elevated tanks and treatment plants.
func (c *city) water() {
	rng := c.stream(streamWater)
	nj := c.wl.n() + c.waterExtra
	c.mj = make([]string, c.d)
	c.junc = make([]string, c.d*c.wl.n())
	mjX, mjY := make([]float64, c.d), make([]float64, c.d)
	jx, jy := make([]float64, nj), make([]float64, nj)
	pops := make([]int64, nj)
	perCapita := c.p.WaterPerCapita / 86400
	var total float64
	pipe := func(id string, from, to string, ax, ay, bx, by, diam float64, frag string, geom bool) {
		l := network.Link{ID: id, Kind: network.KindPipe, From: from, To: to, Diameter: diam, Fragility: frag}
		c.b.AddLink(c.link(l, ax, ay, bx, by, geom))
	}
	var people int64
	for _, n := range c.pop {
		people += n
	}
	storage := c.p.TankStorage.Duration().Seconds() * float64(people) * perCapita / float64(c.numTanks())
	nTank := 0
	for d := range c.d {
		x, y := c.centre(d)
		mx, my := x+0.1*c.size, y-0.1*c.size
		c.mj[d], mjX[d], mjY[d] = c.nm.id("mj", d+1), mx, my
		c.component(mx, my, network.Component{ID: c.mj[d], Sector: network.Water, Kind: network.KindJunction})
		pu := c.nm.id("pu", d+1)
		px, py := mx+50, my
		c.component(px, py, network.Component{
			ID: pu, Sector: network.Water, Kind: network.KindPump, Fragility: fragPump,
		})
		c.b.AddRequirement(network.Requirement{Dependent: pu, Providers: []string{c.supplier(px, py)}, Lag: c.p.PumpLag})
		pipe(c.nm.id("wp", c.nLinks+1), c.mj[d], pu, mx, my, px, py, diamMain, fragMain, false)

		split(c.pop[d], pops, rng)
		ids := make([]string, nj)
		for k := range nj {
			if k < c.wl.n() {
				jx[k], jy[k] = c.latticePos(d, c.wl, k, rng)
			} else {
				jx[k], jy[k] = c.randomPos(d, rng)
			}
			ids[k] = c.nm.id("j", d*nj+k+1)
			q := float64(pops[k]) * perCapita
			total += q
			c.component(jx[k], jy[k], network.Component{
				ID: ids[k], Sector: network.Water, Kind: network.KindJunction, Role: network.RoleConsumer,
				Demand: q, Population: pops[k],
			})
		}
		copy(c.junc[d*c.wl.n():], ids[:c.wl.n()])
		centre := c.wl.cell(0.5, 0.5)
		pipe(c.nm.id("wp", c.nLinks+1), pu, ids[centre], px, py, jx[centre], jy[centre], diamFeed, fragPipe, false)
		nh := (c.wl.nx - 1) * c.wl.ny
		if c.wl.n() > 1 {
			keep := sparseGrid(c.wl.nx, c.wl.ny, c.p.PipeLoops, nil, nil, rng)
			for e, ok := range keep {
				if ok {
					a, b := gridEnds(c.wl.nx, nh, e)
					pipe(c.nm.id("wp", c.nLinks+1), ids[a], ids[b], jx[a], jy[a], jx[b], jy[b], diamDist, fragPipe, false)
				}
			}
		}
		for k := c.wl.n(); k < nj; k++ {
			_, fx, fy := c.locate(jx[k], jy[k])
			a := c.wl.cell(fx, fy)
			pipe(c.nm.id("wp", c.nLinks+1), ids[a], ids[k], jx[a], jy[a], jx[k], jy[k], diamLeaf, fragPipe, false)
		}
		if d%districtsPerTank == 0 {
			nTank++
			id := c.nm.id("tk", nTank)
			tx, ty := jx[0]+60, jy[0]+60
			c.component(tx, ty, network.Component{
				ID: id, Sector: network.Water, Kind: network.KindTank, Role: network.RoleSource,
				Storage: storage, Fragility: fragTank, Params: map[network.Param]float64{network.ParamElevationM: groundElev + 30 + 15*rng.Float64()},
			})
			pipe(c.nm.id("wp", c.nLinks+1), ids[0], id, jx[0], jy[0], tx, ty, diamFeed, fragPipe, false)
		}
	}

	// Trunk mains between neighbouring districts.
	for d := range c.d {
		dx, dy := d%c.w, d/c.w
		if dx+1 < c.w {
			pipe(c.nm.id("wp", c.nLinks+1), c.mj[d], c.mj[d+1], mjX[d], mjY[d], mjX[d+1], mjY[d+1], diamMain, fragMain, true)
		}
		if dy+1 < c.h {
			pipe(c.nm.id("wp", c.nLinks+1), c.mj[d], c.mj[d+c.w], mjX[d], mjY[d], mjX[d+c.w], mjY[d+c.w], diamMain, fragMain, true)
		}
	}

	// Treatment plants: on the river's east bank, or in random districts.
	nw := c.numWTP()
	perm := rng.Perm(c.d)
	for k := range nw {
		var x, y float64
		if c.riverCol >= 0 {
			x = -c.halfX + float64(c.riverCol)*c.spacing + 0.2*c.spacing
			y = -c.halfY + (float64(k)+0.5)/float64(nw)*2*c.halfY
		} else {
			x, y = c.randomPos(perm[k], rng)
		}
		d, _, _ := c.locate(x, y)
		id := c.nm.id("wtp", k+1)
		c.component(x, y, network.Component{
			ID: id, Sector: network.Water, Kind: network.KindTreatmentPlant, Role: network.RoleSource,
			Capacity: (1 + c.p.ReserveMargin) * total / float64(nw), Fragility: fragWTP,
		})
		c.b.AddRequirement(network.Requirement{Dependent: id, Providers: []string{c.supplier(x, y)}, Lag: c.p.PumpLag})
		pipe(c.nm.id("wp", c.nLinks+1), id, c.mj[d], x, y, mjX[d], mjY[d], diamTrunk, fragMain, true)
	}
}
