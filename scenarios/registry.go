package scenarios

import (
	"cmp"
	"iter"
	"slices"
)

// Group is a family of kinds a scenario file can name.
type Group string

// Groups.
const (
	// GroupFormat: network file formats (network.files[].format).
	GroupFormat Group = "format"
	// GroupHazard: hazards (hazards[].kind).
	GroupHazard Group = "hazard"
	// GroupModel: sector models (models.SECTOR.kind).
	GroupModel Group = "model"
)

// Kind is one entry of the registry: a name a scenario file can give in
// its group, what it means, and the parameters it takes.
type Kind struct {
	Group Group
	Name  string
	// Doc says what the kind is, in one sentence.
	Doc string
	// New returns a pointer to a new parameter struct of the kind: its
	// fields with a yaml tag are the keys the kind accepts beside the
	// selector. It implements the group's interface: formatKind,
	// hazardKind or modelKind.
	New func() any
}

// registry lists every kind, sorted by group then name (TestRegistry
// checks the order): one entry per kind, no registration at init time.
// A new hazard or model is one entry here and one parameter struct.
var registry = []Kind{
	{GroupFormat, "csv", "lifeline's native CSV tables (a directory holding network.csv, components.csv, …)", func() any { return new(csvFormat) }},
	{GroupFormat, "epanet", "an EPANET 2 input file (.inp): a water network", func() any { return new(epanetFormat) }},
	{GroupFormat, "geojson", "lifeline's native GeoJSON network", func() any { return new(geojsonFormat) }},
	{GroupFormat, "infrarisk", "a whole InfraRisk city directory: power, water, roads and their couplings", func() any { return new(infraRiskFormat) }},
	{GroupFormat, "json", "lifeline's native JSON network", func() any { return new(jsonFormat) }},
	{GroupFormat, "matpower", "a MATPOWER case file (.m): a power network", func() any { return new(matpowerFormat) }},
	{GroupFormat, "pandapower", "a pandapower network saved as JSON: a power network", func() any { return new(pandapowerFormat) }},
	{GroupFormat, "shelby", "the Shelby County INDP data directory: water, power, gas and telecom layers", func() any { return new(shelbyFormat) }},
	{GroupFormat, "tntp", "a TNTP road network file, with an optional node file", func() any { return new(tntpFormat) }},

	{GroupHazard, "chain", "a parent hazard and the secondary hazards its triggers start (intensity above a threshold, a failure, a time)", func() any { return new(chainHazard) }},
	{GroupHazard, "earthquake", "earthquake from a point source: ground motion by an attenuation relation with correlated residuals, damage by fragility classes (Hazus)", func() any { return new(quakeHazard) }},
	{GroupHazard, "flood", "flood or rainstorm: water depth in space and time from GeoJSON areas with hydrographs or gridded depth series", func() any { return new(floodHazard) }},
	{GroupHazard, "ground-motion", "earthquake from a ground-motion field file (InfraRisk CSV or OpenQuake export), damage by fragility classes (Hazus)", func() any { return new(gmfHazard) }},
	{GroupHazard, "heat", "heat wave: a temperature series that raises power and water demand and derates power lines", func() any { return new(heatHazard) }},
	{GroupHazard, "list", "explicit impacts on named components and links", func() any { return new(listHazard) }},
	{GroupHazard, "random-fraction", "each selected component is hit independently with a probability", func() any { return new(randomHazard) }},
	{GroupHazard, "sequence", "hazards one after another, each at its offset (an aftershock, a second typhoon)", func() any { return new(sequenceHazard) }},
	{GroupHazard, "targeted", "the k selected components of highest degree, betweenness or population", func() any { return new(targetedHazard) }},
	{GroupHazard, "wind", "typhoon or hurricane: a track with the Holland wind profile and gust fragility of lines, poles and towers", func() any { return new(windHazard) }},

	{GroupModel, "connectivity", "served while a path of working elements joins a source", func() any { return new(connectivityModel) }},
	{GroupModel, "giant-component", "served in the largest connected cluster; leaving it is permanent (percolation)", func() any { return new(giantModel) }},
	{GroupModel, "overload", "Motter–Lai overload cascade with tolerance alpha", func() any { return new(overloadModel) }},
	{GroupModel, "power", "DC power flow with islands, rebalancing and line loadings", func() any { return new(powerModel) }},
	{GroupModel, "roads", "road travel times and access to critical facilities", func() any { return new(roadsModel) }},
	{GroupModel, "standalone", "served while functional (no sources)", func() any { return new(standaloneModel) }},
	{GroupModel, "telecom", "telecom backhaul to central offices, with outage causes", func() any { return new(telecomModel) }},
	{GroupModel, "water", "water supply with pumps, zones and draining tanks", func() any { return new(waterModel) }},
}

// compareKinds orders kinds by group, then name.
func compareKinds(a, b Kind) int {
	return cmp.Or(cmp.Compare(a.Group, b.Group), cmp.Compare(a.Name, b.Name))
}

// Kinds returns every kind of the registry, sorted by group then name.
func Kinds() iter.Seq[Kind] {
	return slices.Values(registry)
}

// Names returns the names of a group's kinds, sorted.
func Names(g Group) []string {
	var names []string
	for _, k := range registry {
		if k.Group == g {
			names = append(names, k.Name)
		}
	}
	return names
}

// lookup finds a kind by group and name.
func lookup(g Group, name string) (Kind, bool) {
	i, ok := slices.BinarySearchFunc(registry, Kind{Group: g, Name: name}, compareKinds)
	if !ok {
		return Kind{}, false
	}
	return registry[i], true
}
