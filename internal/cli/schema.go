package cli

import (
	"context"
	"io"

	"github.com/lifeline-sim/lifeline/scenarios"
)

// runSchema is lifeline schema: the JSON Schema of scenario files
// (scenarios.Schema), for editors. Its output is JSON with or without
// --json.
func runSchema(_ context.Context, args []string, stdout, stderr io.Writer) int {
	const name = "schema"
	_, o := newFlags(name, schemaArgs, "Print the JSON Schema of scenario files (for editor completion).", stderr)
	pos, code, ok := o.parse(args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return o.usageError("takes no arguments")
	}
	if o.quiet {
		return ExitOK
	}
	if err := scenarios.WriteSchema(stdout); err != nil {
		return o.fail(err)
	}
	return ExitOK
}
