package infrarisk

import (
	"fmt"
	"io/fs"
	"math"
	"path"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/format/epanet"
	"github.com/lifeline-sim/lifeline/network/format/pandapower"
	"github.com/lifeline-sim/lifeline/network/format/tntp"
)

// Options controls Import. The zero value reads a directory in InfraRisk's
// layout on an unreferenced plane, couples the systems as InfraRisk does (no
// lag, no buffer) and gives every located power and water component its
// nearest road node as crew access.
type Options struct {
	// CRS of the coordinates of all three systems. The zero value means
	// network.Local: InfraRisk's Micropolis and in2 cities are drawn on
	// unreferenced planes in metres. Its Shelby County city is
	// network.WebMercator; pass network.WGS84 explicitly for lon/lat.
	CRS network.CRS
	// Water, Power, Roads, RoadNodes and Dependencies name the files
	// relative to the directory; "" means InfraRisk's layout: the one .inp
	// file in water/, the one .json file in power/,
	// transportation/transpo_net.tntp, transportation/transpo_node.tntp and
	// dependencies.csv.
	Water, Power, Roads, RoadNodes, Dependencies string
	// PumpOnPower is the requirement of a pump on the motor that drives it
	// (a pandapower motor, or a load standing for one). Import sets
	// Dependent, Providers, Logic and K from each row; Lag, Buffer,
	// Recharge, Effect, Factor and Kind are used as given. The zero value is
	// InfraRisk's rule: the pump stops as soon as its motor loses power (no
	// lag, no buffer, Fail, Physical).
	PumpOnPower network.Requirement
	// GeneratorOnWater is the requirement of a generator on the reservoir
	// that supplies it with water, set like PumpOnPower; the zero value
	// likewise makes the generator fail at once.
	GeneratorOnWater network.Requirement
	// Fragility gives the components and links InfraRisk damages the
	// fragility classes of InfraRisk's Shelby County model in the bundled
	// Hazus library (hazard/fragility), by kind: a pump InfraRisk:W_WP, a
	// tank InfraRisk:W_T, a generator (an external grid) InfraRisk:P_EG, a
	// line InfraRisk:P_L, a switch InfraRisk:P_S, a transformer
	// InfraRisk:P_TF, a road InfraRisk:T_L, a pipe whose ID starts W_PMA
	// InfraRisk:W_PMA and any other pipe InfraRisk:W_P. A class the file
	// gives is kept. False leaves the classes the importers give (none).
	Fragility bool
	// NoAccess leaves the Access of power and water components unset
	// instead of giving each its nearest road node.
	NoAccess bool
	// MaxBytes caps the size of each file read, in bytes: a larger file is
	// refused with a *network.ParseError naming it and wrapping
	// network.ErrTooLarge. 0 means the importers' default, 4 GiB; a
	// negative value means no cap.
	MaxBytes int64
}

// Validate checks the options: a valid CRS and requirement templates whose
// lag, buffer, recharge and factor Requirement.Validate accepts.
func (o *Options) Validate() error {
	if err := o.CRS.Validate(); err != nil {
		return fmt.Errorf("infrarisk: %w", err)
	}
	for _, t := range []struct {
		name string
		r    network.Requirement
	}{{"PumpOnPower", o.PumpOnPower}, {"GeneratorOnWater", o.GeneratorOnWater}} {
		r := t.r
		r.Dependent, r.Providers, r.Logic, r.K = "dependent", []string{"provider"}, network.All, 0
		if err := r.Validate(); err != nil {
			return fmt.Errorf("infrarisk: %s: %w", t.name, err)
		}
	}
	return nil
}

// files are the inputs of one city, as paths of the fs.FS.
type files struct {
	water, power, roads, roadNodes, deps string
}

// locate applies the defaults of InfraRisk's layout below dir.
func (o *Options) locate(fsys fs.FS, dir string) (files, error) {
	// pick returns name below dir, or by default the one file of dir/sub
	// ending in ext, or the file def when ext is "".
	pick := func(name, sub, ext, def string) (string, error) {
		switch {
		case name != "":
			return path.Join(dir, name), nil
		case ext != "":
			return only(fsys, path.Join(dir, sub), ext)
		}
		return path.Join(dir, sub, def), nil
	}
	var f files
	var err error
	for _, p := range []struct {
		dst                 *string
		name, sub, ext, def string
	}{
		{&f.water, o.Water, "water", ".inp", ""},
		{&f.power, o.Power, "power", ".json", ""},
		{&f.roads, o.Roads, "transportation", "", "transpo_net.tntp"},
		{&f.roadNodes, o.RoadNodes, "transportation", "", "transpo_node.tntp"},
		{&f.deps, o.Dependencies, "", "", "dependencies.csv"},
	} {
		if *p.dst, err = pick(p.name, p.sub, p.ext, p.def); err != nil {
			return f, err
		}
	}
	return f, nil
}

// only returns the one file of directory dir whose name ends in ext.
func only(fsys fs.FS, dir, ext string) (string, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return "", &network.ParseError{File: dir, Err: err}
	}
	var matches []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ext) {
			matches = append(matches, path.Join(dir, e.Name()))
		}
	}
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		return "", &network.ParseError{File: dir, Err: fmt.Errorf("no %s file: %w", ext, fs.ErrNotExist)}
	}
	return "", &network.ParseError{File: dir, Err: fmt.Errorf("%w: %d %s files %v; name one in Options", network.ErrInvalid, len(matches), ext, matches)}
}

// Import reads the InfraRisk city in directory dir of fsys ("." for its
// root) into one coupled network, as the package documentation describes.
func Import(fsys fs.FS, dir string, opts Options) (*network.Network, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	crs := opts.CRS
	if crs == (network.CRS{}) {
		crs = network.Local
	}
	f, err := opts.locate(fsys, dir)
	if err != nil {
		return nil, err
	}
	water, err := epanet.Import(fsys, f.water, epanet.Options{CRS: crs, MaxBytes: opts.MaxBytes})
	if err != nil {
		return nil, err
	}
	power, err := pandapower.Import(fsys, f.power, pandapower.Options{CRS: crs, Loads: true, MaxBytes: opts.MaxBytes})
	if err != nil {
		return nil, err
	}
	roads, err := tntp.Import(fsys, f.roads, f.roadNodes, tntp.Options{CRS: crs, BareNodeIDs: true, LinkPrefix: roadLinkPrefix,
		LengthUnit: 1000, IgnoreCounts: true, MaxBytes: opts.MaxBytes})
	if err != nil {
		return nil, err
	}
	if crs.Equal(network.WebMercator) {
		if roads, err = groundLengths(roads); err != nil {
			return nil, &network.ParseError{File: f.roads, Err: err}
		}
	}
	reqs, err := dependencies(fsys, f.deps, water, power, &opts)
	if err != nil {
		return nil, err
	}
	mo := network.MergeOptions{Name: cityName(dir), Requirements: reqs}
	if !opts.NoAccess {
		mo.Access = nearestAccess(roads, water, power)
	}
	city, err := network.Merge([]network.Part{{Name: f.water, Network: water}, {Name: f.power, Network: power},
		{Name: f.roads, Network: roads}}, mo)
	if err != nil {
		return nil, &network.ParseError{File: dir, Err: err}
	}
	if opts.Fragility {
		if city, err = classify(city); err != nil {
			return nil, &network.ParseError{File: dir, Err: err}
		}
	}
	return city, nil
}

// roadLinkPrefix is put before a road link's 1-based row in the network
// file; InfraRisk's own link names (Tags "id") repeat in its Shelby County
// file.
const roadLinkPrefix = "T_row"

// cityName names the city after its directory.
func cityName(dir string) string {
	if b := path.Base(path.Clean(dir)); b != "." && b != "/" {
		return b
	}
	return "infrarisk"
}

// groundLengths returns roads with each link's Web Mercator plane length
// turned into a ground length: multiplied by the cosine of the latitude of
// the midpoint of its ends (the projection's scale is 1/cos φ; taking it at
// the midpoint is exact to a relative (Δφ)²/2, below 1e-5 for a 20 km link
// at 35°N). A link without located ends keeps its length.
func groundLengths(roads *network.Network) (*network.Network, error) {
	return network.Rebuild(roads, nil, func(l int32, link *network.Link) {
		from, to := roads.Ends(l)
		pa, okA := roads.Location(from)
		pb, okB := roads.Location(to)
		if okA && okB {
			mid := network.MercatorToLonLat(network.Point{X: (pa.X + pb.X) / 2, Y: (pa.Y + pb.Y) / 2})
			link.Length *= math.Cos(mid.Y * math.Pi / 180)
		}
	}).Build()
}

// componentClasses and linkClasses are the InfraRisk fragility classes of
// Options.Fragility by kind; pipes are told apart by ID in linkClass.
var (
	componentClasses = map[network.Kind]string{network.KindPump: "InfraRisk:W_WP", network.KindTank: "InfraRisk:W_T",
		network.KindGenerator: "InfraRisk:P_EG"}
	linkClasses = map[network.Kind]string{network.KindLine: "InfraRisk:P_L", network.KindSwitch: "InfraRisk:P_S",
		network.KindTransformer: "InfraRisk:P_TF", network.KindRoad: "InfraRisk:T_L"}
)

// linkClass returns the InfraRisk class of link l ("" if none).
func linkClass(l *network.Link) string {
	if l.Kind == network.KindPipe {
		if strings.HasPrefix(l.ID, "W_PMA") {
			return "InfraRisk:W_PMA"
		}
		return "InfraRisk:W_P"
	}
	return linkClasses[l.Kind]
}

// classify returns n with the classes of Options.Fragility given to the
// components and links that carry none.
func classify(n *network.Network) (*network.Network, error) {
	return network.Rebuild(n, func(_ int32, c *network.Component) {
		if c.Fragility == "" {
			c.Fragility = componentClasses[c.Kind]
		}
	}, func(_ int32, l *network.Link) {
		if l.Fragility == "" {
			l.Fragility = linkClass(l)
		}
	}).Build()
}

// nearestAccess maps every located component of the systems to the
// nearest located road node by the CRS's distance (the lowest index among
// equals), as InfraRisk gives crews the nearest road node to each
// component. It takes O(C × T) for C components and T road nodes.
func nearestAccess(roads *network.Network, systems ...*network.Network) map[string]string {
	type node struct {
		id string
		p  network.Point
	}
	var nodes []node
	for i := range roads.Components() {
		if p, ok := roads.Location(i); ok {
			nodes = append(nodes, node{roads.ComponentID(i), p})
		}
	}
	access := map[string]string{}
	if len(nodes) == 0 {
		return access
	}
	crs := roads.CRS()
	for _, n := range systems {
		for i := range n.Components() {
			p, ok := n.Location(i)
			if !ok {
				continue
			}
			best, bestD := "", math.Inf(1)
			for _, q := range nodes {
				if d := crs.Distance(p, q.p); d < bestD {
					best, bestD = q.id, d
				}
			}
			access[n.ComponentID(i)] = best
		}
	}
	return access
}
