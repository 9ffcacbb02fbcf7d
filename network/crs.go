package network

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// CRS is a network's coordinate reference system, named by its EPSG code.
// The zero value is WGS84 longitude/latitude in degrees (EPSG:4326); any
// other positive code is taken as a projected CRS in metres (Web Mercator
// 3857, UTM, state plane, …); Local (code -1) is an unreferenced plane such
// as an EPANET drawing, in the file's own length unit.
type CRS struct {
	// EPSG is the EPSG code; 0 means 4326.
	EPSG int
}

// WGS84 is longitude/latitude in degrees; WebMercator is EPSG:3857 metres.
var (
	WGS84       = CRS{EPSG: 4326}
	WebMercator = CRS{EPSG: 3857}
	Local       = CRS{EPSG: -1}
)

// webMercatorCode is the EPSG code of WebMercator.
const webMercatorCode = 3857

// Code returns the EPSG code, 4326 for the zero value.
func (c CRS) Code() int {
	if c.EPSG == 0 {
		return 4326
	}
	return c.EPSG
}

// Geographic reports whether coordinates are longitude/latitude degrees.
func (c CRS) Geographic() bool { return c.Code() == 4326 }

// String returns "EPSG:code", or "local".
func (c CRS) String() string {
	if c.Code() < 0 {
		return "local"
	}
	return fmt.Sprintf("EPSG:%d", c.Code())
}

// ParseCRS reads "EPSG:code" ("epsg:" in any case) or a bare code, with
// code a positive decimal integer and nothing around it, or "local"; the
// empty string is WGS84. Anything else is an error wrapping ErrInvalid.
// ParseCRS(c.String()) gives back c for every valid c.
func ParseCRS(s string) (CRS, error) {
	switch s {
	case "":
		return CRS{}, nil
	case "local":
		return Local, nil
	}
	digits := s
	if len(s) >= 5 && strings.EqualFold(s[:5], "EPSG:") {
		digits = s[5:]
	}
	code, err := strconv.Atoi(digits)
	if err != nil || code <= 0 || digits[0] < '0' || digits[0] > '9' {
		return CRS{}, fmt.Errorf("%w: CRS %q (want EPSG:code or local)", ErrInvalid, s)
	}
	return CRS{EPSG: code}.normal(), nil
}

// Validate reports a CRS that names nothing: an EPSG code below -1 (-1 is
// Local, 0 is WGS84, positive codes are EPSG codes).
func (c CRS) Validate() error {
	if c.EPSG < -1 {
		return fmt.Errorf("%w: CRS code %d (want an EPSG code, 0 for WGS84 or -1 for local)", ErrInvalid, c.EPSG)
	}
	return nil
}

// normal returns the canonical form: WGS84 as the zero value.
func (c CRS) normal() CRS {
	if c.EPSG == 4326 {
		return CRS{}
	}
	return c
}

// Equal reports whether c and d name the same CRS (the zero value and
// EPSG:4326 are equal).
func (c CRS) Equal(d CRS) bool { return c.Code() == d.Code() }

// earthRadius is the mean Earth radius in metres (IUGG).
const earthRadius = 6371008.8

// Distance returns the distance in metres between a and b: the haversine
// great-circle distance for a geographic CRS; for Web Mercator, the same
// haversine distance between the points' exact inverse projections (a
// Euclidean length on the Web Mercator plane overstates the ground by
// 1/cos(latitude), about 1.22 at 35°N); the Euclidean distance for any other
// projected CRS and for Local.
func (c CRS) Distance(a, b Point) float64 {
	switch c.Code() {
	case 4326:
		return haversine(a, b)
	case webMercatorCode:
		return haversine(MercatorToLonLat(a), MercatorToLonLat(b))
	}
	return math.Hypot(a.X-b.X, a.Y-b.Y)
}

// haversine returns the great-circle distance in metres between two
// lon/lat points on the mean Earth sphere.
func haversine(a, b Point) float64 {
	const rad = math.Pi / 180
	la1, la2 := a.Y*rad, b.Y*rad
	dla, dlo := (b.Y-a.Y)*rad, (b.X-a.X)*rad
	h := math.Sin(dla/2)*math.Sin(dla/2) + math.Cos(la1)*math.Cos(la2)*math.Sin(dlo/2)*math.Sin(dlo/2)
	return 2 * earthRadius * math.Asin(math.Sqrt(math.Min(1, h)))
}

// CheckPoint returns an error wrapping ErrOutOfRange when p is not a valid
// longitude/latitude in a geographic CRS; projected coordinates are only
// required to be finite.
func (c CRS) CheckPoint(p Point) error {
	if !finite(p.X) || !finite(p.Y) {
		return ErrNotFinite
	}
	if c.Geographic() && (p.X < -180 || p.X > 180 || p.Y < -90 || p.Y > 90) {
		return fmt.Errorf("%w: lon/lat (%v, %v) (coordinates in metres need a projected or Local CRS)", ErrOutOfRange, p.X, p.Y)
	}
	return nil
}

// MercatorToLonLat converts Web Mercator (EPSG:3857) metres to WGS84
// degrees on the spherical model the projection defines.
func MercatorToLonLat(p Point) Point {
	const r = 6378137.0
	return Point{
		X: p.X / r * 180 / math.Pi,
		Y: (2*math.Atan(math.Exp(p.Y/r)) - math.Pi/2) * 180 / math.Pi,
	}
}

// LonLatToMercator converts WGS84 degrees to Web Mercator metres.
func LonLatToMercator(p Point) Point {
	const r = 6378137.0
	return Point{
		X: p.X * math.Pi / 180 * r,
		Y: math.Log(math.Tan(math.Pi/4+p.Y*math.Pi/360)) * r,
	}
}

// ToWGS84 returns the function that converts points of c to WGS84
// longitude/latitude degrees, exactly (to floating-point rounding): the
// identity for WGS84 and MercatorToLonLat, the closed-form inverse of the
// spherical projection EPSG:3857 defines, for Web Mercator. Any other CRS is
// refused with an error wrapping ErrReproject rather than approximated: Local
// has no georeference; UTM zones (EPSG:326xx, 327xx and the NAD27, NAD83 and
// ETRS89 zones) need the Krüger series on the ellipsoid, which lifeline does
// not implement; other EPSG codes name projections whose parameters lifeline
// does not know. Reproject such coordinates to EPSG:4326 or 3857 before
// reading them.
func (c CRS) ToWGS84() (func(Point) Point, error) {
	switch code := c.Code(); {
	case code == 4326:
		return func(p Point) Point { return p }, nil
	case code == webMercatorCode:
		return MercatorToLonLat, nil
	case code < 0:
		return nil, fmt.Errorf("%w: %v coordinates have no georeference", ErrReproject, c)
	case utmZone(code):
		return nil, fmt.Errorf("%w: %v is a UTM zone, whose inverse (the Krüger series on the ellipsoid) lifeline leaves to GIS tools: reproject to EPSG:4326 or EPSG:3857 first", ErrReproject, c)
	default:
		return nil, fmt.Errorf("%w: no exact inverse known for %v; reproject to EPSG:4326 or EPSG:3857 first", ErrReproject, c)
	}
}

// utmZone reports whether code is a UTM zone: WGS84 north (32601–32660) and
// south (32701–32760), NAD27 (26701–26722), NAD83 (26901–26923) and ETRS89
// (25828–25838).
func utmZone(code int) bool {
	in := func(lo, hi int) bool { return code >= lo && code <= hi }
	return in(32601, 32660) || in(32701, 32760) || in(26701, 26722) || in(26901, 26923) || in(25828, 25838)
}
