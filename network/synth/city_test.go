package synth

import (
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

func mustCity(t *testing.T, p CityParams) *network.Network {
	t.Helper()
	n, err := City(p)
	if err != nil {
		t.Fatalf("City(%+v): %v", p, err)
	}
	return n
}

// TestCityDeterministic compares every component, link and requirement of
// two cities built from the same parameters, and checks that another seed
// gives another city.
func TestCityDeterministic(t *testing.T) {
	p := CityParams{Seed: 11, Components: 1500}
	a, b := mustCity(t, p), mustCity(t, p)
	if a.NumComponents() != b.NumComponents() || a.NumLinks() != b.NumLinks() || a.NumRequirements() != b.NumRequirements() {
		t.Fatalf("sizes differ: %d/%d/%d vs %d/%d/%d", a.NumComponents(), a.NumLinks(), a.NumRequirements(),
			b.NumComponents(), b.NumLinks(), b.NumRequirements())
	}
	for i := range a.Components() {
		if x, y := a.Component(i), b.Component(i); !reflect.DeepEqual(x, y) {
			t.Fatalf("component %d differs:\n%+v\n%+v", i, x, y)
		}
	}
	for l := range a.Links() {
		if x, y := a.Link(l), b.Link(l); !reflect.DeepEqual(x, y) {
			t.Fatalf("link %d differs:\n%+v\n%+v", l, x, y)
		}
	}
	for r := range a.Requirements() {
		if x, y := a.Requirement(r), b.Requirement(r); !reflect.DeepEqual(x, y) {
			t.Fatalf("requirement %d differs:\n%+v\n%+v", r, x, y)
		}
	}
	c := mustCity(t, CityParams{Seed: 12, Components: 1500})
	same := true
	for i := range min(a.NumComponents(), c.NumComponents()) {
		if !reflect.DeepEqual(a.Component(int32(i)), c.Component(int32(i))) {
			same = false
			break
		}
	}
	if same {
		t.Error("seeds 11 and 12 gave identical components")
	}
}

// TestCitySizes checks that the built city has the requested number of
// components within 5 % (the documented tolerance: per-district rounding
// and the random number of overpasses).
func TestCitySizes(t *testing.T) {
	for _, p := range []CityParams{
		{Components: 200}, {Components: 300}, {Components: 301, Seed: 5}, {Components: 2000},
		{Components: 5000, DistrictComponents: 60}, {Components: 30000, NoRiver: true},
		{Components: 50000, Seed: 9, DistrictComponents: 5000},
	} {
		n := mustCity(t, p)
		got, want := n.NumComponents(), p.Components
		if math.Abs(float64(got-want)) > 0.05*float64(want) {
			t.Errorf("%+v: %d components, want %d ± 5 %%", p, got, want)
		}
	}
}

// sectorOf returns the index of sector s, failing t if it is absent.
func sectorOf(t *testing.T, n *network.Network, s network.Sector) network.SectorIndex {
	t.Helper()
	si, ok := n.SectorIndexOf(s)
	if !ok {
		t.Fatalf("sector %s missing", s)
	}
	return si
}

// reqsBySector returns the requirements of component i whose first
// provider is in sector s.
func reqsBySector(n *network.Network, i int32, s network.SectorIndex) []int32 {
	var out []int32
	for _, r := range n.RequirementsOf(i) {
		if n.ComponentSector(n.Providers(r)[0]) == s {
			out = append(out, r)
		}
	}
	return out
}

// TestCityContents checks the documented contents for a small and a
// mid-size city: sectors and sources, requirements, geography, connectivity.
func TestCityContents(t *testing.T) {
	for _, p := range []CityParams{{Components: 300, Seed: 2}, {Components: 20000, Seed: 3}} {
		n := mustCity(t, p)
		q := p.withDefaults()
		power, water := sectorOf(t, n, network.Power), sectorOf(t, n, network.Water)
		transport, telecom := sectorOf(t, n, network.Transport), sectorOf(t, n, network.Telecom)
		sectorOf(t, n, Facilities)
		for _, s := range []network.SectorIndex{power, water, telecom} {
			if len(n.Sources(s)) == 0 {
				t.Errorf("%s has no sources", n.SectorName(s))
			}
		}
		if n.Attr(network.ParamBaseMVA) != 100 {
			t.Errorf("base_mva = %v", n.Attr(network.ParamBaseMVA))
		}
		counts := map[network.Kind]int{}
		var load, pmax, pg float64
		for i := range n.Components() {
			k := n.ComponentKind(i)
			counts[k]++
			if a := n.Access(i); a < 0 || n.ComponentSector(a) != transport {
				t.Fatalf("%s: access %d is not a transport component", n.ComponentID(i), a)
			}
			loc, ok := n.Location(i)
			if !ok || n.Zone(i) < 0 {
				t.Fatalf("%s: no location or zone", n.ComponentID(i))
			}
			if math.Abs(loc.X-DefaultOrigin.X) > 1 || math.Abs(loc.Y-DefaultOrigin.Y) > 1 {
				t.Fatalf("%s at %v: far from the origin", n.ComponentID(i), loc)
			}
			if n.ComponentSector(i) == power {
				load += n.Demand(i)
				pmax += n.ComponentParam(i, network.ParamPmaxMW)
				pg += n.ComponentParam(i, network.ParamPgMW)
			}
			switch k {
			case network.KindPump, network.KindTreatmentPlant:
				if len(reqsBySector(n, i, power)) != 1 {
					t.Errorf("%s: want one power requirement", n.ComponentID(i))
				}
			case network.KindCellTower, network.KindFiberNode, network.KindCentralOffice:
				rs := reqsBySector(n, i, power)
				want := map[network.Kind]sim.Time{network.KindCellTower: 8 * sim.Hour,
					network.KindFiberNode: 8 * sim.Hour, network.KindCentralOffice: 24 * sim.Hour}[k]
				if len(rs) != 1 || n.Buffer(rs[0]) != want || n.Recharge(rs[0]) != DefaultRecharge {
					t.Errorf("%s: want one power requirement buffered %v", n.ComponentID(i), want)
				}
			case network.KindHospital:
				if !n.Critical(i) {
					t.Errorf("%s: not critical", n.ComponentID(i))
				}
				pw := reqsBySector(n, i, power)
				if len(pw) != 1 || n.Buffer(pw[0]) != 96*sim.Hour || n.Recharge(pw[0]) != 0 || n.Need(pw[0]) != 1 {
					t.Errorf("%s: want one power requirement with a 96 h generator", n.ComponentID(i))
				}
				if len(reqsBySector(n, i, water)) != 1 || len(reqsBySector(n, i, telecom)) != 1 {
					t.Errorf("%s: want water and telecom requirements", n.ComponentID(i))
				}
			case network.KindShelter:
				if !n.Critical(i) || len(reqsBySector(n, i, power)) != 1 || len(reqsBySector(n, i, water)) != 1 {
					t.Errorf("%s: want a critical shelter needing power and water", n.ComponentID(i))
				}
			case network.KindSubstation:
				if n.Role(i) == network.RoleTransit {
					rs := reqsBySector(n, i, telecom)
					if len(rs) != 1 || n.DepKind(rs[0]) != network.Cyber || n.Lag(rs[0]) != 30*sim.Minute {
						t.Errorf("%s: want a SCADA requirement with a 30 min lag", n.ComponentID(i))
					} else if fn := n.Providers(rs[0])[0]; len(reqsBySector(n, fn, power)) != 1 {
						t.Errorf("%s: its fiber node %s needs no power: no power ↔ telecom loop",
							n.ComponentID(i), n.ComponentID(fn))
					}
				}
			case network.KindIntersection:
				for _, r := range n.RequirementsOf(i) {
					if n.Effect(r) != network.Degrade || n.Factor(r) != q.SignalFactor || n.ComponentSector(n.Providers(r)[0]) != power {
						t.Errorf("%s: signal requirement is not a degrading power requirement", n.ComponentID(i))
					}
				}
			}
		}
		for _, k := range []network.Kind{network.KindGenerator, network.KindSubstation, network.KindTreatmentPlant,
			network.KindPump, network.KindTank, network.KindJunction, network.KindIntersection, network.KindBridge,
			network.KindCentralOffice, network.KindFiberNode, network.KindCellTower, network.KindHospital, network.KindShelter} {
			if counts[k] == 0 {
				t.Errorf("%+v: no %s", p, k)
			}
		}
		if pmax < (1+q.ReserveMargin)*load*(1-1e-9) || math.Abs(pg-load) > 1e-9*load {
			t.Errorf("generation: Σpmax = %v, Σpg = %v for load %v", pmax, pg, load)
		}
		for s := range n.Sectors() {
			if s != sectorOf(t, n, Facilities) && !connected(n, s) {
				t.Errorf("%s is not connected", n.SectorName(s))
			}
		}
		for l := range n.Links() {
			if n.Length(l) <= 0 {
				t.Fatalf("link %s has length %v", n.LinkID(l), n.Length(l))
			}
			switch n.LinkKind(l) {
			case network.KindRoad:
				v := n.LinkParam(l, network.ParamSpeedKmh)
				if want := sim.Time(n.Length(l) / (v / 3.6) * 1e9); v <= 0 || n.LinkCapacity(l) <= 0 ||
					math.Abs(float64(n.FreeFlow(l)-want)) > 1 {
					t.Fatalf("road %s: speed %v, free flow %v, want %v", n.LinkID(l), v, n.FreeFlow(l), want)
				}
			case network.KindPipe:
				if n.Diameter(l) <= 0 {
					t.Fatalf("pipe %s without diameter", n.LinkID(l))
				}
			case network.KindLine:
				if n.Reactance(l) <= 0 || n.Rating(l) <= 0 {
					t.Fatalf("line %s: reactance %v, rating %v", n.LinkID(l), n.Reactance(l), n.Rating(l))
				}
			}
		}
	}
}

// connected reports whether the in-service links of sector s join all its
// members.
func connected(n *network.Network, s network.SectorIndex) bool {
	m := n.SectorMembers(s)
	seen := map[int32]bool{m[0]: true}
	queue := []int32{m[0]}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		nb, ls := n.Out(u)
		for k, v := range nb {
			if !seen[v] && !n.OutOfService(ls[k]) {
				seen[v] = true
				queue = append(queue, v)
			}
		}
	}
	return len(seen) == len(m)
}

// TestCityPowerFlow solves the base-case DC power flow of a small city
// independently (dense Gaussian elimination over the whole power network,
// connections merged as zero impedance) and checks that every in-service
// line carries at most rating/RatingMargin.
func TestCityPowerFlow(t *testing.T) {
	for _, margin := range []float64{0, 1.2} {
		p := CityParams{Seed: 4, Components: 1500, RatingMargin: margin}
		n := mustCity(t, p)
		q := p.withDefaults()
		power := sectorOf(t, n, network.Power)
		members := n.SectorMembers(power)
		// Merge the ends of connections into one bus.
		bus := map[int32]int{}
		for _, i := range members {
			bus[i] = -1
		}
		nb := 0
		for _, i := range members {
			if n.ComponentKind(i) == network.KindGenerator {
				continue
			}
			bus[i] = nb
			nb++
		}
		for l := range n.Links() {
			if n.LinkKind(l) == network.KindConnection {
				a, b := n.Ends(l)
				if bus[a] < 0 {
					a, b = b, a
				}
				bus[b] = bus[a]
			}
		}
		inj := make([]float64, nb)
		for _, i := range members {
			inj[bus[i]] += (n.ComponentParam(i, network.ParamPgMW) - n.Demand(i)) / 100
		}
		mat := make([][]float64, nb)
		for i := range mat {
			mat[i] = make([]float64, nb)
		}
		for l := range n.Links() {
			if n.LinkSector(l) != power || n.LinkKind(l) != network.KindLine || n.OutOfService(l) {
				continue
			}
			a, b := n.Ends(l)
			x, y, s := bus[a], bus[b], 1/n.Reactance(l)
			mat[x][x] += s
			mat[y][y] += s
			mat[x][y] -= s
			mat[y][x] -= s
		}
		theta := solveGrounded(mat, inj)
		for l := range n.Links() {
			if n.LinkSector(l) != power || n.OutOfService(l) {
				continue
			}
			a, b := n.Ends(l)
			var f float64
			if n.LinkKind(l) == network.KindConnection {
				g := b
				if n.ComponentKind(a) == network.KindGenerator {
					g = a
				}
				f = n.ComponentParam(g, network.ParamPgMW)
			} else {
				f = math.Abs(theta[bus[a]]-theta[bus[b]]) / n.Reactance(l) * 100
			}
			if f*q.RatingMargin > n.Rating(l)*(1+1e-6) && n.Rating(l) > minRatingMW {
				t.Errorf("margin %v: line %s carries %.4f MW, rating %.4f MW", q.RatingMargin, n.LinkID(l), f, n.Rating(l))
			}
			if f > n.Rating(l) {
				t.Errorf("margin %v: line %s overloaded in the base case: %.4f > %.4f MW", q.RatingMargin, n.LinkID(l), f, n.Rating(l))
			}
		}
	}
}

// solveGrounded solves m·θ = p with θ[0] = 0 by Gaussian elimination with
// partial pivoting on the system without row and column 0.
func solveGrounded(m [][]float64, p []float64) []float64 {
	n := len(p) - 1
	a := make([][]float64, n)
	for i := range n {
		a[i] = append(append([]float64(nil), m[i+1][1:]...), p[i+1])
	}
	for c := range n {
		piv := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[piv][c]) {
				piv = r
			}
		}
		a[c], a[piv] = a[piv], a[c]
		for r := c + 1; r < n; r++ {
			if f := a[r][c] / a[c][c]; f != 0 {
				for k := c; k <= n; k++ {
					a[r][k] -= f * a[c][k]
				}
			}
		}
	}
	theta := make([]float64, n+1)
	for r := n - 1; r >= 0; r-- {
		s := a[r][n]
		for k := r + 1; k < n; k++ {
			s -= a[r][k] * theta[k+1]
		}
		theta[r+1] = s / a[r][r]
	}
	return theta
}

func TestCityParamsValidate(t *testing.T) {
	if err := (CityParams{}).Validate(); err != nil {
		t.Fatalf("zero value: %v", err)
	}
	for _, p := range []CityParams{
		{Components: 10}, {Components: MaxComponents + 1}, {Origin: network.Point{X: 200, Y: 10}},
		{DistrictSize: 10}, {DistrictComponents: 5}, {Density: -1}, {LoadPerCapita: -1},
		{WaterPerCapita: math.NaN()}, {ReserveMargin: -0.5}, {RatingMargin: 0.5}, {ArterialEvery: -2},
		{RoadLoops: 2}, {PipeLoops: 1.5}, {BridgeFraction: 3}, {SignalShare: 7}, {SignalFactor: 1},
		{TankStorage: -3 * sim.Hour}, {TankStorage: 1001 * sim.Hour}, {Recharge: 1000},
		{Components: MaxComponents, DistrictSize: 20000, DistrictComponents: 50, Origin: network.Point{X: 170, Y: 60}},
	} {
		err := p.Validate()
		if !errors.Is(err, ErrParams) {
			t.Errorf("%+v: Validate = %v, want ErrParams", p, err)
		}
		if _, err := City(p); !errors.Is(err, ErrParams) {
			t.Errorf("%+v: City error = %v, want ErrParams", p, err)
		}
	}
}

// TestCityNegativeMeansNone checks the "negative means none" durations.
func TestCityNegativeMeansNone(t *testing.T) {
	n := mustCity(t, CityParams{Components: 300, TowerBuffer: -1, SCADALag: -1, SignalShare: -1, ArterialEvery: 1000})
	for r := range n.Requirements() {
		d := n.Dependent(r)
		if n.ComponentKind(d) == network.KindCellTower && n.Buffer(r) != 0 {
			t.Fatalf("tower %s buffered %v", n.ComponentID(d), n.Buffer(r))
		}
		if n.DepKind(r) == network.Cyber && n.ComponentKind(d) == network.KindSubstation && n.Lag(r) != 0 {
			t.Fatalf("SCADA lag %v", n.Lag(r))
		}
	}
}
