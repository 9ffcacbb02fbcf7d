package scenarios

import (
	"io/fs"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/format"
	"github.com/lifeline-sim/lifeline/network/format/epanet"
	"github.com/lifeline-sim/lifeline/network/format/infrarisk"
	"github.com/lifeline-sim/lifeline/network/format/matpower"
	"github.com/lifeline-sim/lifeline/network/format/pandapower"
	"github.com/lifeline-sim/lifeline/network/format/shelby"
	"github.com/lifeline-sim/lifeline/network/format/tntp"
)

// formatKind is implemented by the parameters of a GroupFormat kind: read
// reads the file name of fsys (resolve turns another path of the file,
// such as a TNTP node file, into a name of fsys) under a size cap of
// maxBytes per file.
type formatKind interface {
	read(fsys fs.FS, name string, resolve func(string) string, maxBytes int64) (*network.Network, error)
}

// crsOption is the crs key of the formats that read coordinates.
type crsOption struct {
	CRS string `yaml:"crs" doc:"coordinate reference system of the file: EPSG:code, a bare code, or local; empty is the format's default"`
}

// parse reads the option; def is the format's default CRS.
func (c crsOption) parse(p *Pos, def network.CRS) (network.CRS, error) {
	if c.CRS == "" {
		return def, nil
	}
	crs, err := network.ParseCRS(c.CRS)
	if err != nil {
		return crs, p.Wrap("crs", err)
	}
	return crs, nil
}

type jsonFormat struct{}

func (jsonFormat) read(fsys fs.FS, name string, _ func(string) string, max int64) (*network.Network, error) {
	return format.Reader{MaxBytes: max}.ReadJSON(fsys, name)
}

type geojsonFormat struct{}

func (geojsonFormat) read(fsys fs.FS, name string, _ func(string) string, max int64) (*network.Network, error) {
	return format.Reader{MaxBytes: max}.ReadGeoJSON(fsys, name)
}

type csvFormat struct{}

func (csvFormat) read(fsys fs.FS, name string, _ func(string) string, max int64) (*network.Network, error) {
	return format.Reader{MaxBytes: max}.ReadCSV(fsys, name)
}

type matpowerFormat struct{}

func (matpowerFormat) read(fsys fs.FS, name string, _ func(string) string, max int64) (*network.Network, error) {
	return matpower.Import(fsys, name, matpower.Options{MaxBytes: max})
}

type epanetFormat struct {
	crsOption `yaml:",inline"`
	Pos       Pos
}

func (f *epanetFormat) read(fsys fs.FS, name string, _ func(string) string, max int64) (*network.Network, error) {
	crs, err := f.parse(&f.Pos, network.Local)
	if err != nil {
		return nil, err
	}
	return epanet.Import(fsys, name, epanet.Options{CRS: crs, MaxBytes: max})
}

type pandapowerFormat struct {
	crsOption `yaml:",inline"`
	Loads     bool `yaml:"loads" doc:"make every load a component of its own (damageable, nameable by a requirement)"`
	Pos       Pos
}

func (f *pandapowerFormat) read(fsys fs.FS, name string, _ func(string) string, max int64) (*network.Network, error) {
	crs, err := f.parse(&f.Pos, network.WGS84)
	if err != nil {
		return nil, err
	}
	return pandapower.Import(fsys, name, pandapower.Options{CRS: crs, Loads: f.Loads, MaxBytes: max})
}

type tntpFormat struct {
	crsOption    `yaml:",inline"`
	Nodes        string   `yaml:"nodes" doc:"the node file with coordinates, relative to the scenario file (optional)"`
	LengthUnit   float64  `yaml:"length_unit" doc:"metres in one unit of the length column (1609.344 for miles); 0 means 1"`
	TimeUnit     Duration `yaml:"time_unit" doc:"one unit of the free-flow time column; 0 means 1m"`
	BareNodeIDs  bool     `yaml:"bare_node_ids" doc:"use node tokens as component IDs as written"`
	IgnoreCounts bool     `yaml:"ignore_counts" doc:"skip the check of the metadata's node and link counts"`
	Pos          Pos
}

func (f *tntpFormat) read(fsys fs.FS, name string, resolve func(string) string, max int64) (*network.Network, error) {
	crs, err := f.parse(&f.Pos, network.WGS84)
	if err != nil {
		return nil, err
	}
	nodes := ""
	if f.Nodes != "" {
		nodes = resolve(f.Nodes)
	}
	o := tntp.Options{CRS: crs, LengthUnit: f.LengthUnit, TimeUnit: f.TimeUnit.Time(),
		BareNodeIDs: f.BareNodeIDs, IgnoreCounts: f.IgnoreCounts, MaxBytes: max}
	if err := o.Validate(); err != nil {
		return nil, f.Pos.Wrap("", err)
	}
	return tntp.Import(fsys, name, nodes, o)
}

type shelbyFormat struct{}

func (shelbyFormat) read(fsys fs.FS, name string, _ func(string) string, max int64) (*network.Network, error) {
	return shelby.Import(fsys, name, shelby.Options{MaxBytes: max})
}

type infraRiskFormat struct {
	crsOption `yaml:",inline"`
	NoAccess  bool `yaml:"no_access" doc:"leave crew access unset instead of the nearest road node"`
	Pos       Pos
}

func (f *infraRiskFormat) read(fsys fs.FS, name string, _ func(string) string, max int64) (*network.Network, error) {
	crs, err := f.parse(&f.Pos, network.Local)
	if err != nil {
		return nil, err
	}
	return infrarisk.Import(fsys, name, infrarisk.Options{CRS: crs, NoAccess: f.NoAccess, MaxBytes: max})
}
