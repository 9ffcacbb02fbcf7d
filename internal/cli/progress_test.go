package cli

import (
	"bytes"
	"strings"
	"sync"
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

// TestNotice: a notice stopped before its wait draws nothing; one stopped
// after draws its line, then clears it.
func TestNotice(t *testing.T) {
	var buf bytes.Buffer
	stop := noticeAfter(&buf, "writing", time.Hour)
	stop()
	assert.Empty(t, buf.String())
	var w syncBuffer
	stop = noticeAfter(&w, "writing", time.Millisecond)
	assert.Eventually(t, func() bool { return strings.Contains(w.String(), "\rwriting") }, 5*time.Second, time.Millisecond)
	stop()
	assert.Equal(t, "\rwriting\r\033[K", w.String())
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader in two
// goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
