package scenarios_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing/fstest"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/response"
	"github.com/lifeline-sim/lifeline/scenarios"
	"github.com/lifeline-sim/lifeline/sim"
)

// A scenario couples a MATPOWER grid and an EPANET network by a
// requirements CSV: the pump needs one of two buses, after a 30 min lag
// and a 4 h battery. Both buses fail at 1 h, so the pump stops at 5h30m;
// a repair brings it back at 1 d.
func Example() {
	s, err := scenarios.Load(os.DirFS(".."), "scenarios/testdata/merged.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := s.Run(context.Background(), scenarios.RunOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	pump, _ := s.Network.ComponentIndex("w/9:pump")
	fmt.Println(s.Network.Name(), res[0].Outages(pump))
	// Output: two-systems [[5h30m 1d]]
}

// Errors name the file, line, column and field, and suggest the closest
// valid key.
func ExampleParse() {
	_, err := scenarios.Parse([]byte("version: 1\nnetwork: {city: riverton}\nhorizn: 8d\n"), "quake.yaml")
	fmt.Println(err)
	// Output: quake.yaml:3:1: horizn: unknown key: unknown key "horizn"; did you mean "horizon"?
}

// The reserved keys are refused until what gives them meaning exists.
func ExampleLoad_reserved() {
	_, err := scenarios.Load(fstest.MapFS{"s.yaml": {Data: []byte("version: 1\nvariants: [{name: more-crews}]\n")}}, "s.yaml")
	fmt.Println(err)
	// Output: s.yaml:2:1: variants: not supported yet: variants (what-ifs) come with the analysis layer
}

// A response section: crews per sector that repair the nearest job first,
// a mobile generator, and a scripted load shedding. Load builds the
// response.Plan that each engine's Responder carries out; a misspelt
// policy is refused with the closest name.
func ExampleLoad_response() {
	const text = `version: 1
network: {city: riverton}
response:
  policy: nearest-first
  repair: {model: fixed, time: 6h}
  teams:
    - {name: power, count: 4, depot: i1968, sector: power}
    - {name: water, count: 2, depot: i1975, sector: water, kinds: [pump, pipe], policy: critical-first}
  units:
    - {name: gen, kind: generator, count: 2, depot: i2243, autonomy: 12h}
  script:
    - {name: shed, do: shed-load, at: 2h, zone: D01-01, sector: power, factor: 0.5}
`
	s, err := scenarios.Load(fstest.MapFS{"s.yaml": {Data: []byte(text)}}, "s.yaml")
	if err != nil {
		panic(err)
	}
	for _, t := range s.Response.Teams {
		fmt.Printf("%s: %d × %s, kinds %v, policy %T\n", t.Name, t.Count, t.Work, t.Kinds, t.Policy)
	}
	fmt.Printf("repair %T of %v, script %q at %v\n", s.Response.Repair, sim.Time(s.Response.Repair.(response.Fixed)), s.Response.Script[0].Name, s.Response.Script[0].At)
	_, err = scenarios.Load(fstest.MapFS{"s.yaml": {Data: []byte(strings.Replace(text, "critical-first", "critcal-first", 1))}}, "s.yaml")
	fmt.Println(err)
	// Output:
	// power: 4 × repair, kinds [], policy <nil>
	// water: 2 × repair, kinds [pump pipe], policy response.CriticalFirst
	// gen: 2 × generate, kinds [], policy <nil>
	// repair response.Fixed of 6h, script "shed" at 2h
	// s.yaml:8:81: response.teams[1].policy: unknown name: unknown policy "critcal-first"; did you mean "critical-first"?
}

// The registry lists every kind a scenario file can name, by group.
func ExampleKinds() {
	for k := range scenarios.Kinds() {
		if k.Group == scenarios.GroupHazard {
			fmt.Printf("%s: %s\n", k.Name, k.Doc)
		}
	}
	// Output:
	// chain: a parent hazard and the secondary hazards its triggers start (intensity above a threshold, a failure, a time)
	// earthquake: earthquake from a point source: ground motion by an attenuation relation with correlated residuals, damage by fragility classes (Hazus)
	// flood: flood or rainstorm: water depth in space and time from GeoJSON areas with hydrographs or gridded depth series
	// ground-motion: earthquake from a ground-motion field file (InfraRisk CSV or OpenQuake export), damage by fragility classes (Hazus)
	// heat: heat wave: a temperature series that raises power and water demand and derates power lines
	// list: explicit impacts on named components and links
	// random-fraction: each selected component is hit independently with a probability
	// sequence: hazards one after another, each at its offset (an aftershock, a second typhoon)
	// targeted: the k selected components of highest degree, betweenness or population
	// wind: typhoon or hurricane: a track with the Holland wind profile and gust fragility of lines, poles and towers
}

// A chain: a flood on riverton's river corridor (the bundled map) whose
// depth at the treatment plant's bank passing 0.5 m starts a second,
// smaller hazard two hours later. By hand from the corridor's hydrograph
// (0.3 m at 6 h, 0.9 m at 18 h), 0.5 m is passed at 10 h, first seen on
// the hourly samples at 10 h; the started hazard's impacts come at 12 h.
func ExampleLoad_chain() {
	text := `version: 1
network: {city: riverton}
hazards:
  - name: river-chain
    kind: chain
    parent: {name: river, kind: flood, areas: riverton-rainstorm.geojson}
    triggers:
      - name: bank-slip
        when: {above: {place: {x: -90.011, y: 35.1}, threshold: 0.5, until: 2d, step: 1h}}
        delay: 2h
        then: {name: slip, kind: targeted, k: 3, select: {kind: intersection}}
`
	geo, _ := fs.ReadFile(scenarios.Bundled(), "riverton-rainstorm.geojson")
	s, err := scenarios.Load(fstest.MapFS{"s.yaml": {Data: []byte(text)}, "riverton-rainstorm.geojson": {Data: geo}}, "s.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	ch := s.Hazards[0].Hazard.(hazard.Compound)
	parts, err := ch.Parts(s.Network, hazard.NewRand(1, "river-chain"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range parts {
		if p.Parent < 0 {
			fmt.Printf("%s: the parent\n", p.Name)
			continue
		}
		fmt.Printf("%s: started by %s at %v, first impact at %v\n", p.Name, parts[p.Parent].Name, p.At, p.Impacts[0].Time)
	}
	// Output:
	// river: the parent
	// slip: started by river at 10h, first impact at 12h
}

// A valid file may ask for what can do nothing: here a crew team for the
// substations listed after one for the whole power sector, which takes
// every job first. Load accepts it and says so in a warning.
func ExampleScenario_Warnings() {
	const text = `version: 1
network: {city: riverton}
response:
  teams:
    - {name: power, count: 4, depot: i1968, sector: power}
    - {name: substations, count: 2, depot: i1968, sector: power, kinds: [substation]}
`
	s, err := scenarios.Load(fstest.MapFS{"crews.yaml": {Data: []byte(text)}}, "crews.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range s.Warnings() {
		fmt.Println(w)
	}
	// Output: crews.yaml:6:8: warning: response.teams[1].name: team "substations" never gets a job: everything it can do goes to "power" first (a job goes to the first team that fits it): list the narrower team first, or give the teams sectors or kinds that differ
}
