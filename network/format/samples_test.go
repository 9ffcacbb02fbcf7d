package format

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/lifeline-sim/lifeline/internal/parsetest"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// The sample city in testdata/native is written by the native writers from
// sampleCity; refresh it with go test ./network/format -run NativeSamples -update-native.
const (
	sampleDir     = "testdata/native"
	sampleJSON    = "city.json"
	sampleGeoJSON = "city.geojson"
	sampleCSV     = "csv"
)

// sampleCity is a made-up small city on the Mississippi: a power plant and
// two substations, a water system with a pump and a tank, three signalled
// intersections, a central office and two towers, a gas line, and a
// hospital in the user sector health that needs power, water and telecom.
func sampleCity(t testing.TB) *network.Network {
	t.Helper()
	b := network.NewBuilder()
	b.SetName("Riverton (sample)")
	b.SetAttr(network.ParamBaseMVA, 100)
	pt := func(x, y float64) *network.Point { return &network.Point{X: x, Y: y} }
	for _, c := range []network.Component{
		{ID: "PG1", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource, Location: pt(-90.06, 35.16), Capacity: 120,
			Fragility: "EPP", Params: map[network.Param]float64{network.ParamPmaxMW: 120}},
		{ID: "SS1", Sector: network.Power, Kind: network.KindSubstation, Location: pt(-90.04, 35.15), Fragility: "ESS3", Access: "I1"},
		{ID: "SS2", Sector: network.Power, Kind: network.KindSubstation, Location: pt(-90.02, 35.14), Fragility: "ESS3", Access: "I3"},
		{ID: "LD1", Sector: network.Power, Kind: network.KindBus, Role: network.RoleConsumer, Location: pt(-90.035, 35.145), Demand: 18, Population: 9000, Zone: "downtown"},
		{ID: "LD2", Sector: network.Power, Kind: network.KindBus, Role: network.RoleConsumer, Location: pt(-90.015, 35.135), Demand: 11.5, Population: 6500, Zone: "riverside"},
		{ID: "WTP", Sector: network.Water, Kind: network.KindTreatmentPlant, Role: network.RoleSource, Location: pt(-90.07, 35.15), Capacity: 0.8},
		{ID: "PS1", Sector: network.Water, Kind: network.KindPump, Location: pt(-90.05, 35.145), Params: map[network.Param]float64{network.ParamHeadM: 45}},
		{ID: "TK1", Sector: network.Water, Kind: network.KindTank, Location: pt(-90.03, 35.155), Storage: 4000, Params: map[network.Param]float64{network.ParamElevationM: 95}},
		{ID: "J1", Sector: network.Water, Kind: network.KindJunction, Role: network.RoleConsumer, Location: pt(-90.03, 35.14), Demand: 0.12, Population: 9000, Zone: "downtown"},
		{ID: "J2", Sector: network.Water, Kind: network.KindJunction, Role: network.RoleConsumer, Location: pt(-90.01, 35.13), Demand: 0.08, Population: 6500, Zone: "riverside"},
		{ID: "I1", Sector: network.Transport, Kind: network.KindIntersection, Location: pt(-90.045, 35.15)},
		{ID: "I2", Sector: network.Transport, Kind: network.KindIntersection, Location: pt(-90.03, 35.145)},
		{ID: "I3", Sector: network.Transport, Kind: network.KindIntersection, Location: pt(-90.02, 35.135)},
		{ID: "CO", Sector: network.Telecom, Kind: network.KindCentralOffice, Role: network.RoleSource, Location: pt(-90.032, 35.148), Critical: true},
		{ID: "T1", Sector: network.Telecom, Kind: network.KindCellTower, Role: network.RoleConsumer, Location: pt(-90.04, 35.14), Population: 8000, Tags: map[string]string{"operator": "A"}},
		{ID: "T2", Sector: network.Telecom, Kind: network.KindCellTower, Role: network.RoleConsumer, Location: pt(-90.01, 35.14), Population: 7500, Tags: map[string]string{"operator": "B"}},
		{ID: "GS", Sector: "gas", Kind: network.KindNode, Role: network.RoleSource, Location: pt(-90.08, 35.17), Tags: map[string]string{"type": "gate station"}},
		{ID: "GR", Sector: "gas", Kind: network.KindNode, Role: network.RoleConsumer, Demand: 2.5, Zone: "downtown"},
		{ID: "H1", Sector: "health", Kind: network.KindHospital, Role: network.RoleConsumer, Location: pt(-90.025, 35.142),
			Critical: true, Population: 15500, Access: "I2"},
	} {
		b.AddComponent(c)
	}
	for _, l := range []network.Link{
		{ID: "PL1", Kind: network.KindLine, From: "PG1", To: "SS1", Length: 2100, Reactance: 0.05, Rating: 150, Fragility: "tower"},
		{ID: "PL2", Kind: network.KindLine, From: "SS1", To: "SS2", Length: 2300, Reactance: 0.07, Rating: 80},
		{ID: "TR1", Kind: network.KindTransformer, From: "SS1", To: "LD1", Reactance: 0.1, Rating: 40, Tap: 1.025},
		{ID: "TR2", Kind: network.KindTransformer, From: "SS2", To: "LD2", Reactance: 0.1, Rating: 40},
		{ID: "PL3", Kind: network.KindLine, From: "LD1", To: "LD2", Reactance: 0.2, Rating: 20, OutOfService: true},
		{ID: "WP1", Kind: network.KindPipe, From: "WTP", To: "PS1", Directed: true, Length: 1800, Diameter: 0.6, Fragility: "ductile iron"},
		{ID: "WP2", Kind: network.KindPipe, From: "PS1", To: "TK1", Directed: true, Length: 1900, Diameter: 0.5},
		{ID: "WP3", Kind: network.KindPipe, From: "TK1", To: "J1", Length: 1500, Diameter: 0.4, Params: map[network.Param]float64{network.ParamRoughness: 120}},
		{ID: "WP4", Kind: network.KindPipe, From: "J1", To: "J2", Length: 2400, Diameter: 0.3, Fragility: "cast iron"},
		{ID: "RD1", Kind: network.KindRoad, From: "I1", To: "I2", Length: 1700, Capacity: 1800, FreeFlow: 2 * sim.Minute,
			Geometry: []network.Point{{X: -90.045, Y: 35.15}, {X: -90.038, Y: 35.149}, {X: -90.03, Y: 35.145}}},
		{ID: "RD2", Kind: network.KindRoad, From: "I2", To: "I3", Length: 1500, Capacity: 1200, FreeFlow: 105 * sim.Second,
			Tags: map[string]string{"name": "River Rd"}},
		{ID: "BR1", Kind: network.KindRoad, From: "I1", To: "I3", Length: 3100, Capacity: 900, FreeFlow: 4 * sim.Minute,
			Fragility: "HWB17", Tags: map[string]string{"bridge": "yes"}},
		{ID: "FB1", Kind: network.KindFiber, From: "CO", To: "T1", Length: 1200},
		{ID: "FB2", Kind: network.KindFiber, From: "CO", To: "T2", Length: 2300},
		{ID: "GP1", Kind: network.KindPipe, From: "GS", To: "GR", Directed: true, Length: 5200, Diameter: 0.2},
	} {
		b.AddLink(l)
	}
	for _, r := range []network.Requirement{
		{Dependent: "PS1", Providers: []string{"SS1"}},
		{Dependent: "WTP", Providers: []string{"SS1"}, Buffer: 24 * sim.Hour, Kind: network.Physical},
		{Dependent: "SS1", Providers: []string{"CO"}, Lag: 30 * sim.Minute, Kind: network.Cyber},
		{Dependent: "CO", Providers: []string{"SS1", "SS2"}, Logic: network.Any, Buffer: 8 * sim.Hour, Recharge: 0.25},
		{Dependent: "T1", Providers: []string{"LD1"}, Buffer: 4 * sim.Hour, Recharge: 0.5},
		{Dependent: "T2", Providers: []string{"LD2"}, Buffer: 2 * sim.Hour, Recharge: 0.5},
		{Dependent: "I2", Providers: []string{"LD1"}, Effect: network.Degrade, Factor: 0.6, Kind: network.Logical},
		{Dependent: "H1", Providers: []string{"LD1", "LD2"}, Logic: network.Any, Buffer: 72 * sim.Hour},
		{Dependent: "H1", Providers: []string{"J1"}, Lag: 12 * sim.Hour},
		{Dependent: "H1", Providers: []string{"T1", "T2", "CO"}, Logic: network.KOfN, K: 2, Effect: network.Degrade, Factor: 0.8, Kind: network.Cyber},
		{Dependent: "GR", Providers: []string{"TK1"}, Kind: network.Geographic, Effect: network.Degrade, Factor: 0.5},
	} {
		b.AddRequirement(r)
	}
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestNativeSamples reads the committed sample city in every format, checks
// it is sampleCity, and checks the writers still produce the files byte for
// byte.
func TestNativeSamples(t *testing.T) {
	want := sampleCity(t)
	if *updateNative {
		if err := os.MkdirAll(sampleDir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, data := range map[string][]byte{sampleJSON: writeJSONBytes(t, want), sampleGeoJSON: writeGeoJSONBytes(t, want)} {
			if err := os.WriteFile(filepath.Join(sampleDir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := WriteCSV(filepath.Join(sampleDir, sampleCSV), want); err != nil {
			t.Fatal(err)
		}
	}
	read := func(name string, rd func([]byte) (*network.Network, error), wr func(testing.TB, *network.Network) []byte) {
		data, err := os.ReadFile(filepath.Join(sampleDir, name))
		if err != nil {
			t.Fatal(err)
		}
		n, err := rd(data)
		if err != nil {
			t.Fatal(err)
		}
		requireSameNetwork(t, want, n)
		if !bytes.Equal(wr(t, want), data) {
			t.Errorf("%s is not what the writer produces now; refresh with -update-native", name)
		}
	}
	read(sampleJSON, func(b []byte) (*network.Network, error) { return ReadJSON(parsetest.File(sampleJSON, b), sampleJSON) }, writeJSONBytes)
	read(sampleGeoJSON, func(b []byte) (*network.Network, error) {
		return ReadGeoJSON(parsetest.File(sampleGeoJSON, b), sampleGeoJSON)
	}, writeGeoJSONBytes)

	n, err := ReadCSV(os.DirFS(sampleDir), sampleCSV)
	if err != nil {
		t.Fatal(err)
	}
	requireSameNetwork(t, want, n)
	fresh := t.TempDir()
	if err := WriteCSV(fresh, want); err != nil {
		t.Fatal(err)
	}
	got, committed := csvFiles(t, fresh), csvFiles(t, filepath.Join(sampleDir, sampleCSV))
	for name := range got {
		if !bytes.Equal(got[name], committed[name]) {
			t.Errorf("%s/%s is not what WriteCSV produces now; refresh with -update-native", sampleCSV, name)
		}
	}
}

// TestCrossFormat carries a network JSON → GeoJSON → CSV → JSON and expects
// the same bytes back.
func TestCrossFormat(t *testing.T) {
	for _, n := range []*network.Network{richNetwork(t), sampleCity(t), projectedNetwork(t)} {
		first := writeJSONBytes(t, n)
		a, err := ReadJSON(parsetest.File("a.json", first), "a.json")
		if err != nil {
			t.Fatal(err)
		}
		g, err := ReadGeoJSON(parsetest.File("b.geojson", writeGeoJSONBytes(t, a)), "b.geojson")
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if err := WriteCSV(dir, g); err != nil {
			t.Fatal(err)
		}
		c, err := ReadCSV(os.DirFS(dir), ".")
		if err != nil {
			t.Fatal(err)
		}
		requireSameNetwork(t, n, c)
		if last := writeJSONBytes(t, c); !bytes.Equal(first, last) {
			t.Fatalf("JSON → GeoJSON → CSV → JSON differs:\n%s\n---\n%s", first, last)
		}
	}
}
