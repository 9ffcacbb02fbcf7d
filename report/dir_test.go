package report_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/metrics"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/report"
)

var allFiles = []string{
	"timeline.csv", "timeline.json", "outages.csv", "outages.json", "metrics.csv", "metrics.json", "network.geojson",
	"service-demand.svg", "service-demand.png", "service-population.svg", "service-population.png",
	"service-members.svg", "service-members.png", "telecom.svg", "telecom.png", "gantt.svg", "gantt.png", "map.svg", "map.png", "report.html",
}

func TestWriteDir(t *testing.T) {
	dir := t.TempDir()
	written, skipped, err := report.WriteDir(context.Background(), dir, tinyCity(t, network.CRS{}))
	require.NoError(t, err)
	assert.Empty(t, skipped)
	assert.Equal(t, allFiles, written)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.ElementsMatch(t, allFiles, names, "nothing else, no temporary file")
}

// A run without a change log or activities skips the timeline and the
// Gantt chart and says why.
func TestWriteDirSkips(t *testing.T) {
	res := tinyCity(t, network.CRS{})
	res.Changes, res.Causes, res.Activities = nil, nil, nil
	dir := t.TempDir()
	written, skipped, err := report.WriteDir(context.Background(), dir, res)
	require.NoError(t, err)
	var names []string
	for _, s := range skipped {
		names = append(names, s.Name)
	}
	assert.Equal(t, []string{"timeline.csv", "timeline.json", "gantt.svg", "gantt.png"}, names)
	assert.ErrorIs(t, skipped[0].Err, metrics.ErrNoChangeLog)
	assert.ErrorIs(t, skipped[2].Err, report.ErrNothingToPlot)
	assert.Len(t, written, len(allFiles)-4)
	_, err = os.Stat(filepath.Join(dir, "timeline.csv"))
	assert.ErrorIs(t, err, os.ErrNotExist)
	assert.False(t, slices.Contains(written, "gantt.png"))
}

func TestWriteDirCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	written, _, err := report.WriteDir(ctx, t.TempDir(), tinyCity(t, network.CRS{}))
	assert.ErrorIs(t, err, context.Canceled)
	assert.Empty(t, written)
}
