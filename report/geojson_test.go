package report_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/report"
)

type geoDoc struct {
	Type     string
	Features []struct {
		Type     string
		Geometry *struct {
			Type        string
			Coordinates json.RawMessage
		}
		Properties map[string]any
	}
}

func geoJSON(t *testing.T, crs network.CRS) geoDoc {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, report.WriteGeoJSON(&b, tinyCity(t, crs)))
	var doc geoDoc
	require.NoError(t, json.Unmarshal(b.Bytes(), &doc))
	return doc
}

// tinyCity's places are given in degrees; in Web Mercator they are
// projected and the writer must give the same degrees back.
func TestGeoJSON(t *testing.T) {
	for _, crs := range []network.CRS{{}, {EPSG: 3857}} {
		t.Run(crs.String(), func(t *testing.T) {
			doc := geoJSON(t, crs)
			assert.Equal(t, "FeatureCollection", doc.Type)
			require.Len(t, doc.Features, 7, "five components, two links")
			sub := doc.Features[1]
			require.NotNil(t, sub.Geometry)
			assert.Equal(t, "Point", sub.Geometry.Type)
			var p [2]float64
			require.NoError(t, json.Unmarshal(sub.Geometry.Coordinates, &p))
			assert.InDelta(t, 10.02, p[0], 1e-9)
			assert.InDelta(t, 50, p[1], 1e-9)
			assert.Equal(t, "sub", sub.Properties["id"])
			assert.Equal(t, 1.0, sub.Properties["count"])
			assert.Equal(t, 5.0, sub.Properties["total_h"])
			assert.Equal(t, 18e12, sub.Properties["total_ns"])
			assert.Equal(t, "consumer", sub.Properties["role"])
			assert.Equal(t, true, doc.Features[2].Properties["critical"], "the hospital")
			assert.Nil(t, doc.Features[0].Properties["first_ns"], "the plant never failed")

			line := doc.Features[5]
			assert.Equal(t, "line", line.Properties["id"])
			assert.Equal(t, "link", line.Properties["entity"])
			require.NotNil(t, line.Geometry)
			assert.Equal(t, "LineString", line.Geometry.Type)
			var ls [][2]float64
			require.NoError(t, json.Unmarshal(line.Geometry.Coordinates, &ls))
			require.Len(t, ls, 2)
			assert.InDelta(t, 10, ls[0][0], 1e-9)
			assert.InDelta(t, 10.02, ls[1][0], 1e-9)
			assert.Equal(t, 5.0, line.Properties["total_h"])
		})
	}
}

// Coordinates that cannot be reprojected exactly are refused, and nothing
// is written.
func TestGeoJSONRefusesProjected(t *testing.T) {
	for _, code := range []int{32616, -1} {
		b := network.NewBuilder()
		b.SetCRS(network.CRS{EPSG: code})
		b.AddComponent(network.Component{ID: "a", Sector: network.Power, Location: &network.Point{X: 500000, Y: 3900000}})
		net, err := b.Build()
		require.NoError(t, err)
		var out bytes.Buffer
		err = report.WriteGeoJSON(&out, &cascade.Result{Network: net, Outage: make([]cascade.OutageStats, 1)})
		assert.ErrorIs(t, err, network.ErrReproject, code)
		assert.Zero(t, out.Len())
	}
}
