// Package cli is lifeline's command line: Execute runs one command of
//
//	lifeline run [SCENARIO|FILE] [--out DIR]
//	lifeline explain SCENARIO COMPONENT [--at TIME] [--replication K] [--dot]
//	lifeline validate FILE…
//	lifeline scenarios [list | show NAME]
//	lifeline schema
//	lifeline import [--format F] [--crs C] [--prefix P] [-o KEY=VALUE]… IN OUT
//
// one file per command, each a run function taking the arguments, the
// output and error writers and returning the exit code, which tests call
// directly; cmd/lifeline is the thin main. Every command takes --json
// (machine-readable output on stdout) and --quiet (nothing but errors on
// stderr), before or after the command's name; flags may come before or
// after the arguments.
//
// Exit codes: ExitOK (0) when the command did what it was asked;
// ExitFailed (1) when the input was good but the work failed (a run
// interrupted or ended by an error, an output that could not be written);
// ExitUsage (2) for bad input or usage (no command, an unknown command or
// flag, a scenario or network file that does not parse or names what does not
// exist, an unknown bundled name). Errors go to stderr, one line, naming
// file:line:column and the field when the input is a file. This package
// alone maps errors to exit codes.
//
// With --json, an error is that one line as a JSON object on stderr
// (stdout then holds nothing), with the same exit code; usage and flag
// errors too, and a missing or unknown command when --json is among the
// arguments:
//
//	{"command":"run","error":"bad.yaml:4:41: hazards[0].at: negative value: …","file":"bad.yaml","line":4,"col":41,"field":"hazards[0].at","code":2}
//
// error is the message the text form prints; file, line, col and field
// (the keys of validate --json's entries) are there when the error lies
// in a file, naming that file (a network file a scenario reads, say);
// code is the exit code; command is absent for a missing or unknown
// command.
// validate --json reports each file's error in its own entry on stdout
// instead.
//
// validate and run report a scenario's warnings (scenarios.Warning:
// what a valid file asks for that can do nothing, such as an earthquake on
// a network without fragility classes or a team that never gets a job) on
// stderr, one line each, before anything else they print there:
//
//	crews.yaml:8:8: warning: response.teams[1].name: team "substations" never gets a job: …
//
// With --json they go into the JSON output instead, as a "warnings" list
// of {"warning", "file", "line", "col", "field"} objects: beside the
// summary's keys (run), in the file's entry (validate), and in a JSON
// error that follows them. --quiet hides them. Warnings never change the
// exit code.
//
// A SCENARIO is a file on disk when one exists at that path, otherwise a
// bundled scenario by name (scenarios.BundledNames). Files are read from
// the root of the file system, so a scenario's relative paths may lead
// anywhere the user can read; errors show paths relative to the working
// directory when the file lies below it.
//
// run prints the summary of report.Summary (text, or JSON with --json) and
// writes report.Write's files to --out (or the scenario's outputs.dir),
// recording the road access to each critical facility for them
// (scenarios.RunOptions.FacilityAccess). A
// progress line goes to stderr only when it is a terminal, without --json
// or --quiet, and only for runs longer than a second; so does a line
// saying that the outputs are being written, when that takes longer than a
// second (the files of many replications).
package cli
