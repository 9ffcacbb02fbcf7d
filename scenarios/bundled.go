package scenarios

import (
	"embed"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
)

// City is a bundled city: a network generated deterministically from
// fixed parameters, so that it needs no data file.
type City struct {
	Name string
	// Doc says what the city is.
	Doc string
	// Params generate it (synth.City).
	Params synth.CityParams
}

// cities lists the bundled cities, sorted by name.
var cities = []City{
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
	b, err := synth.CityBuilder(cities[i].Params)
	if err != nil {
		return nil, err
	}
	b.SetName(name)
	return b.Build()
}

//go:embed bundled/*.yaml
var bundled embed.FS

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
