package scenarios

import (
	"embed"
	"fmt"
	"io/fs"
	"math"
	"path"
	"slices"
	"strings"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/power"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/format/infrarisk"
	"github.com/lifeline-sim/lifeline/network/format/shelby"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// City is a bundled city: a network generated deterministically from
// fixed parameters, so that it needs no data file, or read from files
// embedded in the package.
type City struct {
	Name string
	// Doc says what the city is.
	Doc string
	// Params generate a city of lifelines (synth.City), unless Coupled or
	// Dir is set.
	Params synth.CityParams
	// Coupled, when its N is positive, generates a research network
	// instead: random graphs coupled one-to-one (synth.CoupledLayers), as
	// in interdependent percolation.
	Coupled synth.CoupledParams
	// Dir, when set, names the directory of cities/ (embedded beside this
	// file, with its SOURCE.md and licence) that holds the city's files,
	// read as Format says; Params and Coupled are then unused.
	Dir string
	// Format is the format kind (GroupFormat) of the files in Dir:
	// "infrarisk" (also when empty), an InfraRisk city read by
	// network/format/infrarisk with the options InfraRisk; or "shelby",
	// the four layers of the INDP test system read by
	// network/format/shelby.
	Format string
	// InfraRisk are the import options of an InfraRisk city read from Dir.
	InfraRisk infrarisk.Options
	// RatingMargin, when positive, raises the Rating of every rated power
	// line and transformer of a city read from Dir to at least
	// RatingMargin × |its flow in the intact city| (raiseRatings), so that
	// the intact city carries its own load and overload protection trips on
	// what a hazard adds.
	RatingMargin float64
}

// Research reports whether the city is a research network rather than a
// city of lifelines: a test system of the interdependent-network
// literature, either random graphs coupled one-to-one (Coupled) or the
// INDP layers of Shelby County (Format "shelby": supplies, demands and
// capacities in the flow units of an optimisation model). Neither
// carries the physical data the lifeline models are built for (line
// reactances and ratings, tank volumes, roads for crews), so a scenario
// on a research city serves its layers by connectivity or
// giant-component, the functionality of that literature.
func (c *City) Research() bool { return c.Coupled.N > 0 || c.Format == "shelby" }

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
			"and 68 road nodes, the pumps driven by the three pump motors, each pump with a standby generator holding 48 h of fuel; " +
			"InfraRisk's fragility classes by kind, crews reach each component from its nearest road node",
		Dir:       "micropolis",
		InfraRisk: infrarisk.Options{Fragility: true, PumpOnPower: pumpOnStandby()},
	},
	{
		Name: "riverton",
		Doc: "a synthetic mid-size city of about 10,000 components on 3×3 districts of 2 km beside a river: " +
			"power (generators, rated transmission and feeder lines), water (treatment plants, pumps, elevated tanks), " +
			"roads with bridges, telecom (central offices, fiber, cell towers on 8 h batteries), " +
			"and critical hospitals (96 h generators, 24 h of water) and shelters",
		Params: synth.CityParams{Seed: 1, Components: 10000},
	},
	{
		Name: "shelby",
		Doc: "InfraRisk's Shelby County, Tennessee (Balakrishnan and Cassottana; MIT licence, (c) 2021 Singapore-ETH Centre) " +
			"in Web Mercator, 629 components: water (55 junctions, 9 reservoirs, 6 tanks, 14 pumps, 83 pipes), " +
			"power (295 buses, 37 loads of 1003 MW, 14 pump motors, 8 external grids, 73 lines, 45 transformers, 191 switches) " +
			"and 191 road nodes with 589 links; each pump on its motor with a standby generator holding 48 h of fuel; " +
			"line and transformer ratings raised to 2 × their intact DC flow, as the file's own ratings are overloaded; " +
			"InfraRisk's fragility classes by kind, crews reach each component from its nearest road node; " +
			"five 2475-year ground-motion fields beside it (cities/shelby/hazards_gmfs_2475)",
		Dir: "shelby",
		InfraRisk: infrarisk.Options{CRS: network.WebMercator, Fragility: true,
			PumpOnPower: pumpOnStandby()},
		RatingMargin: 2,
	},
	{
		Name: "shelby-indp",
		Doc: "a research network: the four-layer Shelby County, Tennessee test system of the interdependent network " +
			"design problem (INDP) literature (Gonzalez, Dueñas-Osorio et al.; htalebiyan/Dec2py, MIT licence, " +
			"(c) 2018 htalebiyan): water (49 nodes, 71 arcs), power (75, 93), gas (16, 17) and telecom (27, 36), " +
			"167 nodes and 217 arcs in all, on WGS84 lon/lat, with the 73 interdependencies of Interdep.csv " +
			"(no lag, no buffer); supplies and demands in the model's flow units",
		Dir:    "shelby-indp",
		Format: "shelby",
	},
}

// pumpStandbyFuel is the fuel of the standby generator of each pumping
// station of the InfraRisk cities micropolis and shelby: two days at full
// load (the package documentation gives the sources).
const pumpStandbyFuel = 48 * sim.Hour

// pumpOnStandby is the requirement of each pump of the InfraRisk cities
// on its motor (infrarisk.Options.PumpOnPower): no lag, and a buffer of
// pumpStandbyFuel never refilled (Recharge 0), the standby generator that
// runs the pump while its motor has no power until its fuel runs out.
func pumpOnStandby() network.Requirement {
	return network.Requirement{Buffer: pumpStandbyFuel}
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

// BuildCity generates the bundled city named name, or reads it from its
// embedded files. The network is named name, but for the names its
// generator or importer gives (coupled-er's "coupled layers (2 × 20000,
// seed 1)", shelby-indp's "shelby_indp"). O(components).
func BuildCity(name string) (*network.Network, error) {
	i := slices.IndexFunc(cities, func(c City) bool { return c.Name == name })
	if i < 0 {
		return nil, &network.ParseError{Field: "network.city", Err: wrapf(ErrUnknownName, "%s", unknown("bundled city", name, CityNames()))}
	}
	c := &cities[i]
	switch {
	case c.Dir != "":
		return c.read()
	case c.Coupled.N > 0:
		return synth.CoupledLayers(c.Coupled)
	}
	b, err := synth.CityBuilder(c.Params)
	if err != nil {
		return nil, err
	}
	b.SetName(name)
	return b.Build()
}

// read reads a city from its embedded files, as its Format says.
func (c *City) read() (*network.Network, error) {
	dir := path.Join("cities", c.Dir)
	switch c.Format {
	case "", "infrarisk":
		net, err := infrarisk.Import(files, dir, c.InfraRisk)
		if err != nil || c.RatingMargin <= 0 {
			return net, err
		}
		return raiseRatings(net, c.RatingMargin)
	case "shelby":
		return shelby.Import(files, dir, shelby.Options{})
	}
	return nil, fmt.Errorf("scenarios: bundled city %s: %w: format %q", c.Name, ErrUnknownKind, c.Format)
}

// files holds the bundled scenarios (bundled/, the YAML files and the data
// files they name) and the data of the cities read from files (cities/,
// one directory each with its SOURCE.md and licence). It is the one copy
// of the cities' files in the repository: the importers' tests read them
// from here, and a bundled scenario names a city's file by its path in
// the repository, relative to the scenario (../cities/shelby/…).
//
//go:embed bundled cities
var files embed.FS

// DefaultScenario is the bundled scenario lifeline run runs without an
// argument.
const DefaultScenario = "riverton-quake"

// Bundled returns the bundled scenarios as an fs.FS of NAME.yaml files and
// the data files beside them (not the cities' files, which LoadBundled
// reaches as ../cities/…).
func Bundled() fs.FS {
	sub, err := fs.Sub(files, "bundled")
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

// LoadBundled loads the bundled scenario named name, from an fs.FS laid out
// as the package directory: the scenario is bundled/NAME.yaml, its paths
// are relative to bundled/ and a city's files are under cities/, so that
// the same file also runs from a checkout of the repository.
func LoadBundled(name string) (*Scenario, error) {
	if _, err := BundledFile(name); err != nil {
		return nil, err
	}
	return Load(files, path.Join("bundled", path.Clean(name+".yaml")))
}

// raiseRatings returns net with the Rating of every rated line and
// transformer of its power sector raised to at least margin × |F|, F the
// link's flow in MW in the intact network under flow/power's DC power flow
// with default options (every component functional, every link in service
// as the files give it): max(rating, margin × |F|). Unrated links (rating
// 0) stay unrated and other links keep their ratings. Deterministic: one
// solve of the intact network, O(C + L) plus the solve and the rebuild.
func raiseRatings(net *network.Network, margin float64) (*network.Network, error) {
	s, ok := net.SectorIndexOf(network.Power)
	if !ok {
		return net, nil
	}
	m, err := power.New(net, s, power.Options{})
	if err != nil {
		return nil, err
	}
	if _, err := flow.Evaluate(m, network.NewState(net)); err != nil {
		return nil, err
	}
	return network.Rebuild(net, nil, func(l int32, k *network.Link) {
		if k.Rating > 0 && (k.Kind == network.KindLine || k.Kind == network.KindTransformer) {
			k.Rating = max(k.Rating, margin*math.Abs(m.Flow(l)))
		}
	}).Build()
}
