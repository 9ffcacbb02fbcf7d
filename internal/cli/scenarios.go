package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/lifeline-sim/lifeline/scenarios"
)

// bundledEntry is one bundled scenario or city as list --json prints it.
type bundledEntry struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Default     bool   `json:"default,omitempty"`
}

// runScenarios is lifeline scenarios [list | show NAME]: the bundled
// scenarios and cities, or the text of one scenario.
func runScenarios(_ context.Context, args []string, stdout, stderr io.Writer) int {
	const name = "scenarios"
	_, o := newFlags(name, scenariosArgs, "List the bundled scenarios and cities, or print a bundled scenario's file.", stderr)
	pos, code, ok := o.parse(args)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		pos = []string{"list"}
	}
	switch {
	case pos[0] == "list" && len(pos) == 1:
		return listBundled(stdout, stderr, o)
	case pos[0] == "show" && len(pos) == 2:
		text, err := scenarios.BundledFile(pos[1])
		if err != nil {
			return o.fail(err)
		}
		switch {
		case o.quiet:
		case o.json:
			err = writeJSON(stdout, map[string]string{"name": pos[1], "text": string(text)})
		default:
			_, err = stdout.Write(text)
		}
		if err != nil {
			return o.fail(err)
		}
		return ExitOK
	}
	return o.usageError("want list, or show NAME")
}

// listBundled prints the bundled scenarios and cities.
func listBundled(stdout, stderr io.Writer, o *options) int {
	var scen, cities []bundledEntry
	for _, n := range scenarios.BundledNames() {
		sc, err := scenarios.LoadBundled(n)
		if err != nil {
			return o.fail(err)
		}
		scen = append(scen, bundledEntry{Name: n, Description: strings.TrimSpace(sc.Description), Default: n == scenarios.DefaultScenario})
	}
	for _, c := range scenarios.Cities() {
		cities = append(cities, bundledEntry{Name: c.Name, Description: c.Doc})
	}
	if o.quiet {
		return ExitOK
	}
	if o.json {
		if err := writeJSON(stdout, map[string]any{"scenarios": scen, "cities": cities}); err != nil {
			return o.fail(err)
		}
		return ExitOK
	}
	fmt.Fprintln(stdout, "Bundled scenarios (lifeline run NAME; lifeline scenarios show NAME prints the file):")
	for _, e := range scen {
		mark := ""
		if e.Default {
			mark = " (default)"
		}
		fmt.Fprintf(stdout, "  %s%s\n      %s\n", e.Name, mark, e.Description)
	}
	fmt.Fprintln(stdout, "Bundled cities (network: {city: NAME}):")
	for _, e := range cities {
		fmt.Fprintf(stdout, "  %s\n      %s\n", e.Name, e.Description)
	}
	return ExitOK
}
