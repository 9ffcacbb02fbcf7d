package scenarios

import (
	"io/fs"
	"maps"
	"slices"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/flood"
	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/hazard/heat"
	"github.com/lifeline-sim/lifeline/hazard/wind"
	"github.com/lifeline-sim/lifeline/network"
)

// The physical hazards' parameters say what a file can write; each builds
// the hazard package's own configuration (flood.Flood, wind.Wind,
// heat.Wave), reads its files with the package's reader, and leaves the
// checks to the package's Validate, placed at the hazard's mapping. Only
// what Validate cannot place (a component kind the network lacks, a
// damage state's name, a file and an inline list given together) is
// checked here, at its key.

// floodHazard is the flood kind (flood.Flood).
type floodHazard struct {
	Areas       string                     `yaml:"areas" doc:"GeoJSON file of flooded areas, each with its depth hydrograph (properties.hydrograph: [[time, depth m], …]), relative to the scenario file"`
	Grids       string                     `yaml:"grids" doc:"manifest CSV (time,file) of a gridded depth series of ESRI ASCII grids, relative to the scenario file"`
	WGS84       bool                       `yaml:"wgs84" doc:"the areas and grids are in WGS84 lon/lat while the network is in a projected CRS"`
	RoadClosure float64                    `yaml:"road_closure" doc:"depth in m above which roads and road nodes close (0: 0.3)"`
	DepthStep   float64                    `yaml:"depth_step" doc:"resolution in m of the roads' slowdown below the closure depth (0: 0.05)"`
	NoSlowdown  bool                       `yaml:"no_slowdown" doc:"roads keep their speed until they close"`
	Equipment   map[string]float64         `yaml:"equipment" doc:"component kind → height in m of the equipment water puts out of action (default: substation, pump and central_office at 0 m)"`
	Damage      map[string]damageCurveSpec `yaml:"damage" doc:"component kind → depth–damage curve: the kind is also damaged (down until repaired) with this probability (absent: the flood package's default, flood.Rules.Damage)"`
	Pos         Pos
}

// damageCurveSpec is a depth–damage curve (flood.DamageCurve).
type damageCurveSpec struct {
	Points []curvePointSpec `yaml:"points" doc:"points of the curve by increasing depth"`
	State  string           `yaml:"state" doc:"damage state of a damaged component: slight, moderate, extensive or complete (default)"`
	Pos    Pos
}

// curvePointSpec is a point of a depth–damage curve.
type curvePointSpec struct {
	Depth float64 `yaml:"depth" doc:"peak depth above the equipment, m"`
	P     float64 `yaml:"p" doc:"probability of damage at that depth, in [0, 1]"`
}

func (s *floodHazard) build(env *buildEnv, name string) (hazard.Hazard, error) {
	f := &flood.Flood{Label: name, WGS84: s.WGS84, Rules: flood.Rules{RoadClosure: s.RoadClosure, DepthStep: s.DepthStep, NoSlowdown: s.NoSlowdown}}
	if s.Areas == "" && s.Grids == "" {
		return nil, s.Pos.Errorf("areas", network.ErrInvalid, "give areas (GeoJSON), grids (a manifest CSV) or both")
	}
	if s.Areas != "" {
		file, err := env.file(&s.Pos, "areas", s.Areas)
		if err != nil {
			return nil, err
		}
		if f.Areas, err = (flood.Reader{}).ReadAreas(env.fsys, file); err != nil {
			return nil, err
		}
	}
	if s.Grids != "" {
		file, err := env.file(&s.Pos, "grids", s.Grids)
		if err != nil {
			return nil, err
		}
		if f.Frames, err = (flood.Reader{}).ReadSeries(env.fsys, file); err != nil {
			return nil, err
		}
	}
	kinds := componentKinds(env.net, "")
	if s.Equipment != nil {
		f.Rules.Equipment = map[network.Kind]float64{}
		for _, k := range slices.Sorted(maps.Keys(s.Equipment)) {
			if !slices.Contains(kinds, k) {
				return nil, mapKeyErr(&s.Pos, "equipment", k, unknown("component kind", k, kinds))
			}
			f.Rules.Equipment[network.Kind(k)] = s.Equipment[k]
		}
	}
	if s.Damage != nil {
		f.Rules.Damage = map[network.Kind]flood.DamageCurve{}
		for _, k := range slices.Sorted(maps.Keys(s.Damage)) {
			c := s.Damage[k]
			if !slices.Contains(kinds, k) {
				return nil, mapKeyErr(&s.Pos, "damage", k, unknown("component kind", k, kinds))
			}
			st, err := damageState(&c.Pos, c.State)
			if err != nil {
				return nil, err
			}
			dc := flood.DamageCurve{State: st}
			for _, p := range c.Points {
				dc.Points = append(dc.Points, flood.CurvePoint{Depth: p.Depth, P: p.P})
			}
			f.Rules.Damage[network.Kind(k)] = dc
		}
	}
	if err := f.Validate(); err != nil {
		return nil, s.Pos.Wrap("", err)
	}
	env.warnFlood(&s.Pos, f)
	return f, nil
}

// mapKeyErr returns an ErrUnknownName error for name, a key of the mapping
// written at key of p: placed at key (map keys keep no position), its
// field naming the key as well.
func mapKeyErr(p *Pos, key, name, msg string) error {
	pe := p.Errorf(key, ErrUnknownName, "%s", msg)
	pe.Field = join(pe.Field, name)
	return pe
}

// damageState reads the name of a damage state at key state of p:
// complete when empty.
func damageState(p *Pos, s string) (uint8, error) {
	if s == "" {
		return network.DamageComplete, nil
	}
	k := slices.Index(damageStates, s)
	if k < 1 {
		return 0, p.Errorf("state", ErrUnknownName, "%s", unknown("damage state", s, damageStates[1:]))
	}
	return uint8(k), nil
}

// windHazard is the wind kind (wind.Wind): a typhoon or hurricane.
type windHazard struct {
	Track           []fixSpec            `yaml:"track" doc:"the storm's track: fixes at strictly increasing times (or give track_file)"`
	TrackFile       string               `yaml:"track_file" doc:"CSV of the track (time, lon, lat, pressure_hpa, rmax_m), relative to the scenario file"`
	Step            Duration             `yaml:"step" doc:"time step at which the wind is evaluated (0: 10m)"`
	AmbientPressure float64              `yaml:"ambient_pressure_hpa" doc:"far-field pressure in hPa (0: 1013)"`
	AirDensity      float64              `yaml:"air_density" doc:"air density in kg/m³ (0: 1.15)"`
	B               float64              `yaml:"holland_b" doc:"Holland's shape parameter in [0.5, 2.5] (0: the Vickery–Wadhera regression)"`
	SurfaceFactor   float64              `yaml:"surface_factor" doc:"1-min sustained wind at 10 m over the gradient wind, in (0, 1] (0: 0.8)"`
	GustFactor      float64              `yaml:"gust_factor" doc:"3-s gust over the 1-min sustained wind, ≥ 1 (0: 1.216, Durst)"`
	NoAsymmetry     bool                 `yaml:"no_asymmetry" doc:"leave out the forward-speed asymmetry"`
	Kinds           map[string]curveSpec `yaml:"kinds" doc:"component or link kind → fragility curve against the peak 3-s gust"`
	Classes         map[string]curveSpec `yaml:"classes" doc:"fragility class → curve (takes precedence over the kind's)"`
	Pos             Pos
}

// fixSpec is a fix of a storm track (wind.Fix).
type fixSpec struct {
	At       Duration `yaml:"at" doc:"the instant"`
	Lon      float64  `yaml:"lon" doc:"centre longitude, WGS84 degrees"`
	Lat      float64  `yaml:"lat" doc:"centre latitude, WGS84 degrees, |lat| ≤ 80"`
	Pressure float64  `yaml:"pressure_hpa" doc:"central pressure in hPa"`
	Rmax     float64  `yaml:"rmax_m" doc:"radius of maximum wind in m (0: the Vickery–Wadhera estimate)"`
}

// curveSpec is a lognormal fragility curve against the gust (wind.Curve).
type curveSpec struct {
	Median float64 `yaml:"median" doc:"the 3-s gust in m/s at which damage has probability ½"`
	Beta   float64 `yaml:"beta" doc:"lognormal standard deviation, > 0"`
	State  string  `yaml:"state" doc:"damage state: slight, moderate, extensive or complete (default)"`
	Pos    Pos
}

func (s *windHazard) build(env *buildEnv, name string) (hazard.Hazard, error) {
	w := &wind.Wind{Label: name, Step: s.Step.Time(), AmbientPressure: s.AmbientPressure, AirDensity: s.AirDensity,
		B: s.B, SurfaceFactor: s.SurfaceFactor, GustFactor: s.GustFactor, NoAsymmetry: s.NoAsymmetry}
	track, err := inlineOrFile(env, &s.Pos, "track", s.Track, s.TrackFile, (wind.Reader{}).ReadTrack,
		func(f fixSpec) wind.Fix {
			return wind.Fix{T: f.At.Time(), Lon: f.Lon, Lat: f.Lat, Pressure: f.Pressure, Rmax: f.Rmax}
		})
	if err != nil {
		return nil, err
	}
	w.Track = track
	if w.Kinds, err = windCurves[network.Kind](s.Kinds, &s.Pos, "kinds", env.net); err != nil {
		return nil, err
	}
	if w.Classes, err = windCurves[string](s.Classes, &s.Pos, "classes", nil); err != nil {
		return nil, err
	}
	if err := w.Validate(); err != nil {
		return nil, s.Pos.Wrap("", err)
	}
	env.warnWind(&s.Pos, w)
	return w, nil
}

// windCurves converts curves by name; with net, the names are kinds of its
// components or links.
func windCurves[K ~string](in map[string]curveSpec, p *Pos, key string, net *network.Network) (map[K]wind.Curve, error) {
	if in == nil {
		return nil, nil
	}
	var kinds []string
	if net != nil {
		kinds = componentKinds(net, "")
		for l := range net.Links() {
			if k := string(net.LinkKind(l)); !slices.Contains(kinds, k) {
				kinds = append(kinds, k)
			}
		}
		slices.Sort(kinds)
	}
	out := map[K]wind.Curve{}
	for _, k := range slices.Sorted(maps.Keys(in)) {
		c := in[k]
		if net != nil && !slices.Contains(kinds, k) {
			return nil, mapKeyErr(p, key, k, unknown("component or link kind", k, kinds))
		}
		st, err := damageState(&c.Pos, c.State)
		if err != nil {
			return nil, err
		}
		out[K(k)] = wind.Curve{Curve: fragility.Curve{Median: c.Median, Beta: c.Beta}, State: st}
	}
	return out, nil
}

// heatHazard is the heat kind (heat.Wave).
type heatHazard struct {
	Series     []sampleSpec `yaml:"series" doc:"the air temperature over time (or give series_file)"`
	SeriesFile string       `yaml:"series_file" doc:"CSV of the temperature (time, celsius), relative to the scenario file"`
	Step       Duration     `yaml:"step" doc:"update interval of the factors between samples (0: 1h)"`
	Power      responseSpec `yaml:"power" doc:"how power demand follows the temperature (default 2.5 % per °C above 19.4 °C)"`
	Water      responseSpec `yaml:"water" doc:"how water demand follows the temperature (default 1 % per °C above 20 °C)"`
	Lines      deratingSpec `yaml:"lines" doc:"how power line ratings fall with the temperature"`
	Pos        Pos
}

// sampleSpec is a temperature sample (heat.Sample).
type sampleSpec struct {
	At      Duration `yaml:"at" doc:"the instant"`
	Celsius float64  `yaml:"celsius" doc:"air temperature, °C"`
}

// responseSpec is a sector's demand response (heat.Response).
type responseSpec struct {
	ThresholdC float64 `yaml:"threshold_c" doc:"temperature in °C above which demand grows"`
	PerDegree  float64 `yaml:"per_degree" doc:"relative growth of demand per °C above the threshold, ≥ 0 (0.025: 2.5 %; 0: the sector's default)"`
	Off        bool    `yaml:"off" doc:"leave the sector's demand alone"`
}

// deratingSpec is the line derating (heat.Derating).
type deratingSpec struct {
	ConductorMaxC  float64 `yaml:"conductor_max_c" doc:"the conductors' maximum temperature in °C (0: 75)"`
	RatingAmbientC float64 `yaml:"rating_ambient_c" doc:"ambient temperature of the static ratings in °C, below conductor_max_c (0 with conductor_max_c 0: 25)"`
	Off            bool    `yaml:"off" doc:"leave the ratings alone"`
}

func (s *heatHazard) build(env *buildEnv, name string) (hazard.Hazard, error) {
	w := &heat.Wave{Label: name, Step: s.Step.Time(),
		Power: heat.Response(s.Power), Water: heat.Response(s.Water), Lines: heat.Derating(s.Lines)}
	series, err := inlineOrFile(env, &s.Pos, "series", s.Series, s.SeriesFile, (heat.Reader{}).ReadSeries,
		func(x sampleSpec) heat.Sample { return heat.Sample{Time: x.At.Time(), Celsius: x.Celsius} })
	if err != nil {
		return nil, err
	}
	w.Series = series
	if err := w.Validate(); err != nil {
		return nil, s.Pos.Wrap("", err)
	}
	return w, nil
}

// inlineOrFile returns the list a hazard writes either inline at key or
// in a file at key_file (exactly one of them): the file read by read, the
// inline items converted by conv.
func inlineOrFile[S any, L ~[]T, T any](env *buildEnv, p *Pos, key string, inline []S, file string,
	read func(fs.FS, string) (L, error), conv func(S) T) (L, error) {
	switch {
	case (len(inline) == 0) == (file == ""):
		return nil, p.Errorf(key, network.ErrInvalid, "give one of %s and %s_file", key, key)
	case file != "":
		name, err := env.file(p, key+"_file", file)
		if err != nil {
			return nil, err
		}
		return read(env.fsys, name)
	}
	out := make(L, 0, len(inline))
	for _, x := range inline {
		out = append(out, conv(x))
	}
	return out, nil
}
