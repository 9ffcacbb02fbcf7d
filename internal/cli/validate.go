package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/lifeline-sim/lifeline/network"
)

// validation is the result of checking one file, as --json prints it.
type validation struct {
	File  string `json:"file"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
	Line  int    `json:"line,omitempty"`
	Col   int    `json:"col,omitempty"`
	Field string `json:"field,omitempty"`
	// Warnings are a valid file's (scenarios.Warning).
	Warnings []jsonWarning `json:"warnings,omitempty"`
}

// runValidate is lifeline validate FILE…: it loads every scenario file
// (or bundled scenario, named as run names it),
// building the network it names and checking its hazards and models
// against it, and reports each file; the exit code is ExitUsage when any
// is invalid.
func runValidate(_ context.Context, args []string, stdout, stderr io.Writer) int {
	const name = "validate"
	_, o := newFlags(name, validateArgs, "Check scenario files: keys, types, kinds, durations, and the networks, IDs and sectors they name.", stderr)
	pos, code, ok := o.parse(args)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		return o.usageError("want at least one file")
	}
	var all []validation
	bad := false
	for _, file := range pos {
		v := validation{File: file, OK: true}
		sc, err := loadScenario(file)
		if err != nil {
			bad, v.OK, v.Error = true, false, display(err)
			var pe *network.ParseError
			if errors.As(err, &pe) {
				v.Line, v.Col, v.Field = pe.Line, pe.Col, pe.Field
			}
		}
		if sc != nil {
			v.Warnings = o.warn(sc, file)
		}
		all = append(all, v)
		switch {
		case o.json || (o.quiet && v.OK):
		case v.OK && len(sc.Warnings()) > 0:
			fmt.Fprintf(stdout, "%s: ok, with warnings (on stderr)\n", file)
		case v.OK:
			fmt.Fprintf(stdout, "%s: ok\n", file)
		default:
			fmt.Fprintln(stderr, v.Error)
		}
	}
	if o.json {
		if err := writeJSON(stdout, all); err != nil {
			return o.fail(err)
		}
	}
	if bad {
		return ExitUsage
	}
	return ExitOK
}
