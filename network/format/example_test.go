package format_test

import (
	"errors"
	"fmt"
	"log"
	"os"
	"testing/fstest"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/format"
	"github.com/lifeline-sim/lifeline/sim"
)

// A substation feeding a pump that needs its power, written in the native
// JSON format.
func ExampleWriteJSON() {
	b := network.NewBuilder()
	b.SetName("tiny")
	b.SetAttr(network.ParamBaseMVA, 100)
	b.AddComponent(network.Component{ID: "sub", Sector: network.Power, Kind: network.KindSubstation,
		Role: network.RoleSource, Location: &network.Point{X: -90.05, Y: 35.15}})
	b.AddComponent(network.Component{ID: "pump", Sector: network.Water, Kind: network.KindPump,
		Params: map[network.Param]float64{network.ParamHeadM: 30}})
	b.AddRequirement(network.Requirement{Dependent: "pump", Providers: []string{"sub"},
		Lag: 90 * sim.Second, Buffer: 4 * sim.Hour})
	n, err := b.Build()
	if err != nil {
		log.Fatal(err)
	}
	if err := format.WriteJSON(os.Stdout, n); err != nil {
		log.Fatal(err)
	}
	// Output:
	// {
	//   "version": 1,
	//   "name": "tiny",
	//   "crs": "EPSG:4326",
	//   "attrs": {"base_mva":100},
	//   "components": [
	//     {"id":"sub","sector":"power","kind":"substation","role":"source","location":{"x":-90.05,"y":35.15}},
	//     {"id":"pump","sector":"water","kind":"pump","role":"transit","params":{"head_m":30}}
	//   ],
	//   "links": [],
	//   "requirements": [
	//     {"dependent":"pump","providers":["sub"],"logic":"all","lag":"1m30s","buffer":"4h","effect":"fail","kind":"physical"}
	//   ]
	// }
}

// Reading a hand-written file: keys left out take their zero value, and
// durations may use days.
func ExampleReadJSON() {
	const in = `{
  "version": 1,
  "components": [
    {"id": "sub", "sector": "power", "role": "source"},
    {"id": "tower", "sector": "telecom", "kind": "cell_tower"}
  ],
  "requirements": [
    {"dependent": "tower", "providers": ["sub"], "buffer": "1d12h", "recharge": 0.5}
  ]
}`
	fsys := fstest.MapFS{"tiny.json": {Data: []byte(in)}}
	n, err := format.ReadJSON(fsys, "tiny.json")
	if err != nil {
		log.Fatal(err)
	}
	tower, _ := n.ComponentIndex("tower")
	r := n.RequirementsOf(tower)[0]
	fmt.Println(n.NumComponents(), "components,", n.CRS())
	fmt.Println("tower needs", n.ComponentID(n.Providers(r)[0]), "with a", n.Buffer(r), "battery")
	// Output:
	// 2 components, EPSG:4326
	// tower needs sub with a 1d12h battery
}

// Errors say where the problem is and wrap the package's sentinels.
func ExampleReadJSON_error() {
	const in = `{
  "version": 1,
  "components": [
    {"id": "sub", "sector": "power", "role": "generator"}
  ]
}`
	_, err := format.ReadJSON(fstest.MapFS{"bad.json": {Data: []byte(in)}}, "bad.json")
	fmt.Println(err)
	var pe *network.ParseError
	if errors.As(err, &pe) {
		fmt.Println(pe.Line, pe.Col, pe.Field, errors.Is(err, network.ErrInvalid))
	}
	// Output:
	// bad.json:4:46: components[0].role: invalid value: role "generator" (want transit, source or consumer)
	// 4 46 components[0].role true
}
