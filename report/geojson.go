package report

import (
	"fmt"
	"io"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/network"
)

// geometry is a GeoJSON Point or LineString.
type geometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

type feature struct {
	Type       string       `json:"type"`
	Geometry   *geometry    `json:"geometry"`
	Properties featureProps `json:"properties"`
}

// featureProps are a feature's properties: the outage table's row, and for
// a component its role and whether it is a critical facility.
type featureProps struct {
	outage
	Role     string `json:"role,omitempty"`
	Critical bool   `json:"critical,omitempty"`
}

// lonLat returns a GeoJSON position, rounded to 1e-9 degrees (about 0.1 mm)
// so that reprojection's last bits do not show.
func lonLat(p network.Point) [2]float64 {
	return [2]float64{round9(p.X), round9(p.Y)}
}

// linePoints returns a link's polyline: its geometry when it has one, else
// its two ends, and false when neither end has a location.
func linePoints(n *network.Network, l int32) ([]network.Point, bool) {
	if g := n.Geometry(l); len(g) >= 2 {
		return g, true
	}
	a, b := n.Ends(l)
	pa, ok1 := n.Location(a)
	pb, ok2 := n.Location(b)
	if !ok1 || !ok2 {
		return nil, false
	}
	return []network.Point{pa, pb}, true
}

// WriteGeoJSON writes the run's network as a GeoJSON FeatureCollection (RFC
// 7946): every component as a Point and then every link as a LineString (its
// geometry, or the segment between its ends), in index order, each with the
// outage table's columns as properties (see the package documentation) and,
// for components, "role" and "critical". Coordinates are WGS84 longitude and
// latitude: a network in Web Mercator is reprojected exactly
// (network.CRS.ToWGS84); any other projected or local CRS is refused with an
// error wrapping network.ErrReproject, before anything is written. Each
// feature is written on a line of its own. An entity
// without a location (a link with an end without one) has a null geometry.
func WriteGeoJSON(w io.Writer, r *cascade.Result) error {
	n := r.Network
	to, err := n.CRS().ToWGS84()
	if err != nil {
		return fmt.Errorf("report: GeoJSON: %w", err)
	}
	t := outages(r)
	fs := make([]feature, 0, len(t.rows))
	for i := range n.Components() {
		f := feature{Type: "Feature", Properties: featureProps{t.rows[i], n.Role(i).String(), n.Critical(i)}}
		if p, ok := n.Location(i); ok {
			f.Geometry = &geometry{"Point", lonLat(to(p))}
		}
		fs = append(fs, f)
	}
	for l := range n.Links() {
		f := feature{Type: "Feature", Properties: featureProps{outage: t.rows[n.NumComponents()+int(l)]}}
		if pts, ok := linePoints(n, l); ok {
			cs := make([][2]float64, len(pts))
			for k, p := range pts {
				cs[k] = lonLat(to(p))
			}
			f.Geometry = &geometry{"LineString", cs}
		}
		fs = append(fs, f)
	}
	return writeRows(w, struct {
		Type string `json:"type"`
	}{"FeatureCollection"}, "features", fs)
}
