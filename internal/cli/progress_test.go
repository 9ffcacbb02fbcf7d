package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/lifeline-sim/lifeline/scenarios"
	"github.com/lifeline-sim/lifeline/sim"
)

// TestProgress: nothing is drawn in a run's first second; later, the line
// shows the share done (replication 2 of 4 halfway through its horizon:
// 1.5 of 4 = 38 %), and done clears it.
func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, "quake")
	p.update(scenarios.Progress{Replication: 1, Replications: 4, Time: 12 * sim.Hour, Horizon: sim.Day})
	assert.Empty(t, buf.String())
	p.start, p.last = p.start.Add(-2*time.Second), p.last.Add(-2*time.Second)
	p.update(scenarios.Progress{Replication: 1, Replications: 4, Time: 12 * sim.Hour, Horizon: sim.Day})
	assert.Contains(t, buf.String(), " 38%  replication 2/4  t = 12h")
	assert.Equal(t, 1+11, strings.Count(buf.String(), "=")) // "t =" and 11 of 30 marks (0.375 × 30, rounded down)
	p.done()
	assert.True(t, strings.HasSuffix(buf.String(), "\r\033[K"))
	assert.False(t, isTerminal(&buf))
}
