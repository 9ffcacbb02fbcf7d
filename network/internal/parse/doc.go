// Package parse holds what the network formats (network/format) and the
// importers (network/format/…) share, one home per idea: reading a number
// (Number, Count), a located error (Errorf, WithErr, WithField, LineCol);
// turning a free-form label into a snake_case name (SnakeCase); making IDs
// unique (IDSet); building what a reader added with Build's problems
// wrapped in a ParseError naming the file (Build); CSV tables with a header
// row whose every problem is placed at its line, column and header name
// (Table, Row); and JSON with positions (Span, Members, Elements,
// UnquoteMapped), so that a reader reports the line and column of a value,
// even one nested inside a JSON-encoded string; the input file under its
// size cap (Source: Open streams it, ReadAll holds it, DefaultMaxBytes, an
// error wrapping network.ErrTooLarge beyond), with positions recovered by
// reading it again on an error path (LineCol, ValueAt), so that a
// streaming reader keeps no text; and the excerpt of offending text an
// error message may quote (Excerpt, Quote: at most MaxExcerpt bytes).
//
// Every error is a *network.ParseError, or a PositionError for the reader
// to place, wrapping one of network's sentinels (ErrSyntax, ErrNotFinite,
// ErrOutOfRange, ErrNegative, ErrInvalid). Nothing here panics on bad
// input. The package is internal: its API changes with its users.
package parse
