package quake

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/dsp/fourier"

	"github.com/lifeline-sim/lifeline/hazard/internal/raster"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// earthRadius is the mean Earth radius in metres (IUGG), as network uses.
const earthRadius = 6371008.8

// frame maps points of a CRS to a plane in metres centred on the
// epicentre: an equirectangular projection about the epicentre for
// geographic coordinates (Web Mercator is first inverted exactly to
// longitude and latitude), a translation for other projected CRSs and
// Local. All of the hazard's distances and its residual grid live in this
// plane.
type frame struct {
	geo, merc       bool
	x0, y0, cos0, k float64
}

func newFrame(crs network.CRS, epi network.Point) frame {
	f := frame{x0: epi.X, y0: epi.Y}
	switch {
	case crs.Geographic():
		f.geo = true
	case crs.Equal(network.WebMercator):
		f.geo, f.merc = true, true
		ll := network.MercatorToLonLat(epi)
		f.x0, f.y0 = ll.X, ll.Y
	}
	if f.geo {
		f.cos0 = math.Cos(f.y0 * math.Pi / 180)
		f.k = earthRadius * math.Pi / 180
	}
	return f
}

// xy returns p in the plane.
func (f *frame) xy(p network.Point) (x, y float64) {
	if !f.geo {
		return p.X - f.x0, p.Y - f.y0
	}
	if f.merc {
		p = network.MercatorToLonLat(p)
	}
	return (p.X - f.x0) * f.k * f.cos0, (p.Y - f.y0) * f.k
}

// Correlation configures the spatially correlated intra-event residuals.
// The zero value is the Jayaram and Baker (2009) model for PGA on a 250 m
// grid reaching 60 km from the epicentre.
type Correlation struct {
	// Off makes residuals independent from site to site (each drawn from
	// the entity's own stream).
	Off bool
	// RangeKm is the range b of ρ(h) = exp(−3h/b), in km, > 0; 0 means
	// 8.5 km, Jayaram and Baker (2009) equation 17 (case 1, Vs30 clustered
	// in space, as a uniform Vs30 is) at period T = 0 (PGA): b = 8.5 +
	// 17.2·T. Their case 2 (no Vs30 clustering) is b = 40.7 − 15.0·T.
	RangeKm float64
	// SpacingM is the grid spacing in metres, in [10, 10000]; 0 means 250.
	SpacingM float64
	// RadiusKm is the half-side of the square grid centred on the
	// epicentre, in km, in (0, 1000]; 0 means 60. Sites outside it get
	// independent residuals from their own streams.
	RadiusKm float64
}

func (c Correlation) withDefaults() Correlation {
	if c.RangeKm == 0 {
		c.RangeKm = 8.5
	}
	if c.SpacingM == 0 {
		c.SpacingM = 250
	}
	if c.RadiusKm == 0 {
		c.RadiusKm = 60
	}
	return c
}

// Validate checks the parameters. Errors wrap ErrInvalid.
func (c Correlation) Validate() error {
	d := c.withDefaults()
	if !(d.RangeKm > 0 && d.RangeKm <= 1000) || !(d.SpacingM >= 10 && d.SpacingM <= 10000) || !(d.RadiusKm > 0 && d.RadiusKm <= 1000) {
		return fmt.Errorf("%w: correlation range %v km, spacing %v m, radius %v km", ErrInvalid, c.RangeKm, c.SpacingM, c.RadiusKm)
	}
	if n := 2*math.Ceil(d.RadiusKm*1000/d.SpacingM) + 1; n > maxNodes {
		return fmt.Errorf("%w: correlation grid of %v × %v nodes (at most %d a side: widen the spacing or shrink the radius)", ErrInvalid, n, n, maxNodes)
	}
	return nil
}

// maxNodes bounds the grid's side: the embedding holds 4 × maxNodes² complex
// numbers at least.
const maxNodes = 2049

// field is a standard normal random field with correlation ρ(h) =
// exp(−3h/b), drawn exactly on a grid by circulant embedding and
// interpolated bilinearly, rescaled to unit variance at every point.
type field struct {
	g          raster.Grid
	b          float64 // range in metres
	rho1, rho2 float64 // ρ at one spacing and at one diagonal
}

// rho is the correlation at distance h metres.
func (f *field) rho(h float64) float64 { return math.Exp(-3 * h / f.b) }

// embedding returns the padded size M and the eigenvalues of the
// circulant embedding of an n × n grid of spacing s with correlation rho,
// scaled by 1/M² with negatives clamped to zero, as a quarter array:
// lam[j·(M/2+1) + k] is the eigenvalue of frequencies (±k, ±j) (the
// embedded covariance is even in both axes, so its transform is real and
// even too). neg is the most negative eigenvalue before clamping,
// relative to the largest. Even symmetry also lets real FFTs of the
// quarter do the work: O(M² log M) with a quarter of the exponentials and
// about a quarter of the transforms of a full complex 2-D FFT.
func embedding(n int, s float64, rho func(float64) float64) (m int, lam []float64, neg float64) {
	m = smooth(max(2*(n-1), 2))
	for {
		half := m/2 + 1
		fft := fourier.NewFFT(m)
		row := make([]float64, m)
		coef := make([]complex128, half)
		rows := make([]float64, half*half) // rows[q·half + k]: row q's coefficient k
		for q := range half {
			for p := range m {
				row[p] = rho(s * math.Hypot(float64(min(p, m-p)), float64(q)))
			}
			coef = fft.Coefficients(coef, row)
			for k := range half {
				rows[q*half+k] = real(coef[k])
			}
		}
		lam = make([]float64, half*half)
		top, low := 0.0, 0.0
		for k := range half {
			for q := range m {
				row[q] = rows[min(q, m-q)*half+k]
			}
			coef = fft.Coefficients(coef, row)
			for j := range half {
				v := real(coef[j])
				lam[j*half+k] = v
				top, low = max(top, v), min(low, v)
			}
		}
		neg = low / top
		// Enlarging the padding makes the embedding of an exponential
		// covariance non-negative definite; stop at 8n.
		if neg > -1e-9 || m >= 8*n {
			for k := range lam {
				lam[k] = max(lam[k], 0) / float64(m*m)
			}
			return m, lam, neg
		}
		m = smooth(2 * m)
	}
}

// smooth returns the least number ≥ x whose only prime factors are 2, 3
// and 5, the lengths the FFT handles best.
func smooth(x int) int {
	for m := x; ; m++ {
		r := m
		for _, f := range [...]int{2, 3, 5} {
			for r%f == 0 {
				r /= f
			}
		}
		if r == 1 {
			return m
		}
	}
}

// fft2 applies the unnormalised 2-D DFT to an m × m array in place.
func fft2(a []complex128, m int) {
	fft := fourier.NewCmplxFFT(m)
	col := make([]complex128, m)
	for q := range m {
		row := a[q*m : (q+1)*m]
		fft.Coefficients(row, row)
	}
	for p := range m {
		for q := range m {
			col[q] = a[q*m+p]
		}
		fft.Coefficients(col, col)
		for q := range m {
			a[q*m+p] = col[q]
		}
	}
}

// newField draws the field of c on the grid centred on the frame's origin
// with the normals of s.
func newField(c Correlation, s *sim.Stream) *field {
	c = c.withDefaults()
	sp := c.SpacingM
	side := int(math.Ceil(c.RadiusKm * 1000 / sp))
	n := 2*side + 1
	f := &field{b: c.RangeKm * 1000}
	f.rho1, f.rho2 = f.rho(sp), f.rho(sp*math.Sqrt2)
	m, lam, _ := embedding(n, sp, f.rho)
	half := m/2 + 1
	z := make([]complex128, m*m)
	for q := range m {
		lq := lam[min(q, m-q)*half:]
		for p := range m {
			a := s.NormFloat64()
			b := s.NormFloat64()
			r := math.Sqrt(lq[min(p, m-p)])
			z[q*m+p] = complex(r*a, r*b)
		}
	}
	fft2(z, m)
	f.g = raster.Grid{X0: -float64(side) * sp, Y0: -float64(side) * sp, DX: sp, DY: sp, NX: n, NY: n, V: make([]float64, n*n)}
	for j := range n {
		for i := range n {
			f.g.V[j*n+i] = real(z[j*m+i])
		}
	}
	return f
}

// at returns the field at (x, y) and false outside the grid: the bilinear
// interpolation of the four surrounding nodes divided by its standard
// deviation, so the value is standard normal at every point.
func (f *field) at(x, y float64) (float64, bool) {
	_, _, fx, fy, ok := f.g.Weights(x, y)
	if !ok {
		return 0, false
	}
	v, _ := f.g.At(x, y)
	return v / math.Sqrt(f.variance(fx, fy)), true
}

// weights returns the bilinear weights of the corners (i,j), (i+1,j),
// (i,j+1), (i+1,j+1).
func weights(fx, fy float64) [4]float64 {
	return [4]float64{(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy}
}

// variance returns the variance of the bilinear interpolation at fractions
// (fx, fy) of a cell: Σ w_a w_b ρ(d_ab) over its corners.
func (f *field) variance(fx, fy float64) float64 {
	w := weights(fx, fy)
	side := w[0]*w[1] + w[2]*w[3] + w[0]*w[2] + w[1]*w[3]
	diag := w[0]*w[3] + w[1]*w[2]
	return w[0]*w[0] + w[1]*w[1] + w[2]*w[2] + w[3]*w[3] + 2*(f.rho1*side+f.rho2*diag)
}
