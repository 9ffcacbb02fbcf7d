package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/report"
	"github.com/lifeline-sim/lifeline/scenarios"
)

// Exit codes of every command.
const (
	// ExitOK: the command did what it was asked.
	ExitOK = 0
	// ExitFailed: the command's input was good but the work failed: a run
	// that stopped (interrupted, an instant that does not settle, a sector
	// model's error) or an output that could not be written.
	ExitFailed = 1
	// ExitUsage: bad input or usage: an unknown command or flag, a
	// malformed or invalid scenario or network file, an unknown name.
	ExitUsage = 2
)

// command is one subcommand: its name, a one-line summary and its run
// function, which parses its own arguments and returns an exit code.
type command struct {
	name, args, summary string
	run                 func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

// The arguments of each command, as its usage line and the list of
// commands show them.
const (
	explainArgs   = "SCENARIO COMPONENT [--at TIME] [--replication K] [--dot]"
	importArgs    = "[--format F] [--crs C] [--prefix P] [-o KEY=VALUE]… IN OUT"
	runArgs       = "[SCENARIO|FILE] [--out DIR]"
	scenariosArgs = "[list | show NAME]"
	schemaArgs    = ""
	validateArgs  = "FILE…"
)

// commands lists the subcommands, sorted by name.
var commands = []command{
	{"explain", explainArgs, "the chain of causes behind a component's (or link's) state", runExplain},
	{"import", importArgs, "convert MATPOWER, EPANET, TNTP, pandapower, Shelby or InfraRisk data into a native network file (.json, .geojson, or a CSV directory)", runImport},
	{"run", runArgs, "run a scenario (the bundled " + scenarios.DefaultScenario + " without an argument) and print its summary", runRun},
	{"scenarios", scenariosArgs, "list the bundled scenarios and cities, or print one scenario file", runScenarios},
	{"schema", schemaArgs, "print the JSON Schema of scenario files", runSchema},
	{"validate", validateArgs, "check scenario files, the networks they name included", runValidate},
}

// Execute runs the command line args (without the program name) and
// returns the exit code: ExitOK, ExitFailed or ExitUsage.
func Execute(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	// lifeline --json run …: the flags every command takes may come
	// before the command too; they are handed to it before its own.
	lead := leadingCommon(args)
	common, args := args[:lead], args[lead:]
	if len(args) == 0 {
		if lead == 0 {
			usage(stdout)
			return ExitUsage
		}
		return unknownCommand(common, errors.New("no command given"), stderr)
	}
	if isHelp(args[0]) {
		// help [COMMAND], the common flags skipped wherever they are.
		rest := args[1:]
		rest = rest[leadingCommon(rest):]
		if len(rest) > 0 && !isHelp(rest[0]) {
			return Execute(ctx, []string{rest[0], "--help"}, stdout, stderr)
		}
		usage(stdout)
		return ExitOK
	}
	i := slices.IndexFunc(commands, func(c command) bool { return c.name == args[0] })
	if i < 0 {
		var names []string
		for _, c := range commands {
			names = append(names, c.name)
		}
		return unknownCommand(append(slices.Clone(common), args...), fmt.Errorf("unknown command %q%s", args[0], closest(args[0], names)), stderr)
	}
	return commands[i].run(ctx, append(slices.Clone(common), args[1:]...), stdout, stderr)
}

// isHelp reports whether a is a request for the list of commands.
func isHelp(a string) bool { return a == "help" || a == "-h" || a == "--help" || a == "-help" }

// unknownCommand prints err, a command line naming no command, as JSON
// when args ask for it, else with the list of commands, and returns
// ExitUsage.
func unknownCommand(args []string, err error, stderr io.Writer) int {
	if wantsJSON(args) {
		writeError(stderr, "", err, ExitUsage)
		return ExitUsage
	}
	fmt.Fprintf(stderr, "lifeline: %s\n", err)
	usage(stderr)
	return ExitUsage
}

// leadingCommon returns how many of args, from the first, are flags every
// command takes (--json, --quiet, in any of the flag package's spellings).
func leadingCommon(args []string) int {
	n := 0
	for _, a := range args {
		name, _, _, ok := flagOf(a)
		if !ok || (name != "json" && name != "quiet") {
			break
		}
		n++
	}
	return n
}

// flagOf splits a command-line argument written as a flag (-name,
// --name, -name=value, --name=value) into its name and value; ok is false
// for an argument that is not a flag.
func flagOf(a string) (name, value string, hasValue, ok bool) {
	if !strings.HasPrefix(a, "-") {
		return "", "", false, false
	}
	name, value, hasValue = strings.Cut(strings.TrimLeft(a, "-"), "=")
	return name, value, hasValue, true
}

// usage prints the list of commands and the exit codes.
func usage(w io.Writer) {
	fmt.Fprintln(w, "lifeline simulates cascading disaster chains across a city's lifelines.\n\nUsage:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %s\n      %s\n", synopsis(c.name, c.args), c.summary)
	}
	fmt.Fprintln(w, "\nEvery command takes --json (machine-readable output) and --quiet (no output but errors),\nbefore or after its name.")
	fmt.Fprintln(w, "Exit codes: 0 ok, 1 the run failed, 2 bad input or usage.")
}

// synopsis is a command's usage line: lifeline, its name and its
// arguments.
func synopsis(name, args string) string {
	return strings.TrimSpace("lifeline " + name + " " + args)
}

// options are the flags every command takes, and where the command
// reports its problems.
type options struct {
	json, quiet bool
	name        string // the command's name
	fs          *flag.FlagSet
	stderr      io.Writer
	warnings    []jsonWarning // the scenario's, for a JSON error
}

// newFlags returns a flag set for a command with --json and --quiet.
func newFlags(name, args, summary string, stderr io.Writer) (*flag.FlagSet, *options) {
	fs := flag.NewFlagSet("lifeline "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := &options{name: name, fs: fs, stderr: stderr}
	fs.BoolVar(&o.json, "json", false, "print JSON (errors too: one JSON object on stderr)")
	fs.BoolVar(&o.quiet, "quiet", false, "print nothing but errors")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: %s\n  %s\n\nFlags:\n", synopsis(name, args), summary)
		fs.PrintDefaults()
	}
	return fs, o
}

// parse parses flags that may come before, between or after the
// positional arguments, which it returns. A usage error has been printed
// when ok is false; code is then the exit code (ExitOK for --help). With
// --json anywhere among the flags, a flag error is printed as JSON.
func (o *options) parse(args []string) (pos []string, code int, ok bool) {
	fs, asJSON := o.fs, wantsJSON(args)
	usage := fs.Usage
	if asJSON { // the flag package prints its errors itself: silence it
		fs.SetOutput(io.Discard)
		fs.Usage = func() {}
		defer func() { fs.SetOutput(o.stderr); fs.Usage = usage }()
	}
	for {
		if err := fs.Parse(args); err != nil {
			switch {
			case errors.Is(err, flag.ErrHelp) && asJSON:
				fs.SetOutput(o.stderr)
				usage()
				return nil, ExitOK, false
			case errors.Is(err, flag.ErrHelp): // the flag package printed the usage
				return nil, ExitOK, false
			case asJSON:
				writeError(o.stderr, o.name, err, ExitUsage)
			}
			return nil, ExitUsage, false
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, 0, true
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), 0, true
		}
		pos, args = append(pos, args[0]), args[1:]
	}
}

// wantsJSON reports whether args, before a "--", switch the --json flag
// on (the last one given counts, as when they are parsed), so that
// problems found before it is parsed (a flag error, an unknown command)
// are printed as JSON too.
func wantsJSON(args []string) bool {
	on := false
	for _, a := range args {
		if a == "--" {
			break
		}
		name, value, hasValue, ok := flagOf(a)
		if !ok || name != "json" {
			continue
		}
		v, err := strconv.ParseBool(value)
		on = !hasValue || err == nil && v
	}
	return on
}

// usageError prints a usage problem (with the command's usage, or as JSON
// with --json) and returns ExitUsage.
func (o *options) usageError(format string, args ...any) int {
	err := fmt.Errorf(format, args...)
	if o.json {
		writeError(o.stderr, o.name, err, ExitUsage)
		return ExitUsage
	}
	fmt.Fprintf(o.stderr, "%s: %s\n", o.fs.Name(), err)
	o.fs.Usage()
	return ExitUsage
}

// fail prints err (as JSON with --json) and returns its exit code.
func (o *options) fail(err error) int {
	code := exitCode(err)
	if o.json {
		writeError(o.stderr, o.name, err, code, o.warnings...)
		return code
	}
	fmt.Fprintf(o.stderr, "lifeline %s: %s\n", o.name, display(err))
	return code
}

// exitCode returns the exit code of err: ExitUsage for bad input (a
// *network.ParseError or *network.BuildError, an unknown name),
// ExitFailed otherwise.
func exitCode(err error) int {
	var pe *network.ParseError
	var be *network.BuildError
	if errors.As(err, &pe) || errors.As(err, &be) || errors.Is(err, scenarios.ErrUnknownName) {
		return ExitUsage
	}
	return ExitFailed
}

// place is where a problem lies in a file, as --json prints it: the file
// as the user knows it, the line and column, and the field.
type place struct {
	File  string `json:"file,omitempty"`
	Line  int    `json:"line,omitempty"`
	Col   int    `json:"col,omitempty"`
	Field string `json:"field,omitempty"`
}

// placeOf returns where err lies, when it is a *network.ParseError, once
// display has named its file as the user knows it.
func placeOf(err error) place {
	var pe *network.ParseError
	if !errors.As(err, &pe) {
		return place{}
	}
	return place{File: pe.File, Line: pe.Line, Col: pe.Col, Field: pe.Field}
}

// jsonError is a command's error as --json prints it on stderr.
type jsonError struct {
	Command string `json:"command,omitempty"`
	Error   string `json:"error"`
	place
	Code int `json:"code"`
	// Warnings are those of the scenario loaded before the error.
	Warnings []jsonWarning `json:"warnings,omitempty"`
}

// writeError prints err of command name as one line of JSON, a jsonError
// with warnings.
func writeError(w io.Writer, name string, err error, code int, warnings ...jsonWarning) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	// A jsonError always encodes; a failing writer has nowhere to report to.
	msg := display(err)
	_ = enc.Encode(jsonError{Command: name, Error: msg, place: placeOf(err), Code: code, Warnings: warnings})
}

// jsonWarning is a scenario's warning as --json prints it: the message
// and where it lies.
type jsonWarning struct {
	Warning string `json:"warning"`
	place
}

// warn reports the warnings of sc, loaded from arg as loadScenario loads
// it: as text lines on stderr (scenarios.Warning.String) without --json or
// --quiet; with --json it returns them for the command's JSON output (and
// keeps them for a JSON error). The scenario file is named as the user
// gave it.
func (o *options) warn(sc *scenarios.Scenario, arg string) []jsonWarning {
	var out []jsonWarning
	name, _ := rootName(arg)
	for _, w := range sc.Warnings() {
		if arg != "" && w.File == name {
			w.File = arg
		} else {
			w.File = userPath(w.File)
		}
		switch {
		case o.json:
			out = append(out, jsonWarning{Warning: w.Message, place: place{File: w.File, Line: w.Line, Col: w.Col, Field: w.Field}})
		case !o.quiet:
			fmt.Fprintln(o.stderr, w)
		}
	}
	o.warnings = out
	return out
}

// asGiven names the file read as name of diskFS in err (its ParseError's
// file and, when the file could not be opened, the fs.PathError's path) as
// the user gave it, path.
func asGiven(err error, name, path string) error {
	var pe *network.ParseError
	if errors.As(err, &pe) && pe.File == name {
		pe.File = path
	}
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) && pathErr.Path == name {
		pathErr.Path = path
	}
	return err
}

// display returns err's message with file names from the root file system
// shown as the user knows them.
func display(err error) string {
	var pe *network.ParseError
	if errors.As(err, &pe) {
		pe.File = userPath(pe.File)
	}
	return err.Error()
}

// diskFS is where the command line reads files: the root of the file
// system, so that a scenario's paths may lead anywhere a user can read.
func diskFS() fs.FS { return os.DirFS("/") }

// rootName returns the name of the file at path in diskFS.
func rootName(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	return strings.TrimPrefix(filepath.ToSlash(abs), "/"), nil
}

// userPath turns a name of diskFS back into a path relative to the working
// directory when the file lies below it, or an absolute path.
func userPath(name string) string {
	if name == "" || strings.HasPrefix(name, "/") || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "<") {
		return name
	}
	abs := "/" + name
	if _, err := os.Stat(filepath.FromSlash(abs)); err != nil {
		return name // not a name of diskFS: a path as the user gave it
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, filepath.FromSlash(abs)); err == nil && !strings.HasPrefix(rel, "..") {
			return rel
		}
	}
	return abs
}

// loadScenario loads a scenario given on the command line: a file on disk
// when one exists at that path, else a bundled scenario by name.
func loadScenario(arg string) (*scenarios.Scenario, error) {
	if arg == "" {
		arg = scenarios.DefaultScenario
	}
	if st, err := os.Stat(arg); err == nil && !st.IsDir() {
		name, err := rootName(arg)
		if err != nil {
			return nil, err
		}
		sc, err := scenarios.Load(diskFS(), name)
		return sc, asGiven(err, name, arg)
	}
	if slices.Contains(scenarios.BundledNames(), arg) {
		return scenarios.LoadBundled(arg)
	}
	return nil, fmt.Errorf("%w: %q is neither a file nor a bundled scenario%s", scenarios.ErrUnknownName, arg, closest(arg, scenarios.BundledNames()))
}

// closest words a suggestion of the closest of names (up to three as
// close as the closest), or nothing.
func closest(s string, names []string) string {
	best := scenarios.Suggestions(s, names, 3)
	if len(best) == 0 {
		return ""
	}
	quoted := make([]string, len(best))
	for k, b := range best {
		quoted[k] = strconv.Quote(b)
	}
	if len(quoted) == 1 {
		return fmt.Sprintf(" (did you mean %s?)", quoted[0])
	}
	return fmt.Sprintf(" (did you mean %s or %s?)", strings.Join(quoted[:len(quoted)-1], ", "), quoted[len(quoted)-1])
}

// writeJSON prints v as JSON.
func writeJSON(w io.Writer, v any) error { return report.WriteJSON(w, v) }
