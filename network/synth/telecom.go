package synth

import (
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// telecom lays central offices meshed by fiber, a fiber node (remote
// terminal) per district homed on its block's office, cell towers backhauled
// to the fiber node, the backup power of each, and the SCADA requirements of
// the transmission substations.
func (c *city) telecom() {
	rng := c.stream(streamTelecom)
	bw, bh := ceilDiv(c.w, coBlock), ceilDiv(c.h, coBlock)
	co := make([]string, bw*bh)
	coX, coY := make([]float64, bw*bh), make([]float64, bw*bh)
	fiber := func(from, to string, ax, ay, bx, by float64, geom bool) {
		l := network.Link{ID: c.nm.id("fb", c.nLinks+1), Kind: network.KindFiber, From: from, To: to}
		c.b.AddLink(c.link(l, ax, ay, bx, by, geom))
	}
	battery := func(dep, provider string, buffer sim.Time) {
		c.b.AddRequirement(network.Requirement{Dependent: dep, Providers: []string{provider},
			Buffer: buffer, Recharge: c.p.Recharge})
	}
	for k := range co {
		a, b := k%bw, k/bw
		d := min(coBlock*a+1, c.w-1) + min(coBlock*b+1, c.h-1)*c.w
		x, y := c.centre(d)
		x, y = x-0.1*c.size, y+0.1*c.size
		co[k], coX[k], coY[k] = c.nm.id("co", k+1), x, y
		c.component(x, y, network.Component{
			ID: co[k], Sector: network.Telecom, Kind: network.KindCentralOffice, Role: network.RoleSource,
		})
		battery(co[k], c.supplier(x, y), c.p.COBuffer)
	}
	for k := range co {
		a, b := k%bw, k/bw
		if a+1 < bw {
			fiber(co[k], co[k+1], coX[k], coY[k], coX[k+1], coY[k+1], true)
		}
		if b+1 < bh {
			fiber(co[k], co[k+bw], coX[k], coY[k], coX[k+bw], coY[k+bw], true)
		}
	}
	nt := c.tl.n()
	c.fn = make([]string, c.d)
	c.towers = make([]string, c.d*nt)
	pops := make([]int64, nt)
	for d := range c.d {
		dx, dy := d%c.w, d/c.w
		k := dx/coBlock + (dy/coBlock)*bw
		x, y := c.centre(d)
		x, y = x-0.1*c.size, y-0.1*c.size
		c.fn[d] = c.nm.id("fn", d+1)
		c.component(x, y, network.Component{ID: c.fn[d], Sector: network.Telecom, Kind: network.KindFiberNode})
		battery(c.fn[d], c.supplier(x, y), c.p.RemoteBuffer)
		fiber(c.fn[d], co[k], x, y, coX[k], coY[k], false)
		split(c.pop[d], pops, rng)
		for t := range nt {
			tx, ty := c.latticePos(d, c.tl, t, rng)
			id := c.nm.id("tw", d*nt+t+1)
			c.towers[d*nt+t] = id
			c.component(tx, ty, network.Component{
				ID: id, Sector: network.Telecom, Kind: network.KindCellTower, Role: network.RoleConsumer,
				Population: pops[t],
			})
			battery(id, c.supplier(tx, ty), c.p.TowerBuffer)
			fiber(c.fn[d], id, x, y, tx, ty, false)
		}
		// SCADA: the district's transmission substation is controlled
		// through its fiber node.
		c.b.AddRequirement(network.Requirement{Dependent: c.ts[d], Providers: []string{c.fn[d]},
			Lag: c.p.SCADALag, Kind: network.Cyber})
	}
}

// facilities places a shelter in every district and hospitals in random
// districts, with their requirements on power, water and telecom.
func (c *city) facilities() {
	rng := c.stream(streamFacilities)
	var people int64
	for _, n := range c.pop {
		people += n
	}
	junction := func(x, y float64) string {
		d, fx, fy := c.locate(x, y)
		return c.junc[d*c.wl.n()+c.wl.cell(fx, fy)]
	}
	for d := range c.d {
		x, y := c.randomPos(d, rng)
		id := c.nm.id("sh", d+1)
		c.component(x, y, network.Component{
			ID: id, Sector: Facilities, Kind: network.KindShelter, Role: network.RoleConsumer, Critical: true,
			Population: int64(float64(c.pop[d]) * shelterShare), Fragility: fragShelter,
		})
		c.b.AddRequirement(network.Requirement{Dependent: id, Providers: []string{c.supplier(x, y)}})
		c.b.AddRequirement(network.Requirement{Dependent: id, Providers: []string{junction(x, y)}})
	}
	nh := c.numHospitals()
	np := c.pl.n()
	for k, d := range rng.Perm(c.d)[:nh] {
		x, y := c.randomPos(d, rng)
		id := c.nm.id("ho", k+1)
		c.component(x, y, network.Component{
			ID: id, Sector: Facilities, Kind: network.KindHospital, Role: network.RoleConsumer, Critical: true,
			Population: people / int64(nh), Fragility: fragHospital,
		})
		// Dual feed: the substation of its cell and the next one in
		// the lattice, either of which suffices.
		_, fx, fy := c.locate(x, y)
		cell := c.pl.cell(fx, fy)
		providers := []string{c.ds[d*np+cell]}
		if np > 1 {
			providers = append(providers, c.ds[d*np+(cell+1)%np])
		}
		c.b.AddRequirement(network.Requirement{Dependent: id, Providers: providers, Logic: network.Any,
			Buffer: c.p.HospitalBuffer})
		c.b.AddRequirement(network.Requirement{Dependent: id, Providers: []string{junction(x, y)},
			Buffer: c.p.HospitalWater})
		c.b.AddRequirement(network.Requirement{Dependent: id,
			Providers: []string{c.towers[d*c.tl.n()+c.tl.cell(fx, fy)]},
			Effect:    network.Degrade, Factor: telecomFactor, Kind: network.Cyber})
	}
}

// signals makes the signalled intersections need power: without it they
// run at SignalFactor of their capacity (all-way stop).
func (c *city) signals() {
	for k, s := range c.signalled {
		if s {
			c.b.AddRequirement(network.Requirement{Dependent: c.inter[k],
				Providers: []string{c.supplier(c.interX[k], c.interY[k])},
				Effect:    network.Degrade, Factor: c.p.SignalFactor})
		}
	}
}
