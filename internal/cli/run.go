package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/report"
	"github.com/lifeline-sim/lifeline/scenarios"
)

// runRun is lifeline run [SCENARIO|FILE] [--out DIR]: it runs every
// replication of the scenario, prints the summary (report.Summary) and
// writes the outputs to --out (or the scenario's outputs.dir).
func runRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	const name = "run"
	fs, o := newFlags(name, runArgs, "Run a scenario file or a bundled scenario (default "+scenarios.DefaultScenario+") and print what happened.", stderr)
	out := fs.String("out", "", "write the summary, tables (CSV, JSON), GeoJSON, plots (SVG, PNG) and the HTML report to this directory")
	pos, code, ok := o.parse(args)
	if !ok {
		return code
	}
	if len(pos) > 1 {
		return o.usageError("want at most one scenario, got %d arguments", len(pos))
	}
	arg := ""
	if len(pos) == 1 {
		arg = pos[0]
	}
	sc, err := loadScenario(arg)
	if err != nil {
		return o.fail(err)
	}
	warnings := o.warn(sc, arg)
	dir := firstOf(*out, sc.Outputs.Dir)
	results, err := run(ctx, sc, o, stderr, scenarios.RunOptions{FacilityAccess: dir != ""})
	if err != nil {
		return o.fail(err)
	}
	sum := summarize(sc, results)
	if dir != "" {
		stop := func() {}
		if !o.json && !o.quiet && isTerminal(stderr) {
			stop = notice(stderr, fmt.Sprintf("%s: writing the outputs of %d replication(s) to %s …", sc.Name, len(results), dir))
		}
		err := report.Write(ctx, dir, sc.Outputs.Write, sum, results)
		stop()
		if err != nil {
			return o.fail(err)
		}
	}
	switch {
	case o.quiet:
	case o.json:
		err = writeJSON(stdout, runOutput{sum, warnings})
	default:
		err = sum.WriteText(stdout)
	}
	if err != nil {
		return o.fail(err)
	}
	return ExitOK
}

// runOutput is what run --json prints: the summary, with the scenario's
// warnings beside its keys.
type runOutput struct {
	*report.Summary
	Warnings []jsonWarning `json:"warnings,omitempty"`
}

// run runs the scenario's replications with opts, and a progress line on
// stderr when it is a terminal and neither --json nor --quiet is given.
func run(ctx context.Context, sc *scenarios.Scenario, o *options, stderr io.Writer, opts scenarios.RunOptions) ([]*cascade.Result, error) {
	if !o.json && !o.quiet && isTerminal(stderr) {
		p := newProgress(stderr, sc.Name)
		defer p.done()
		opts.Progress = p.update
	}
	res, err := sc.Run(ctx, opts)
	if err != nil {
		return res, fmt.Errorf("scenario %s: %w", sc.Name, err)
	}
	return res, nil
}

// summarize summarises a scenario's results.
func summarize(sc *scenarios.Scenario, results []*cascade.Result) *report.Summary {
	var hazards []string
	for _, h := range sc.Hazards {
		hazards = append(hazards, h.Name())
	}
	return report.Summarize(sc.Name, hazards, results)
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
