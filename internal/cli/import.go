package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/format"
	"github.com/lifeline-sim/lifeline/report"
	"github.com/lifeline-sim/lifeline/scenarios"
)

// extFormats guesses an input's format from its extension.
var extFormats = map[string]string{".m": "matpower", ".inp": "epanet", ".tntp": "tntp", ".geojson": "geojson"}

// imported is what import --json prints.
type imported struct {
	Input        string `json:"input"`
	Format       string `json:"format"`
	Output       string `json:"output"`
	Network      string `json:"network"`
	Components   int    `json:"components"`
	Links        int    `json:"links"`
	Requirements int    `json:"requirements"`
}

// runImport is lifeline import [--format F] [--crs C] [--prefix P] [-o
// KEY=VALUE]… IN OUT: it reads a network in any registered format (as a
// scenario's network.files entry would) and writes it in a native format,
// chosen by OUT: .json, .geojson, or else a directory of CSV tables.
func runImport(_ context.Context, args []string, stdout, stderr io.Writer) int {
	const name = "import"
	fs, o := newFlags(name, importArgs,
		"Convert a network into a native file: OUT ending in .json (JSON), .geojson (GeoJSON), else a directory of CSV tables.", stderr)
	formatName := fs.String("format", "", "input format: "+strings.Join(scenarios.Names(scenarios.GroupFormat), ", ")+" (default: from the extension: .m, .inp, .tntp, .geojson)")
	crs := fs.String("crs", "", "coordinate reference system of the input (EPSG:code or local), for formats with coordinates")
	prefix := fs.String("prefix", "", "put before every component and link ID")
	entry := map[string]string{}
	fs.Func("o", "a format option as in a scenario file, KEY=VALUE (nodes=FILE for tntp, loads=true for pandapower, …); repeatable", func(s string) error {
		k, v, ok := strings.Cut(s, "=")
		if !ok || k == "" {
			return fmt.Errorf("want KEY=VALUE, got %q", s)
		}
		entry[k] = v
		return nil
	})
	pos, code, ok := o.parse(args)
	if !ok {
		return code
	}
	if len(pos) != 2 {
		return o.usageError("want an input and an output, got %d arguments", len(pos))
	}
	in, out := pos[0], pos[1]
	if *formatName == "" {
		*formatName = extFormats[strings.ToLower(filepath.Ext(in))]
		if *formatName == "" {
			return o.usageError("cannot tell the format of %s from its name: give --format", in)
		}
	}
	if !slices.Contains(scenarios.Names(scenarios.GroupFormat), *formatName) {
		return o.usageError("unknown format %q%s", *formatName, closest(*formatName, scenarios.Names(scenarios.GroupFormat)))
	}
	entry["format"], entry["path"] = *formatName, filepath.ToSlash(in)
	if *crs != "" {
		entry["crs"] = *crs
	}
	if *prefix != "" {
		entry["prefix"] = *prefix
	}
	wd, err := os.Getwd()
	if err == nil {
		var dir string
		if dir, err = rootName(wd); err == nil {
			var net *network.Network
			if net, err = scenarios.ReadNetwork(diskFS(), dir, entry); err == nil {
				err = writeNetwork(out, net)
				if err == nil && !o.quiet {
					r := imported{Input: in, Format: *formatName, Output: out, Network: net.Name(),
						Components: net.NumComponents(), Links: net.NumLinks(), Requirements: net.NumRequirements()}
					if o.json {
						err = writeJSON(stdout, r)
					} else {
						_, err = fmt.Fprintf(stdout, "%s (%s) → %s: network %q, %d components, %d links, %d requirements\n",
							in, r.Format, out, r.Network, r.Components, r.Links, r.Requirements)
					}
				}
			}
		}
	}
	if err != nil {
		return o.fail(err)
	}
	return ExitOK
}

// writeNetwork writes net in the native format OUT's name asks for.
func writeNetwork(out string, net *network.Network) error {
	switch strings.ToLower(filepath.Ext(out)) {
	case ".json":
		return report.WriteFile(out, func(w io.Writer) error { return format.WriteJSON(w, net) })
	case ".geojson":
		return report.WriteFile(out, func(w io.Writer) error { return format.WriteGeoJSON(w, net) })
	}
	return format.WriteCSV(out, net)
}
