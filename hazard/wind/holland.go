package wind

import "math"

// Physical constants.
const (
	// Omega is the Earth's rotation rate in rad/s.
	Omega = 7.2921e-5
	// DefaultAirDensity is the air density in kg/m³ of Holland (1980).
	DefaultAirDensity = 1.15
	// DefaultAmbientPressure is the ambient (far-field) pressure in hPa.
	DefaultAmbientPressure = 1013.0
)

// Profile is the axisymmetric gradient wind of Holland (1980), "An
// analytic model of the wind and pressure profiles in hurricanes", Monthly
// Weather Review 108:1212–1218: the pressure at radius r is
// p(r) = pc + Δp·exp(−(Rmax/r)^B), and the gradient wind balancing it is
//
//	V(r) = √( (B·Δp/ρ)·(Rmax/r)^B·exp(−(Rmax/r)^B) + (r·f/2)² ) − r·|f|/2
//
// Without the Coriolis term (f = 0) V is largest exactly at r = Rmax,
// where it is √(B·Δp/(ρ·e)); with it the maximum moves slightly inwards.
type Profile struct {
	// DeltaP is the central pressure deficit in Pa, ≥ 0.
	DeltaP float64
	// Rmax is the radius of maximum wind in metres, > 0.
	Rmax float64
	// B is Holland's shape parameter, > 0.
	B float64
	// Rho is the air density in kg/m³, > 0.
	Rho float64
	// F is the Coriolis parameter 2·Omega·sin(latitude) in 1/s (its sign
	// only sets the sense of rotation).
	F float64
}

// Speed returns the gradient wind speed in m/s at r metres from the
// centre (0 at the centre).
func (p Profile) Speed(r float64) float64 {
	if !(r > 0) {
		return 0
	}
	x := math.Pow(p.Rmax/r, p.B)
	rf := r * math.Abs(p.F) / 2
	return math.Sqrt(p.B*p.DeltaP/p.Rho*x*math.Exp(-x)+rf*rf) - rf
}

// HollandB returns Holland's B for a radius of maximum wind rmax (metres)
// at latitude lat (degrees) by the regression of Vickery & Wadhera (2008),
// "Statistical models of Holland pressure profile parameter and radius to
// maximum winds of hurricanes from flight-level pressure and H*Wind data",
// Journal of Applied Meteorology and Climatology 47:2497–2517:
// B = 1.881 − 0.00557·Rmax − 0.01295·|ψ| with Rmax in km and ψ the
// latitude in degrees, clamped to [1, 2.5], the range Holland (1980)
// found for B.
func HollandB(rmax, lat float64) float64 {
	b := 1.881 - 0.00557*rmax/1000 - 0.01295*math.Abs(lat)
	return min(max(b, 1), 2.5)
}

// RmaxVW08 returns the radius of maximum wind in metres for a central
// pressure deficit dp (hPa) at latitude lat (degrees) by the Atlantic
// regression of Vickery & Wadhera (2008): ln Rmax = 3.015 − 6.291·10⁻⁵·Δp²
// + 0.0337·|ψ| with Rmax in km.
func RmaxVW08(dp, lat float64) float64 {
	return 1000 * math.Exp(3.015-6.291e-5*dp*dp+0.0337*math.Abs(lat))
}

// Jelesnianski returns the share of the storm's forward velocity added to
// the wind at r metres from the centre: r·Rmax/(r² + Rmax²), the
// translation term of Jelesnianski (1966), "Numerical computations of
// storm surges without bottom stress", Monthly Weather Review 94:379–394,
// as used by NOAA's SLOSH model: ½ at r = Rmax, vanishing at the centre
// and far away.
func Jelesnianski(r, rmax float64) float64 {
	if !(r > 0) {
		return 0
	}
	return r * rmax / (r*r + rmax*rmax)
}
