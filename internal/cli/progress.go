package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/lifeline-sim/lifeline/scenarios"
)

// isTerminal reports whether w is a terminal (a character device), the
// only place a progress line goes.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progress draws one line that a run rewrites as it goes (at most ten
// times a second), and clears it at the end. It waits a second before
// drawing, so that quick runs print nothing.
type progress struct {
	w     io.Writer
	name  string
	start time.Time
	last  time.Time
	drawn bool
}

func newProgress(w io.Writer, name string) *progress {
	now := time.Now()
	return &progress{w: w, name: name, start: now, last: now}
}

// update draws the line for p.
func (p *progress) update(pr scenarios.Progress) {
	now := time.Now()
	if now.Sub(p.start) < time.Second || now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last, p.drawn = now, true
	frac := float64(pr.Replication) / float64(pr.Replications)
	if pr.Horizon > 0 {
		frac += min(float64(pr.Time)/float64(pr.Horizon), 1) / float64(pr.Replications)
	}
	const width = 30
	n := int(frac * width)
	fmt.Fprintf(p.w, "\r%s [%s%s] %3.0f%%  replication %d/%d  t = %v ", p.name,
		strings.Repeat("=", n), strings.Repeat(" ", width-n), 100*frac, pr.Replication+1, pr.Replications, pr.Time)
}

// done clears the line.
func (p *progress) done() {
	if p.drawn {
		fmt.Fprintf(p.w, "\r\033[K")
	}
}

// notice draws one line, msg, on w once a second has passed, for work that
// reports no progress of its own (writing the outputs of many
// replications); the returned stop clears it (when drawn) and keeps it from
// being drawn later.
func notice(w io.Writer, msg string) (stop func()) {
	return noticeAfter(w, msg, time.Second)
}

func noticeAfter(w io.Writer, msg string, wait time.Duration) (stop func()) {
	var mu sync.Mutex
	drawn, stopped := false, false
	t := time.AfterFunc(wait, func() {
		mu.Lock()
		defer mu.Unlock()
		if !stopped {
			fmt.Fprintf(w, "\r%s", msg)
			drawn = true
		}
	})
	return func() {
		t.Stop()
		mu.Lock()
		defer mu.Unlock()
		stopped = true
		if drawn {
			fmt.Fprintf(w, "\r\033[K")
		}
	}
}
