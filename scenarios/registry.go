package scenarios

import (
	"cmp"
	"iter"
	"slices"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/response"
)

// Group is a family of kinds a scenario file can name.
type Group string

// Groups.
const (
	// GroupAction: effects of scripted actions (response.script[].do).
	GroupAction Group = "action"
	// GroupFormat: network file formats (network.files[].format).
	GroupFormat Group = "format"
	// GroupHazard: hazards (hazards[].kind).
	GroupHazard Group = "hazard"
	// GroupModel: sector models (models.SECTOR.kind).
	GroupModel Group = "model"
	// GroupPolicy: crews' and units' policies (response.policy).
	GroupPolicy Group = "policy"
	// GroupRepair: repair-time models (response.repair.model).
	GroupRepair Group = "repair"
	// GroupUnit: emergency units (response.units[].kind).
	GroupUnit Group = "unit"
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
	// selector. It implements the group's interface: actionKind,
	// formatKind, hazardKind, modelKind, policyKind, repairKind or
	// unitKind.
	New func() any
}

// registry lists every kind, sorted by group then name (TestRegistry
// checks the order): one entry per kind, no registration at init time.
// A new hazard or model is one entry here and one parameter struct.
// Entries of GroupPolicy take no parameters: New returns the policy.
var registry = []Kind{
	{GroupAction, "backup", "switch a facility to its own generator (an extra power supply), for a while or for good", func() any { return new(backupAction) }},
	{GroupAction, "isolate", "close every link of a sector crossing a zone's boundary: isolate a pressure zone", func() any { return new(isolateAction) }},
	{GroupAction, "preposition", "send a team's idle members to a place, from where they take their next jobs", func() any { return new(prepositionAction) }},
	{GroupAction, "shed-load", "scale the demand of a sector in a district (load shedding)", func() any { return new(shedLoadAction) }},

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

	{GroupPolicy, "critical-first", "the nearest job at a critical facility or a site its supply depends on, else the nearest", func() any { return &builtinPolicy{response.CriticalFirst{}} }},
	{GroupPolicy, "first-come", "the earliest reported job the member can reach", func() any { return &builtinPolicy{response.FirstCome{}} }},
	{GroupPolicy, "highest-betweenness", "the reachable job of highest betweenness in its sector", func() any { return &builtinPolicy{response.HighestBetweenness{}} }},
	{GroupPolicy, "most-population", "the job restoring the most population per crew-hour", func() any { return &builtinPolicy{response.MostPopulation{}} }},
	{GroupPolicy, "nearest-first", "the job with the shortest travel time (the default)", func() any { return &builtinPolicy{response.NearestFirst{}} }},

	{GroupRepair, "by-class", "Hazus restoration times by fragility class and damage state, a fallback elsewhere", func() any { return new(byClassRepair) }},
	{GroupRepair, "default", "a normal law per damage state: 1 h for a trip, 4 h slight, 12 h moderate, 2 d extensive, 4 d complete", func() any { return new(defaultRepair) }},
	{GroupRepair, "fixed", "every repair takes the same time", func() any { return new(fixedRepair) }},

	{GroupUnit, "cells-on-wheels", "a mobile cell site: a tower that does not deliver serves again while the unit is there", func() any {
		return &substituteUnit{kinds: []network.Kind{network.KindCellTower}}
	}},
	{GroupUnit, "fuel-truck", "refills the buffers (batteries, fuel) of sites on backup before they run out", func() any { return new(fuelTruckUnit) }},
	{GroupUnit, "generator", "a mobile generator: powers a site that lost power for its fuel autonomy", func() any { return new(generatorUnit) }},
	{GroupUnit, "water-truck", "serves a share of the water demand of a junction that does not deliver", func() any {
		return &substituteUnit{kinds: []network.Kind{network.KindJunction}}
	}},
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
