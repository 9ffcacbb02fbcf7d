package scenarios

import (
	"errors"
	"io"
	"io/fs"
	"slices"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/hazard/quake"
	"github.com/lifeline-sim/lifeline/network"
)

// The earthquake kinds build a quake.Earthquake: earthquake from a point
// source through an attenuation relation, ground-motion from a field read
// from a file. Both damage through fragility classes (the bundled Hazus
// library, plus the classes of a CSV file) and leave the checks of the
// parameters to quake's Validate, placed at the hazard's mapping.

// quakeDamage is what both earthquake kinds say about damage.
type quakeDamage struct {
	At         Duration           `yaml:"at" doc:"when the ground shakes"`
	Classes    string             `yaml:"classes" doc:"CSV of fragility classes added to the bundled Hazus library (replacing a class of the same name), in the format of fragility.ReadCSV, relative to the scenario file"`
	PipeK1     map[string]float64 `yaml:"pipe_k1" doc:"pipe fragility class or material → ALA (2001) correction factor K1 of the repair rate, ≥ 0 (absent: 1)"`
	BreakShare float64            `yaml:"break_share" doc:"share of pipe repairs that are breaks, in [0, 1] (0: 0.2, Hazus's split for seismic waves; negative: leaks only)"`
}

// earthquake returns the Earthquake named name with the damage settings,
// its library the bundled one plus the classes file.
func (d *quakeDamage) earthquake(env *buildEnv, p *Pos, name string) (*quake.Earthquake, error) {
	e := &quake.Earthquake{Label: name, At: d.At.Time(), PipeK1: d.PipeK1, BreakShare: d.BreakShare}
	if d.Classes == "" {
		return e, nil
	}
	file, err := env.file(p, "classes", d.Classes)
	if err != nil {
		return nil, err
	}
	user, err := readWith(env.fsys, file, fragility.ReadCSV)
	if err != nil {
		return nil, err
	}
	e.Library = fragility.Hazus()
	for c := range user.Classes() {
		if err := e.Library.Add(*c); err != nil {
			return nil, p.Wrap("classes", err)
		}
	}
	return e, nil
}

// readWith opens name of fsys and reads it with read, which names the file
// in its errors.
func readWith[T any](fsys fs.FS, name string, read func(io.Reader, string) (T, error)) (T, error) {
	f, err := fsys.Open(name)
	if err != nil {
		var zero T
		return zero, &network.ParseError{File: name, Err: err}
	}
	defer f.Close()
	return read(f, name)
}

// quakeHazard is the earthquake kind: a point source.
type quakeHazard struct {
	quakeDamage `yaml:",inline"`
	Epicentre   epicentreSpec   `yaml:"epicentre" doc:"the epicentre: x and y in the network's CRS, or lon and lat in WGS84 degrees (for a network in WGS84 or Web Mercator)"`
	DepthKm     float64         `yaml:"depth_km" doc:"hypocentral depth in km, in [0, 700] (neither bundled relation uses it)"`
	Magnitude   float64         `yaml:"magnitude" doc:"moment magnitude, in (0, 10]"`
	Fault       string          `yaml:"fault" doc:"style of faulting for ba08: unspecified (default), strike-slip, normal or reverse"`
	Attenuation string          `yaml:"attenuation" doc:"ground-motion relation: ba08 (default: Boore and Atkinson 2008) or kawashima (Kawashima et al. 1984 PGA, Yu and Jin 2008 PGV, as WNTR)"`
	Tau         float64         `yaml:"tau" doc:"kawashima only: inter-event standard deviation of ln PGA and ln PGV, ≥ 0 (0: none)"`
	Phi         float64         `yaml:"phi" doc:"kawashima only: intra-event standard deviation of ln PGA and ln PGV, ≥ 0 (0: none)"`
	Vs30        float64         `yaml:"vs30" doc:"shear-wave velocity of the top 30 m at every site in m/s, in [100, 3000] (0: 760, rock)"`
	Correlation correlationSpec `yaml:"correlation" doc:"spatially correlated intra-event residuals (on by default: Jayaram and Baker 2009)"`
	Pos         Pos
}

// epicentreSpec is a point given in the network's CRS or in WGS84.
type epicentreSpec struct {
	X   float64 `yaml:"x" doc:"longitude or easting in m, in the network's CRS"`
	Y   float64 `yaml:"y" doc:"latitude or northing in m, in the network's CRS"`
	Lon float64 `yaml:"lon" doc:"longitude, WGS84 degrees (instead of x and y)"`
	Lat float64 `yaml:"lat" doc:"latitude, WGS84 degrees (instead of x and y)"`
	Pos Pos
}

// point returns the epicentre in the CRS of net.
func (s *epicentreSpec) point(net *network.Network) (network.Point, error) {
	xy, ll := s.Pos.Has("x") || s.Pos.Has("y"), s.Pos.Has("lon") || s.Pos.Has("lat")
	switch {
	case xy == ll:
		return network.Point{}, s.Pos.Errorf("", network.ErrInvalid, "give x and y (the network's CRS) or lon and lat (WGS84)")
	case xy:
		if !s.Pos.Has("x") || !s.Pos.Has("y") {
			return network.Point{}, s.Pos.Errorf("", network.ErrInvalid, "give both x and y")
		}
		return network.Point{X: s.X, Y: s.Y}, nil
	}
	if !s.Pos.Has("lon") || !s.Pos.Has("lat") {
		return network.Point{}, s.Pos.Errorf("", network.ErrInvalid, "give both lon and lat")
	}
	p := network.Point{X: s.Lon, Y: s.Lat}
	if err := network.WGS84.CheckPoint(p); err != nil {
		return p, s.Pos.Wrap("lat", err)
	}
	crs := net.CRS()
	switch {
	case crs.Geographic():
		return p, nil
	case crs.Equal(network.WebMercator):
		return network.LonLatToMercator(p), nil
	}
	return p, s.Pos.Errorf("lon", network.ErrReproject, "the network's CRS is %v: give the epicentre as x and y in it", crs)
}

// correlationSpec is quake.Correlation.
type correlationSpec struct {
	Off      bool    `yaml:"off" doc:"independent residuals from site to site"`
	RangeKm  float64 `yaml:"range_km" doc:"range b of ρ(h) = exp(−3h/b) in km (0: 8.5, Jayaram and Baker 2009 for PGA)"`
	SpacingM float64 `yaml:"spacing_m" doc:"grid spacing in m, in [10, 10000] (0: 250)"`
	RadiusKm float64 `yaml:"radius_km" doc:"half-side of the grid centred on the epicentre in km, in (0, 1000] (0: 60); sites beyond get independent residuals"`
}

// faults are the names of quake's fault types, by value.
var faults = []string{"unspecified", "strike-slip", "normal", "reverse"}

// attenuations are the names of the bundled relations.
var attenuations = []string{"ba08", "kawashima"}

func (s *quakeHazard) build(env *buildEnv, name string) (hazard.Hazard, error) {
	e, err := s.earthquake(env, &s.Pos, name)
	if err != nil {
		return nil, err
	}
	if e.Source.Epicentre, err = s.Epicentre.point(env.net); err != nil {
		return nil, err
	}
	e.Source.DepthKm, e.Source.Magnitude = s.DepthKm, s.Magnitude
	if s.Fault != "" {
		k := slices.Index(faults, s.Fault)
		if k < 0 {
			return nil, s.Pos.Errorf("fault", ErrUnknownName, "%s", unknown("fault type", s.Fault, faults))
		}
		e.Source.Fault = quake.Fault(k)
	}
	switch s.Attenuation {
	case "", "ba08":
		for _, key := range []string{"tau", "phi"} {
			if s.Pos.Has(key) {
				return nil, s.Pos.Errorf(key, network.ErrInvalid, "%s is kawashima's: ba08 has its own standard deviations", key)
			}
		}
		e.Model = quake.BooreAtkinson2008{}
	case "kawashima":
		e.Model = quake.Kawashima1984{Tau: s.Tau, Phi: s.Phi}
	default:
		return nil, s.Pos.Errorf("attenuation", ErrUnknownName, "%s", unknown("attenuation", s.Attenuation, attenuations))
	}
	e.Vs30 = s.Vs30
	e.Correlation = quake.Correlation(s.Correlation)
	if err := e.Validate(); err != nil {
		return nil, s.Pos.Wrap("", err)
	}
	env.warnQuake(&s.Pos, e)
	return e, nil
}

// gmfHazard is the ground-motion kind: a field read from a file.
type gmfHazard struct {
	quakeDamage `yaml:",inline"`
	File        string   `yaml:"file" doc:"the ground-motion CSV (format csv: coordinates and PGA, PGV, PGD, SA(1.0); format openquake: OpenQuake's gmf-data export), relative to the scenario file"`
	Format      string   `yaml:"format" doc:"csv (default: as the InfraRisk Shelby County fields) or openquake"`
	CRS         string   `yaml:"crs" doc:"csv only: CRS of the coordinates, such as EPSG:4326 (default) or EPSG:3857 (the InfraRisk fields)"`
	Units       gmfUnits `yaml:"units" doc:"csv only: factors converting the PGV and PGD columns to m/s and m"`
	Sites       string   `yaml:"sites" doc:"openquake only: the sitemesh CSV (site_id, lon, lat), relative to the scenario file"`
	Event       int64    `yaml:"event" doc:"openquake only: the event_id whose field is used"`
	Pos         Pos
}

// gmfUnits is quake.GMFUnits.
type gmfUnits struct {
	PGV float64 `yaml:"pgv" doc:"factor to m/s, finite and ≥ 0 (0: 0.01, cm/s)"`
	PGD float64 `yaml:"pgd" doc:"factor to m, finite and ≥ 0 (0: 0.01, cm)"`
}

// gmfFormats are the names of the ground-motion file formats.
var gmfFormats = []string{"csv", "openquake"}

func (s *gmfHazard) build(env *buildEnv, name string) (hazard.Hazard, error) {
	e, err := s.earthquake(env, &s.Pos, name)
	if err != nil {
		return nil, err
	}
	if s.File == "" {
		return nil, s.Pos.Errorf("file", network.ErrInvalid, "missing file: the ground-motion field")
	}
	file, err := env.file(&s.Pos, "file", s.File)
	if err != nil {
		return nil, err
	}
	// only refuses a key of the other format.
	only := func(format string, keys ...string) error {
		for _, k := range keys {
			if s.Pos.Has(k) {
				return s.Pos.Errorf(k, network.ErrInvalid, "%s is for format %s", k, format)
			}
		}
		return nil
	}
	switch s.Format {
	case "", "csv":
		if err := only("openquake", "sites", "event"); err != nil {
			return nil, err
		}
		crs := network.WGS84
		if s.CRS != "" {
			if crs, err = network.ParseCRS(s.CRS); err != nil {
				return nil, s.Pos.Wrap("crs", err)
			}
		}
		e.Field, err = readWith(env.fsys, file, func(r io.Reader, name string) (*quake.GMF, error) {
			return quake.ReadGMF(r, name, crs, quake.GMFUnits(s.Units))
		})
	case "openquake":
		if err := only("csv", "crs", "units"); err != nil {
			return nil, err
		}
		if s.Sites == "" {
			return nil, s.Pos.Errorf("sites", network.ErrInvalid, "missing sites: the sitemesh CSV of the openquake export")
		}
		var sites string
		if sites, err = env.file(&s.Pos, "sites", s.Sites); err != nil {
			return nil, err
		}
		e.Field, err = readWith(env.fsys, file, func(gmf io.Reader, gmfName string) (*quake.GMF, error) {
			return readWith(env.fsys, sites, func(mesh io.Reader, meshName string) (*quake.GMF, error) {
				return quake.ReadOpenQuake(gmf, gmfName, mesh, meshName, s.Event)
			})
		})
	default:
		return nil, s.Pos.Errorf("format", ErrUnknownName, "%s", unknown("ground-motion format", s.Format, gmfFormats))
	}
	var pe *network.ParseError
	switch {
	case errors.As(err, &pe):
		return nil, err
	case err != nil: // a unit factor ReadGMF refuses
		return nil, s.Pos.Wrap("units", err)
	}
	if err := e.Validate(); err != nil {
		return nil, s.Pos.Wrap("", err)
	}
	env.warnQuake(&s.Pos, e)
	return e, nil
}
