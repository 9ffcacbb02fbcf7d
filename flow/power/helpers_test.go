package power

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/format/matpower"
)

// caseDir holds the MATPOWER cases of the default tests: the network
// package's copies (network/format/matpower/testdata/SOURCE.md gives their origin).
const caseDir = "../../network/format/matpower/testdata"

// refDir holds the reference CSVs (testdata/SOURCE.md).
const refDir = "testdata/reference"

// referenceCases are the cases with reference CSVs (the data README, "DC
// power flow (power/reference)").
var referenceCases = []string{"t_case9_pf", "case14", "case30", "case118", "juliagrid_case14test", "juliagrid_case30test"}

// parseCase reads a MATPOWER case file.
func parseCase(t testing.TB, path string) *matpower.Case {
	t.Helper()
	c, err := matpower.Parse(os.DirFS(filepath.Dir(path)), filepath.Base(path))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// loadCase reads one of the default test cases by name.
func loadCase(t testing.TB, name string) *matpower.Case {
	t.Helper()
	return parseCase(t, filepath.Join(caseDir, name+".m"))
}

// readCSV returns the rows of a CSV file as maps from column name to text.
func readCSV(t testing.TB, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := make(map[string]string, len(r))
		for j, v := range r {
			m[recs[0][j]] = v
		}
		out = append(out, m)
	}
	return out
}

// num parses a CSV field as a float.
func num(t testing.TB, row map[string]string, col string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(row[col], 64)
	if err != nil {
		t.Fatalf("column %s: %v", col, err)
	}
	return v
}

// cancellingBuilder holds buses a (slack) and z (5 MW of demand) fed by
// generator g at a, joined by two lines of opposite reactance, 0.1 and
// −0.1 p.u., whose susceptances cancel (10 − 10 = 0): with nothing else
// between a and z the island's matrix is singular. extra lines go beside
// them.
func cancellingBuilder(extra ...network.Link) *network.Builder {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "a", Sector: network.Power, Kind: network.KindBus, Params: map[network.Param]float64{network.ParamBusType: 3}})
	b.AddComponent(network.Component{ID: "z", Sector: network.Power, Kind: network.KindBus, Role: network.RoleConsumer, Demand: 5})
	b.AddComponent(network.Component{ID: "g", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource})
	b.AddLink(network.Link{ID: "g:a", Kind: network.KindConnection, From: "g", To: "a"})
	b.AddLink(network.Link{ID: "l1", Kind: network.KindLine, From: "a", To: "z", Reactance: 0.1})
	b.AddLink(network.Link{ID: "l2", Kind: network.KindLine, From: "a", To: "z", Reactance: -0.1})
	for _, l := range extra {
		b.AddLink(l)
	}
	return b
}
