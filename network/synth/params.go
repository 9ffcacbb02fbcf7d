package synth

import (
	"errors"
	"fmt"
	"math"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Facilities is the sector of the synthetic city's critical facilities
// (hospitals and shelters). It has no sources and no links, so its members
// are served exactly while they are functional; what they need comes
// through their requirements.
const Facilities network.Sector = "facilities"

// Limits of CityParams.Components.
const (
	MinComponents = 200
	MaxComponents = 1 << 24
)

// Default values of CityParams, used where a field is zero. The backup
// durations come from fragility/backup_and_storage_durations.csv of the
// shared reference data (see the field docs for the rows).
const (
	DefaultComponents         = 2000
	DefaultDistrictSize       = 2000.0 // m
	DefaultDistrictComponents = 1000
	DefaultDensity            = 4000.0 // people/km²
	DefaultLoadPerCapita      = 1.2    // kW/person
	DefaultWaterPerCapita     = 0.35   // m³/person/day
	DefaultReserveMargin      = 0.25
	DefaultRatingMargin       = 2.0
	DefaultArterialEvery      = 4
	DefaultRoadLoops          = 0.3
	DefaultPipeLoops          = 0.15
	DefaultBridgeFraction     = 0.01
	DefaultSignalShare        = 0.15
	DefaultSignalFactor       = 0.5
	DefaultTankStorage        = 24 * sim.Hour
	DefaultRecharge           = 0.25
	DefaultCOBuffer           = 24 * sim.Hour
	DefaultTowerBuffer        = 8 * sim.Hour
	DefaultRemoteBuffer       = 8 * sim.Hour
	DefaultHospitalBuffer     = 96 * sim.Hour
	DefaultHospitalWater      = 24 * sim.Hour
	DefaultSCADALag           = 30 * sim.Minute
)

// DefaultOrigin is the default city centre: 90.0° W, 35.1° N (Memphis,
// Tennessee, on the east bank of the Mississippi).
var DefaultOrigin = network.Point{X: -90.0, Y: 35.1}

// CityParams describes a synthetic city. The zero value of every field means
// its documented default, so CityParams{Seed: 7} is a complete description;
// for the durations, a negative value means none (no buffer, no lag).
type CityParams struct {
	// Seed selects the random layout: the same parameters give the same
	// network, component for component.
	Seed uint64
	// Components is the approximate total number of components, in
	// [MinComponents, MaxComponents]; 0 means DefaultComponents (2000).
	// The built city has this many within 5 %.
	Components int
	// Origin is the city centre as WGS84 longitude/latitude in degrees;
	// the zero value means DefaultOrigin. |latitude| ≤ 80.
	Origin network.Point
	// DistrictSize is the side of a square district in metres, in
	// [200, 20000]; 0 means 2000.
	DistrictSize float64
	// DistrictComponents is the target number of components per district,
	// in [50, 1000000]; 0 means 1000. The city has at least 2×2 districts.
	DistrictComponents int
	// Density is the mean population density in people per km², in
	// [1, 100000]; 0 means 4000. Districts near the centre are denser.
	Density float64
	// LoadPerCapita is the mean electric load in kW per person, in
	// (0, 100]; 0 means 1.2.
	LoadPerCapita float64
	// WaterPerCapita is the water demand in m³ per person per day, in
	// (0, 10]; 0 means 0.35.
	WaterPerCapita float64
	// ReserveMargin is the generation capacity above total load as a
	// fraction of the load (Σ pmax = (1 + margin) · load), in [0.01, 10];
	// 0 means 0.25. The same margin sizes the treatment plants.
	ReserveMargin float64
	// RatingMargin is the ratio of every power line's rating to its
	// base-case DC flow, in [1.01, 100]; 0 means 2. Ratings are at least
	// 1 MW.
	RatingMargin float64
	// ArterialEvery is the spacing of arterial roads in road-grid lines,
	// in [1, 1000]; 0 means 4 (every fourth street is an arterial).
	ArterialEvery int
	// RoadLoops is the probability of keeping a local road segment that
	// closes a loop (segments needed for connectivity are always kept),
	// in [0, 1]; 0 means 0.3, a negative value means 0 (tree-like local
	// streets).
	RoadLoops float64
	// PipeLoops is the same for distribution pipes, in [0, 1]; 0 means
	// 0.15, negative means 0.
	PipeLoops float64
	// BridgeFraction is the probability that a road segment not crossing
	// the river carries a bridge (an overpass), in [0, 1]; 0 means 0.01,
	// negative means none.
	BridgeFraction float64
	// NoRiver removes the river: by default a river runs north–south a
	// quarter of the way across the city, crossed by one bridge per row
	// of districts.
	NoRiver bool
	// SignalShare is the probability that an intersection on one arterial
	// has traffic signals (arterial×arterial crossings always do), in
	// [0, 1]; 0 means 0.15, negative means none.
	SignalShare float64
	// SignalFactor is the capacity factor of a signalled intersection
	// without power (requirement effect Degrade), in (0, 1); 0 means 0.5.
	SignalFactor float64
	// TankStorage is the elevated storage, as a time of the city's average
	// water demand, split evenly across the tanks, in (0, 1000 h]; 0 means
	// 24 h: one average day, the minimum-storage figure of the
	// potable_water_storage row of backup_and_storage_durations.csv.
	TankStorage sim.Time
	// Recharge is the recharge rate of battery buffers (cell towers,
	// fiber nodes, central offices) in autonomy-hours per hour, in
	// [0, 100]; 0 means 0.25, negative means 0 (never).
	Recharge float64
	// COBuffer is a central office's backup-power autonomy; 0 means 24 h,
	// the minimum for assets inside central offices in 47 CFR 12.2 as
	// adopted by FCC Order 07-139 (2007) (row telecom_central_office of
	// backup_and_storage_durations.csv; whether the rule took effect was
	// not verified: a planning figure, not current law).
	COBuffer sim.Time
	// TowerBuffer is a cell tower's battery autonomy; 0 means 8 h, the
	// cell-site figure of the same rule (row cell_site).
	TowerBuffer sim.Time
	// RemoteBuffer is a fiber node's (remote terminal's) battery autonomy;
	// 0 means 8 h (row telecom_remote_terminal_or_remote_switch).
	RemoteBuffer sim.Time
	// HospitalBuffer is a hospital's generator autonomy on power loss; 0
	// means 96 h. That is the Joint Commission's planning horizon for
	// operating without outside support (EM.02.02.09 EP 5, row hospital),
	// not a required amount of fuel on site: set the real autonomy where
	// it is known. Generator fuel does not recharge.
	HospitalBuffer sim.Time
	// HospitalWater is a hospital's on-site water autonomy; 0 means 24 h,
	// an assumption (no source in the shared data).
	HospitalWater sim.Time
	// SCADALag is how long a transmission substation keeps working after
	// losing its SCADA telecom link; 0 means 30 min, negative means 0.
	SCADALag sim.Time
	// PumpLag is how long a pumping station or treatment plant keeps
	// working after losing power; 0 means none.
	PumpLag sim.Time
}

// withDefaults returns p with every zero field replaced by its default and
// negative "none" values by zero.
func (p CityParams) withDefaults() CityParams {
	q := p
	defInt := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	defFloat := func(v *float64, d float64, negNone bool) {
		switch {
		case *v == 0:
			*v = d
		case negNone && *v < 0:
			*v = 0
		}
	}
	defDur := func(v *sim.Time, d sim.Time) {
		switch {
		case *v == 0:
			*v = d
		case *v < 0:
			*v = 0
		}
	}
	defInt(&q.Components, DefaultComponents)
	if q.Origin == (network.Point{}) {
		q.Origin = DefaultOrigin
	}
	defFloat(&q.DistrictSize, DefaultDistrictSize, false)
	defInt(&q.DistrictComponents, DefaultDistrictComponents)
	defFloat(&q.Density, DefaultDensity, false)
	defFloat(&q.LoadPerCapita, DefaultLoadPerCapita, false)
	defFloat(&q.WaterPerCapita, DefaultWaterPerCapita, false)
	defFloat(&q.ReserveMargin, DefaultReserveMargin, false)
	defFloat(&q.RatingMargin, DefaultRatingMargin, false)
	defInt(&q.ArterialEvery, DefaultArterialEvery)
	defFloat(&q.RoadLoops, DefaultRoadLoops, true)
	defFloat(&q.PipeLoops, DefaultPipeLoops, true)
	defFloat(&q.BridgeFraction, DefaultBridgeFraction, true)
	defFloat(&q.SignalShare, DefaultSignalShare, true)
	defFloat(&q.SignalFactor, DefaultSignalFactor, false)
	if q.TankStorage == 0 {
		q.TankStorage = DefaultTankStorage
	}
	defFloat(&q.Recharge, DefaultRecharge, true)
	defDur(&q.COBuffer, DefaultCOBuffer)
	defDur(&q.TowerBuffer, DefaultTowerBuffer)
	defDur(&q.RemoteBuffer, DefaultRemoteBuffer)
	defDur(&q.HospitalBuffer, DefaultHospitalBuffer)
	defDur(&q.HospitalWater, DefaultHospitalWater)
	defDur(&q.SCADALag, DefaultSCADALag)
	if q.PumpLag < 0 {
		q.PumpLag = 0
	}
	return q
}

// ErrParams is wrapped by every error Validate returns.
var ErrParams = errors.New("synth: invalid parameters")

// Validate reports the first field out of its documented range (after
// defaults), wrapping ErrParams.
func (p CityParams) Validate() error {
	q := p.withDefaults()
	bad := func(field string, v any, want string) error {
		return fmt.Errorf("%w: %s = %v (want %s)", ErrParams, field, v, want)
	}
	in := func(v, lo, hi float64) bool { return v >= lo && v <= hi } // false for NaN
	switch {
	case q.Components < MinComponents || q.Components > MaxComponents:
		return bad("Components", q.Components, fmt.Sprintf("%d to %d", MinComponents, MaxComponents))
	case !in(q.Origin.X, -180, 180) || !in(q.Origin.Y, -80, 80):
		return bad("Origin", q.Origin, "lon in [-180, 180], lat in [-80, 80]")
	case !in(q.DistrictSize, 200, 20000):
		return bad("DistrictSize", q.DistrictSize, "200 to 20000 m")
	case q.DistrictComponents < 50 || q.DistrictComponents > 1000000:
		return bad("DistrictComponents", q.DistrictComponents, "50 to 1000000")
	case !in(q.Density, 1, 100000):
		return bad("Density", q.Density, "1 to 100000 people/km²")
	case !in(q.LoadPerCapita, math.SmallestNonzeroFloat64, 100):
		return bad("LoadPerCapita", q.LoadPerCapita, "(0, 100] kW")
	case !in(q.WaterPerCapita, math.SmallestNonzeroFloat64, 10):
		return bad("WaterPerCapita", q.WaterPerCapita, "(0, 10] m³/day")
	case !in(q.ReserveMargin, 0.01, 10):
		return bad("ReserveMargin", q.ReserveMargin, "0.01 to 10")
	case !in(q.RatingMargin, 1.01, 100):
		return bad("RatingMargin", q.RatingMargin, "1.01 to 100")
	case q.ArterialEvery < 1 || q.ArterialEvery > 1000:
		return bad("ArterialEvery", q.ArterialEvery, "1 to 1000")
	case !in(q.RoadLoops, 0, 1):
		return bad("RoadLoops", p.RoadLoops, "a probability")
	case !in(q.PipeLoops, 0, 1):
		return bad("PipeLoops", p.PipeLoops, "a probability")
	case !in(q.BridgeFraction, 0, 1):
		return bad("BridgeFraction", p.BridgeFraction, "a probability")
	case !in(q.SignalShare, 0, 1):
		return bad("SignalShare", p.SignalShare, "a probability")
	case !in(q.SignalFactor, math.SmallestNonzeroFloat64, math.Nextafter(1, 0)):
		return bad("SignalFactor", q.SignalFactor, "(0, 1)")
	case q.TankStorage <= 0 || q.TankStorage > 1000*sim.Hour:
		return bad("TankStorage", q.TankStorage, "(0, 1000h]")
	case !in(q.Recharge, 0, 100):
		return bad("Recharge", p.Recharge, "0 to 100 per hour")
	}
	w, h := q.districts()
	f := newFrame(q.Origin)
	for _, c := range [...][2]float64{{-1, -1}, {1, 1}} {
		pt := f.lonLat(c[0]*float64(w)*q.DistrictSize/2, c[1]*float64(h)*q.DistrictSize/2)
		if !in(pt.X, -180, 180) || !in(pt.Y, -85, 85) {
			return fmt.Errorf("%w: a city of %d×%d districts of %v m around %v reaches %v, beyond lon/lat range",
				ErrParams, w, h, q.DistrictSize, q.Origin, pt)
		}
	}
	return nil
}

// districts returns the numbers of districts across and up for parameters
// with defaults applied: about Components/DistrictComponents districts in
// a near-square grid, at least 2×2.
func (p CityParams) districts() (w, h int) {
	want := float64(p.Components) / float64(p.DistrictComponents)
	w = max(2, int(math.Round(math.Sqrt(want))))
	h = max(2, int(math.Round(want/float64(w))))
	return w, h
}
