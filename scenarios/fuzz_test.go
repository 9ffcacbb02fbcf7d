package scenarios_test

import (
	"bytes"
	"errors"
	"testing"
	"testing/fstest"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/format"
	"github.com/lifeline-sim/lifeline/scenarios"
	"github.com/lifeline-sim/lifeline/sim"
)

// tinyCity is a five-component city in the native JSON format: a
// generator feeding two substations, a pump that needs one of them, and a
// hospital that needs the pump's water.
func tinyCity(f *testing.F) []byte {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "gen", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "s1", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleConsumer, Demand: 2})
	b.AddComponent(network.Component{ID: "s2", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleConsumer, Demand: 1})
	b.AddComponent(network.Component{ID: "pu", Sector: network.Water, Kind: network.KindPump, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "ho", Sector: "facilities", Kind: network.KindHospital, Role: network.RoleConsumer, Critical: true})
	b.AddLink(network.Link{ID: "l1", Kind: network.KindLine, From: "gen", To: "s1", Reactance: 0.1, Rating: 5})
	b.AddLink(network.Link{ID: "l2", Kind: network.KindLine, From: "s1", To: "s2", Reactance: 0.1, Rating: 1.5})
	b.AddRequirement(network.Requirement{Dependent: "pu", Providers: []string{"s1", "s2"}, Logic: network.Any, Buffer: 2 * sim.Hour})
	b.AddRequirement(network.Requirement{Dependent: "ho", Providers: []string{"pu"}, Lag: sim.Hour})
	net, err := b.Build()
	if err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	if err := format.WriteJSON(&buf, net); err != nil {
		f.Fatal(err)
	}
	return buf.Bytes()
}

// FuzzLoad loads and runs scenarios on a tiny city: whatever the file
// says, Load returns a scenario or a *network.ParseError naming a file,
// and a scenario it returns runs without a panic.
func FuzzLoad(f *testing.F) {
	city := tinyCity(f)
	const base = "version: 1\nnetwork: {files: [{format: json, path: city.json}]}\n"
	for _, s := range []string{
		base + "models: {power: {kind: power}, water: {kind: water}}\nhazards:\n  - {name: a, kind: list, impacts: [{kind: damage, component: s1, at: 1h}, {kind: repair, component: s1, at: 5h}]}\nhorizon: 1d\n",
		base + "hazards: [{name: r, kind: random-fraction, fraction: 0.5, at: 30m, repair_within: 2h, select: {sector: power}}]\nreplications: 2\nseed: 3\n",
		base + "hazards: [{name: t, kind: targeted, k: 2, by: betweenness, effect: remove}]\nmodels: {power: {kind: overload, alpha: 0.2}}\n",
		base + "hazards: [{name: f, kind: list, impacts: [{kind: set-factor, param: rating, factor: 0.5, link: l2, at: 1h}]}]\nprotection: {reclose: true, reclose_delay: 1h}\n",
		base + "models: {facilities: {kind: giant-component}}\n",
		base + "models: {power: {kind: power}}\nhazards:\n  - {name: h, kind: heat, series: [{at: 0s, celsius: 30}, {at: 6h, celsius: 44}], lines: {conductor_max_c: 50, rating_ambient_c: 25}}\n",
		base + "hazards:\n  - name: c\n    kind: chain\n    repair_within: 3h\n    parent: {name: p, kind: list, impacts: [{kind: damage, component: s1, at: 1h}]}\n" +
			"    triggers:\n      - {name: t, when: {fails: {component: s1, flags: [damaged, unsupplied]}}, delay: 1h, probability: 0.5, then: {name: q, kind: targeted, k: 1}}\n" +
			"      - {name: u, when: {at: 2h}, then: {name: v, kind: random-fraction, fraction: 0.5}}\n",
		base + "hazards: [{name: q, kind: earthquake, magnitude: 6.5, epicentre: {x: -90, y: 35.1}, at: 1h, repair_within: 1d, correlation: {spacing_m: 2000, radius_km: 5}}]\n",
		base + "hazards: [{name: k, kind: earthquake, attenuation: kawashima, magnitude: 7, epicentre: {lon: -90, lat: 35.1}, correlation: {off: true}}]\n",
		base + "hazards: [{name: a, kind: list, impacts: [{kind: damage, component: s1, at: 1h}, {kind: damage, link: l1, at: 1h}]}]\n" +
			"response:\n  policy: most-population\n  reroute: true\n  repair: {model: by-class, fallback: 2h}\n" +
			"  teams: [{name: c, count: 1, sector: power, kinds: [substation, line], policy: first-come}]\n" +
			"  units: [{name: g, kind: generator, count: 1, autonomy: 2h}, {name: f, kind: fuel-truck, count: 1, on_site: 10m}]\n" +
			"  script:\n    - {name: b, do: backup, facility: pu, at: 30m, for: 1h, when: {fails: {component: s1, flags: [damaged]}}}\n",
		base + "hazards:\n  - {name: s, kind: sequence, steps: [{offset: 1h, hazard: {name: a, kind: targeted, k: 1}}, {offset: 1d, hazard: {name: b, kind: targeted, k: 2}}]}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{"s.yaml": {Data: data}, "city.json": {Data: city}}
		s, err := scenarios.Load(fsys, "s.yaml")
		if err != nil {
			var pe *network.ParseError
			if !errors.As(err, &pe) || pe.File == "" {
				t.Fatalf("error %v (%T) is no *network.ParseError naming a file", err, err)
			}
			return
		}
		if s.Replications > 3 {
			s.Replications = 3
		}
		if s.Horizon == 0 || s.Horizon > 30*sim.Day {
			s.Horizon = 30 * sim.Day
		}
		_, _ = s.Run(t.Context(), scenarios.RunOptions{})
	})
}
