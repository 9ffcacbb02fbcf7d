// Package quake is the earthquake hazard: ground motion from a point
// source through an attenuation relation, or from a ground-motion file;
// spatially correlated residuals; damage of components and links through
// their fragility classes; and pipe breaks from ALA repair rates.
//
// # Ground motion
//
// An Earthquake's Source is a point: epicentre (in the network's CRS),
// depth and moment magnitude. An Attenuation gives the median of an
// intensity measure at a site and the inter-event (τ) and intra-event (φ)
// standard deviations of its logarithm; two are bundled:
// BooreAtkinson2008 (NGA; PGA, PGV, SA(1.0); the default) and
// Kawashima1984 (PGA, with Yu & Jin 2008 for PGV, as WNTR uses them).
// With ε an intra-event residual and η the event's inter-event residual
// (both standard normal),
//
//	ln IM = ln median(M, R, Vs30) + τ·η + φ·ε
//
// R is the epicentral distance, which for a point source is also the
// Joyner–Boore distance BA08 takes; Vs30 is one value for the whole city.
// The same ε serves every measure at a place (their residuals are taken as
// fully correlated with one another).
//
// Distances and the residual grid live in one plane in metres centred on
// the epicentre: an equirectangular projection about it for WGS84 (Web
// Mercator is first inverted exactly), a translation for other projected
// CRSs and Local. Within 100 km of the epicentre at mid latitudes its
// distances differ from the great-circle ones by well under 0.5 % (a test
// checks it).
//
// Components take the intensity at their Location (none without one).
// Links take it at one point, chosen for what the intensity is used for:
// a pipe at the midpoint of its ends, since its repair rate is a density
// integrated along its length and the midpoint is the one-point rule for
// that average; any other link at the point of its polyline (Geometry, or
// the segment between its ends) nearest the epicentre, its worst point,
// since a line, road or fiber is cut wherever it fails and shaking
// decreases with distance.
//
// # Spatially correlated residuals
//
// Intra-event residuals follow Jayaram and Baker (2009): correlation
// ρ(h) = exp(−3h/b) at separation h, with b = 8.5 km for PGA (their
// equation 17, case 1: Vs30 clustered, as a uniform Vs30 is). The field
// is drawn exactly on a square grid (spacing 250 m, reaching 60 km from
// the epicentre by default; Correlation) by circulant embedding: the
// covariance of the grid, embedded in a periodic M × M torus (M the least
// number ≥ 2(n − 1) with no prime factor above 5, enlarged until the
// embedding is non-negative definite), is diagonalised by the 2-D FFT
// (gonum dsp/fourier; real FFTs of its even quarter), and one complex 2-D
// FFT of white noise scaled by the square roots of its eigenvalues gives a
// field whose covariance on the grid is exactly ρ. A site's residual is
// the bilinear interpolation of its cell's four nodes divided by that
// interpolation's standard deviation (so it is exactly standard normal);
// the interpolated field's covariance between sites differs from ρ by at
// most about 0.06 at the default spacing (0.1 at 500 m, 0.03 at 125 m:
// the error grows with spacing/b and is largest for sites a fraction of a
// cell apart, where the exponential model is steepest; the tests measure
// it against the exact covariance, whose Cholesky factor is the
// reference). When the range is long against the grid, the padding is
// doubled up to 8 times the grid's side; eigenvalues still negative then
// are set to zero, and the grid covariance is approximate.
// The grid is placed by the epicentre and the parameters alone, and its
// noise comes from the hazard's stream, so adding, removing or moving a
// site changes no other site's residual. Sites outside the grid, and all
// sites with Correlation.Off, draw an independent residual from their own
// entity stream. η is the first normal of the hazard's stream; the grid's
// noise follows. Cost: O(M² log M) for the field, O(1) per site.
//
// # Damage
//
// A component or link with a fragility class (its Fragility field, looked
// up in Library, the bundled Hazus library by default; an unknown class is
// an error) reaches the damage state that its class's Draw gives for its
// intensity in the class's measure and the first uniform of its own stream
// (hazard.Rand.Component or Link: keyed by the hazard's name and the
// entity's ID, so scenario variants share it). A damaged one gets a
// hazard.Damage impact at At with that state and the class's capacity
// factor. Measures the source does not give (PGD from a point source, a
// repair-rate curve) are zero: no damage.
//
// Pipes (links of kind pipe) follow the American Lifelines Alliance (2001)
// wave-propagation repair rate, RR = K1 · 0.00187 · PGV repairs per
// 1,000 ft with PGV in in/s (K1 by the pipe's class in PipeK1, default 1),
// and their length (Length, or the distance between their ends). The
// repairs along a pipe are a Poisson process: a share BreakShare of them
// (Hazus: 20 % for wave propagation) are breaks and the rest leaks, so
// breaks and leaks are independent Poisson counts with means
// share·RR·L and (1 − share)·RR·L. A pipe with a break (first uniform of
// its stream below 1 − e^(−share·RR·L)) is damaged complete with factor 0;
// otherwise one with a leak (second uniform) is damaged moderate with
// factor 1 (it still carries water until repaired).
//
// Per entity, draws come in this order from its own stream: a component's
// uniform, then its own residual if it needs one; a link's two uniforms,
// then its own residual.
//
// # Ground-motion files
//
// ReadGMF reads a CSV of site coordinates and PGA, PGV, PGD and SA(1.0)
// (the InfraRisk Shelby County fields: Web Mercator metres despite their
// "lon_UTM"/"lat_UTM" names, PGV in cm/s and PGD in cm assumed, their
// units being unstated); ReadOpenQuake reads one event of OpenQuake's
// gmf-data and sitemesh exports. GMF.At interpolates: bilinearly when the
// sites form a complete regular grid, else the nearest site; nothing
// outside the sites' bounding box. With Earthquake.Field set, its values
// replace the source, the model and the residuals; a link takes the value
// at the midpoint of its ends (a file has no epicentre). Network
// coordinates are converted to the file's CRS exactly (WGS84 and Web
// Mercator) or refused (network.ErrReproject); a field that covers none
// of the places Impacts asks it for (a file in the wrong CRS or place) is
// an error wrapping ErrInvalid. A measure the file lacks is zero there:
// no damage to the classes measured in it (the InfraRisk fields have no
// SA(1.0), which Hazus bridges need). Parse errors are
// *network.ParseError naming file, line, column and field; inputs beyond
// MaxBytes are refused.
//
// # Contract
//
// An Earthquake is a hazard.Hazard: pure (the network is not modified; the
// same Rand gives the same impacts), impacts sorted by hazard.Compare.
// Impacts and Intensities cost O(C + L + M² log M) for C components and L
// links. Exposed counts, in O(C + L) and without drawing anything, what
// Impacts can damage at all (a class in a measure the earthquake gives,
// Gives, and a location), so that an earthquake over a network without
// usable fragility classes is found before it is run. Validate reports unusable parameters (errors wrap ErrInvalid);
// nothing panics on bad input.
package quake
