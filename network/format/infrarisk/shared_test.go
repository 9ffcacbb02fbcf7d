package infrarisk

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/internal/parsetest"
	"github.com/lifeline-sim/lifeline/internal/testenv"
	"github.com/lifeline-sim/lifeline/network"
)

// The shared Micropolis and Shelby County directories read as the bundled
// copies do.
func TestImportSharedCopies(t *testing.T) {
	dir := testenv.SharedData(t)
	for _, tc := range []struct {
		name string
		crs  network.CRS
	}{{"micropolis", network.Local}, {"shelby", network.WebMercator}} {
		n, err := Import(os.DirFS(dir), "interdependent/infrarisk_"+tc.name, Options{CRS: tc.crs})
		require.NoError(t, err)
		c, err := Import(os.DirFS(cities), tc.name, Options{CRS: tc.crs})
		require.NoError(t, err)
		assert.Equal(t, "infrarisk_"+tc.name, n.Name())
		assert.Equal(t, c.NumComponents(), n.NumComponents(), tc.name)
		assert.Equal(t, c.NumLinks(), n.NumLinks(), tc.name)
		for i := range c.Components() {
			assert.Equal(t, c.Component(i), n.Component(i))
		}
		for l := range c.Links() {
			assert.Equal(t, c.Link(l), n.Link(l))
		}
		for r := range c.Requirements() {
			assert.Equal(t, c.Requirement(r), n.Requirement(r))
		}
	}
}

// The in2 toy city's dependencies.csv couples reservoir W_R9 with a
// generator P_G3 that its power file does not have (it has the external
// grid P_EG1 and the motor P_MP1 only): a located error, where InfraRisk
// prints a warning and drops the row.
func TestImportSharedIn2(t *testing.T) {
	dir := testenv.SharedData(t)
	_, err := Import(os.DirFS(dir), "interdependent/infrarisk_in2", Options{})
	parsetest.Check(t, err, "interdependent/infrarisk_in2/dependencies.csv", 3, 6, colPower, network.ErrUnknownID)
}
