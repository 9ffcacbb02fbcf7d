package quake

import (
	"fmt"
	"math"

	"github.com/lifeline-sim/lifeline/hazard/fragility"
)

// Gravity is standard gravity in m/s², for converting accelerations to g.
const Gravity = 9.80665

// Fault is the style of faulting of an event.
type Fault uint8

// Styles of faulting (Boore & Atkinson 2008, table 2: strike-slip within
// 30° of horizontal rake, reverse for rakes of 30° to 150°, normal for
// −30° to −150°).
const (
	// Unspecified fault type.
	Unspecified Fault = iota
	// StrikeSlip faulting.
	StrikeSlip
	// Normal faulting.
	Normal
	// Reverse (thrust) faulting.
	Reverse
)

// Site is what an attenuation relation needs to know about a place.
type Site struct {
	// DistanceKm is the epicentral distance in km, which for a point
	// source is also the Joyner–Boore distance (to the surface projection
	// of the rupture).
	DistanceKm float64
	// Vs30 is the time-averaged shear-wave velocity of the top 30 m in m/s.
	Vs30 float64
}

// Event is what an attenuation relation needs to know about the
// earthquake.
type Event struct {
	// Magnitude is the moment magnitude.
	Magnitude float64
	// DepthKm is the hypocentral depth in km.
	DepthKm float64
	// Fault is the style of faulting.
	Fault Fault
}

// Attenuation is a ground-motion relation: the median of an intensity
// measure at a site, and the standard deviations of its natural logarithm.
// Implementations are pure and safe for concurrent use.
type Attenuation interface {
	// Name names the relation ("BooreAtkinson2008").
	Name() string
	// Median returns the median of measure m at site s for event e, in the
	// measure's canonical unit (fragility.Measure), and false for a
	// measure the relation does not give.
	Median(m fragility.Measure, e Event, s Site) (float64, bool)
	// Sigma returns the inter-event (τ) and intra-event (φ) standard
	// deviations of ln m; the total is √(τ² + φ²).
	Sigma(m fragility.Measure) (tau, phi float64)
}

// Kawashima1984 is the PGA relation of Kawashima, Aizawa and Takahashi
// (1984) as WNTR's Earthquake uses it,
//
//	PGA = 403.8 · 10^(0.265 M) · (R + 30)^−1.218  cm/s²
//
// with R the epicentral distance in km (depth is not used), converted to g
// with Gravity (WNTR divides by 9.81, 0.03 % less). For PGV it answers,
// as WNTR does, with Yu and Jin (2008), the mean of their rock and soil
// relations, PGV = 10^(−0.848 + 0.775 M − 1.834 log10(R + 17)) and
// 10^(−0.285 + 0.711 M − 1.851 log10(R + 17)) cm/s. Vs30 and the fault
// type are not used. The relations come without standard deviations in
// WNTR: Tau and Phi (ln units, ≥ 0) are the caller's; zero gives the
// median everywhere.
type Kawashima1984 struct {
	// Tau is the inter-event standard deviation of ln PGA and ln PGV.
	Tau float64
	// Phi is the intra-event standard deviation of ln PGA and ln PGV.
	Phi float64
}

// Name returns "Kawashima1984".
func (Kawashima1984) Name() string { return "Kawashima1984" }

// Median implements Attenuation for PGA and PGV.
func (Kawashima1984) Median(m fragility.Measure, e Event, s Site) (float64, bool) {
	r := s.DistanceKm
	switch m {
	case fragility.PGA:
		return 403.8 * math.Pow(10, 0.265*e.Magnitude) * math.Pow(r+30, -1.218) / 100 / Gravity, true
	case fragility.PGV:
		rock := math.Pow(10, -0.848+0.775*e.Magnitude-1.834*math.Log10(r+17))
		soil := math.Pow(10, -0.285+0.711*e.Magnitude-1.851*math.Log10(r+17))
		return (rock + soil) / 2 / 100, true
	}
	return 0, false
}

// Sigma returns Tau and Phi for PGA and PGV.
func (k Kawashima1984) Sigma(m fragility.Measure) (tau, phi float64) {
	if m == fragility.PGA || m == fragility.PGV {
		return k.Tau, k.Phi
	}
	return 0, 0
}

// BooreAtkinson2008 is the NGA relation of Boore and Atkinson (2008),
// "Ground-motion prediction equations for the average horizontal component
// of PGA, PGV, and 5%-damped PSA at spectral periods between 0.01 s and
// 10.0 s", Earthquake Spectra 24(1):99–138, for PGA (g), PGV (converted
// from cm/s to m/s) and SA(1.0) (g), with the coefficients of its tables 3
// (site amplification), 6, 7 and 8 (as tabulated in OpenQuake's
// hazardlib, gsim/boore_atkinson_2008.py, which applies the authors'
// erratum: Rref = 1 km for pga4nl too):
//
//	ln Y = F_M(M) + F_D(R_JB, M) + F_S(Vs30, R_JB, M)
//	F_D  = [c1 + c2 (M − 4.5)] ln(R/1) + c3 (R − 1),  R = √(R_JB² + h²)
//	F_M  = e_fault + e5 (M − Mh) + e6 (M − Mh)²  for M ≤ Mh,
//	       e_fault + e7 (M − Mh)                 otherwise
//	F_S  = blin ln(Vs30/760) + F_NL(pga4nl, Vs30)
//
// with the nonlinear term of its equations 8 and 13 (pga4nl the PGA on
// rock, Vs30 = 760 m/s). Sigma returns τ and σ of table 8 for a specified
// fault type. The relation is meant for active shallow crust, M 5–8 and
// R_JB < 200 km; outside that it extrapolates.
type BooreAtkinson2008 struct{}

// Name returns "BooreAtkinson2008".
func (BooreAtkinson2008) Name() string { return "BooreAtkinson2008" }

// ba08 holds one row of the coefficient tables.
type ba08 struct {
	c1, c2, c3, h                 float64
	eU, eSS, eNS, eRS, e5, e6, e7 float64
	mh, sigma, tau                float64
	blin, b1, b2                  float64
}

// Rows for PGV, PGA and SA(1.0 s) of tables 6, 7, 8 (and 3 for the site
// terms).
var (
	ba08PGV = ba08{-0.87370, 0.10060, -0.00334, 2.54, 5.00121, 5.04727, 4.63188, 5.08210, 0.18322, -0.12736, 0, 8.50, 0.500, 0.256, -0.60, -0.50, -0.06}
	ba08PGA = ba08{-0.66050, 0.11970, -0.01151, 1.35, -0.53804, -0.50350, -0.75472, -0.50970, 0.28805, -0.10164, 0, 6.75, 0.502, 0.260, -0.36, -0.64, -0.14}
	ba08SA1 = ba08{-0.81830, 0.10270, -0.00334, 2.54, -0.46896, -0.43443, -0.78465, -0.39330, 0.67880, -0.18257, 0.05393, 6.75, 0.573, 0.302, -0.70, -0.44, -0.00}
)

func ba08Coeffs(m fragility.Measure) (*ba08, bool) {
	switch m {
	case fragility.PGA:
		return &ba08PGA, true
	case fragility.PGV:
		return &ba08PGV, true
	case fragility.SA10:
		return &ba08SA1, true
	}
	return nil, false
}

// lnRock returns F_M + F_D: ln Y on rock (Vs30 = 760 m/s).
func (c *ba08) lnRock(e Event, rjb float64) float64 {
	var fm float64
	switch e.Fault {
	case StrikeSlip:
		fm = c.eSS
	case Normal:
		fm = c.eNS
	case Reverse:
		fm = c.eRS
	default:
		fm = c.eU
	}
	if dm := e.Magnitude - c.mh; e.Magnitude <= c.mh {
		fm += c.e5*dm + c.e6*dm*dm
	} else {
		fm += c.e7 * dm
	}
	r := math.Sqrt(rjb*rjb + c.h*c.h)
	return fm + (c.c1+c.c2*(e.Magnitude-4.5))*math.Log(r) + c.c3*(r-1)
}

// site returns F_S for PGA on rock pga4nl (g).
func (c *ba08) site(vs30, pga4nl float64) float64 {
	const v1, v2, vref = 180.0, 300.0, 760.0
	var bnl float64
	switch {
	case vs30 <= v1:
		bnl = c.b1
	case vs30 <= v2:
		bnl = (c.b1-c.b2)*math.Log(vs30/v2)/math.Log(v1/v2) + c.b2
	case vs30 < vref:
		bnl = c.b2 * math.Log(vs30/vref) / math.Log(v2/vref)
	}
	const a1, a2, pgaLow = 0.03, 0.09, 0.06
	var fnl float64
	switch {
	case pga4nl <= a1:
		fnl = bnl * math.Log(pgaLow/0.1)
	case pga4nl <= a2:
		dx := math.Log(a2 / a1)
		dy := bnl * math.Log(a2/pgaLow)
		cc := (3*dy - bnl*dx) / (dx * dx)
		d := -(2*dy - bnl*dx) / (dx * dx * dx)
		l := math.Log(pga4nl / a1)
		fnl = bnl*math.Log(pgaLow/0.1) + cc*l*l + d*l*l*l
	default:
		fnl = bnl * math.Log(pga4nl/0.1)
	}
	return c.blin*math.Log(vs30/vref) + fnl
}

// Median implements Attenuation for PGA, PGV and SA(1.0).
func (BooreAtkinson2008) Median(m fragility.Measure, e Event, s Site) (float64, bool) {
	c, ok := ba08Coeffs(m)
	if !ok {
		return 0, false
	}
	vs30 := s.Vs30
	if vs30 == 0 {
		vs30 = 760
	}
	ln := c.lnRock(e, s.DistanceKm)
	if vs30 < 760 {
		// Above 760 m/s the nonlinear term is zero and pga4nl unused.
		lnPGA := ln
		if c != &ba08PGA {
			lnPGA = ba08PGA.lnRock(e, s.DistanceKm)
		}
		ln += c.site(vs30, math.Exp(lnPGA))
	} else {
		ln += c.blin * math.Log(vs30/760)
	}
	y := math.Exp(ln)
	if m == fragility.PGV {
		y /= 100
	}
	return y, true
}

// Sigma returns τ and σ (intra-event) of table 8.
func (BooreAtkinson2008) Sigma(m fragility.Measure) (tau, phi float64) {
	c, ok := ba08Coeffs(m)
	if !ok {
		return 0, 0
	}
	return c.tau, c.sigma
}

// checkSigma reports a relation whose standard deviations cannot be used.
func checkSigma(a Attenuation, m fragility.Measure) error {
	tau, phi := a.Sigma(m)
	if !(tau >= 0 && phi >= 0) || math.IsInf(tau, 1) || math.IsInf(phi, 1) {
		return fmt.Errorf("%w: %s: %v standard deviations τ = %v, φ = %v", ErrInvalid, a.Name(), m, tau, phi)
	}
	return nil
}
