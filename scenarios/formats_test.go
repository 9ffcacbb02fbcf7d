package scenarios_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/format"
	"github.com/lifeline-sim/lifeline/network/format/epanet"
	"github.com/lifeline-sim/lifeline/network/format/infrarisk"
	"github.com/lifeline-sim/lifeline/network/format/matpower"
	"github.com/lifeline-sim/lifeline/network/format/pandapower"
	"github.com/lifeline-sim/lifeline/network/format/shelby"
	"github.com/lifeline-sim/lifeline/network/format/tntp"
	"github.com/lifeline-sim/lifeline/scenarios"
	"github.com/lifeline-sim/lifeline/sim"
)

// TestFormats reads the test files of every registered format as a
// scenario's network.files entry, options included, and compares the
// network with the one its reader gives when called directly.
func TestFormats(t *testing.T) {
	repo := os.DirFS("..")
	const nf = "network/format/"
	for _, tc := range []struct {
		entry  map[string]string
		direct func() (*network.Network, error)
	}{
		{map[string]string{"format": "csv", "path": nf + "testdata/native/csv"},
			func() (*network.Network, error) { return format.ReadCSV(repo, nf+"testdata/native/csv") }},
		{map[string]string{"format": "epanet", "path": nf + "epanet/testdata/Net1.inp", "crs": "local"},
			func() (*network.Network, error) {
				return epanet.Import(repo, nf+"epanet/testdata/Net1.inp", epanet.Options{CRS: network.Local})
			}},
		{map[string]string{"format": "geojson", "path": nf + "testdata/native/city.geojson"},
			func() (*network.Network, error) { return format.ReadGeoJSON(repo, nf+"testdata/native/city.geojson") }},
		{map[string]string{"format": "infrarisk", "path": "scenarios/cities/micropolis", "no_access": "true"},
			func() (*network.Network, error) {
				return infrarisk.Import(repo, "scenarios/cities/micropolis", infrarisk.Options{NoAccess: true})
			}},
		{map[string]string{"format": "json", "path": nf + "testdata/native/city.json"},
			func() (*network.Network, error) { return format.ReadJSON(repo, nf+"testdata/native/city.json") }},
		{map[string]string{"format": "matpower", "path": nf + "matpower/testdata/case14.m"},
			func() (*network.Network, error) {
				return matpower.Import(repo, nf+"matpower/testdata/case14.m", matpower.Options{})
			}},
		{map[string]string{"format": "pandapower", "path": nf + "pandapower/testdata/infrarisk_in2/power.json", "crs": "local", "loads": "true"},
			func() (*network.Network, error) {
				return pandapower.Import(repo, nf+"pandapower/testdata/infrarisk_in2/power.json", pandapower.Options{CRS: network.Local, Loads: true})
			}},
		{map[string]string{"format": "shelby", "path": "scenarios/cities/shelby-indp"},
			func() (*network.Network, error) {
				return shelby.Import(repo, "scenarios/cities/shelby-indp", shelby.Options{})
			}},
		{map[string]string{"format": "tntp", "path": nf + "tntp/testdata/infrarisk_in2/transpo_net.tntp",
			"nodes": nf + "tntp/testdata/infrarisk_in2/transpo_node.tntp", "crs": "local", "bare_node_ids": "true",
			"length_unit": "1000", "time_unit": "1m", "ignore_counts": "true"},
			func() (*network.Network, error) {
				return tntp.Import(repo, nf+"tntp/testdata/infrarisk_in2/transpo_net.tntp", nf+"tntp/testdata/infrarisk_in2/transpo_node.tntp",
					tntp.Options{CRS: network.Local, BareNodeIDs: true, LengthUnit: 1000, TimeUnit: sim.Minute, IgnoreCounts: true})
			}},
	} {
		name := tc.entry["format"]
		t.Run(name, func(t *testing.T) {
			got, err := scenarios.ReadNetwork(repo, ".", tc.entry)
			require.NoError(t, err)
			want, err := tc.direct()
			require.NoError(t, err)
			assert.Equal(t, []any{want.Name(), want.NumComponents(), want.NumLinks(), want.NumRequirements(), want.CRS()},
				[]any{got.Name(), got.NumComponents(), got.NumLinks(), got.NumRequirements(), got.CRS()})
			for i := range want.Components() {
				require.Equal(t, want.Component(i), got.Component(i))
			}
		})
	}
	// Every registered format is in the table above.
	assert.Equal(t, []string{"csv", "epanet", "geojson", "infrarisk", "json", "matpower", "pandapower", "shelby", "tntp"},
		scenarios.Names(scenarios.GroupFormat))
}

// TestReadNetworkPrefix: a prefix goes before every ID; an option of
// another format is an unknown key.
func TestReadNetworkPrefix(t *testing.T) {
	repo := os.DirFS("..")
	net, err := scenarios.ReadNetwork(repo, "network/format/matpower/testdata", map[string]string{"format": "matpower", "path": "case14.m", "prefix": "p/"})
	require.NoError(t, err)
	_, ok := net.ComponentIndex("p/bus1")
	assert.True(t, ok)
	_, err = scenarios.ReadNetwork(repo, "network/format/matpower/testdata", map[string]string{"format": "matpower", "path": "case14.m", "crs": "local"})
	require.ErrorIs(t, err, scenarios.ErrUnknownKey)
}

// TestReadNetworkEntryErrors: the entry has no file of its own, so an
// error about one of its keys names the input file and the key, with no
// line or column (there is none to give).
func TestReadNetworkEntryErrors(t *testing.T) {
	repo := os.DirFS("..")
	_, err := scenarios.ReadNetwork(repo, "network/format/matpower/testdata", map[string]string{"format": "matpower", "path": "missing.m"})
	var pe *network.ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, network.ParseError{File: "missing.m", Field: "path", Err: pe.Err}, *pe)
	_, err = scenarios.ReadNetwork(repo, "network/format/matpower/testdata", map[string]string{"format": "matpower", "path": "case14.m", "crs": "EPSG:99999999"})
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, []any{"case14.m", 0, 0, "crs"}, []any{pe.File, pe.Line, pe.Col, pe.Field}, err.Error())
}
