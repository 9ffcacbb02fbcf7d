package scenarios

import (
	"embed"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/format/infrarisk"
	"github.com/lifeline-sim/lifeline/network/synth"
)

// City is a bundled city: a network generated deterministically from
// fixed parameters, so that it needs no data file, or read from InfraRisk
// files embedded in the package.
type City struct {
	Name string
	// Doc says what the city is.
	Doc string
	// Params generate a city of lifelines (synth.City), unless Coupled is
	// set.
	Params synth.CityParams
	// Coupled, when its N is positive, generates a research network
	// instead: random graphs coupled one-to-one (synth.CoupledLayers), as
	// in interdependent percolation.
	Coupled synth.CoupledParams
	// Dir, when set, names the directory of cities/ (embedded beside this
	// file, with its SOURCE.md and licence) that holds an InfraRisk city,
	// read by network/format/infrarisk with the options InfraRisk; Params
	// and Coupled are then unused.
	Dir string
	// InfraRisk are the import options of a city read from Dir.
	InfraRisk infrarisk.Options
}

// Research reports whether the city is a research network (coupled random
// graphs) rather than a city of lifelines.
func (c *City) Research() bool { return c.Coupled.N > 0 }

// cities lists the bundled cities, sorted by name (TestBundledLoad checks
// the order).
var cities = []City{
	{
		Name: "coupled-er",
		Doc: "a research network: two Erdős–Rényi graphs (sectors layer0 and layer1) of 20,000 nodes and mean degree 4, " +
			"coupled one-to-one so that each node needs its partner (Buldyrev et al. 2010)",
		Coupled: synth.CoupledParams{Layers: 2, N: 20000, MeanDegree: 4, Seed: 1},
	},
	{
		Name: "micropolis",
		Doc: "InfraRisk's Micropolis (Brumbelow et al.; MIT licence, (c) 2021 Singapore-ETH Centre): " +
			"a virtual town of about 3,700 components on a local plane in metres, water (1574 junctions, 2 reservoirs, " +
			"1 tank, 8 pumps, 1611 pipes), power (1225 buses, 791 loads, 1 external grid, lines, transformers, switches) " +
			"and 68 road nodes, the pumps driven by the three pump motors; InfraRisk's fragility classes by kind, " +
			"crews reach each component from its nearest road node",
		Dir:       "micropolis",
		InfraRisk: infrarisk.Options{Fragility: true},
	},
	{
		Name: "riverton",
		Doc: "a synthetic mid-size city of about 10,000 components on 3×3 districts of 2 km beside a river: " +
			"power (generators, rated transmission and feeder lines), water (treatment plants, pumps, elevated tanks), " +
			"roads with bridges, telecom (central offices, fiber, cell towers on 8 h batteries), " +
			"and critical hospitals (96 h generators, 24 h of water) and shelters",
		Params: synth.CityParams{Seed: 1, Components: 10000},
	},
}

// Cities returns the bundled cities, sorted by name.
func Cities() []City { return slices.Clone(cities) }

// CityNames returns the names of the bundled cities, sorted.
func CityNames() []string {
	var names []string
	for _, c := range cities {
		names = append(names, c.Name)
	}
	return names
}

// BuildCity generates the bundled city named name (the network's name).
// O(components).
func BuildCity(name string) (*network.Network, error) {
	i := slices.IndexFunc(cities, func(c City) bool { return c.Name == name })
	if i < 0 {
		return nil, &network.ParseError{Field: "network.city", Err: wrapf(ErrUnknownName, "%s", unknown("bundled city", name, CityNames()))}
	}
	if cities[i].Dir != "" {
		return infrarisk.Import(cityFiles, path.Join("cities", cities[i].Dir), cities[i].InfraRisk)
	}
	if cities[i].Research() {
		return synth.CoupledLayers(cities[i].Coupled)
	}
	b, err := synth.CityBuilder(cities[i].Params)
	if err != nil {
		return nil, err
	}
	b.SetName(name)
	return b.Build()
}

//go:embed bundled
var bundled embed.FS

// cityFiles holds the data of the cities read from files, one directory
// each under cities/ with its SOURCE.md and licence. It is the one copy
// in the repository: the importers' tests read it from here.
//
//go:embed cities
var cityFiles embed.FS

// DefaultScenario is the bundled scenario lifeline run runs without an
// argument.
const DefaultScenario = "riverton-quake"

// Bundled returns the bundled scenarios as an fs.FS of NAME.yaml files.
func Bundled() fs.FS {
	sub, err := fs.Sub(bundled, "bundled")
	if err != nil {
		panic("scenarios: " + err.Error())
	}
	return sub
}

// BundledNames returns the names of the bundled scenarios, sorted.
func BundledNames() []string {
	entries, _ := fs.ReadDir(Bundled(), ".")
	var names []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			names = append(names, n)
		}
	}
	return names
}

// BundledFile returns the text of the bundled scenario named name.
func BundledFile(name string) ([]byte, error) {
	if !slices.Contains(BundledNames(), name) {
		return nil, &network.ParseError{File: name, Err: wrapf(ErrUnknownName, "%s", unknown("bundled scenario", name, BundledNames()))}
	}
	return fs.ReadFile(Bundled(), name+".yaml")
}

// LoadBundled loads the bundled scenario named name.
func LoadBundled(name string) (*Scenario, error) {
	if _, err := BundledFile(name); err != nil {
		return nil, err
	}
	return Load(Bundled(), path.Clean(name+".yaml"))
}
