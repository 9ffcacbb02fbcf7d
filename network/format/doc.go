// Package format reads and writes lifeline's native network formats:
// lossless round trips of everything a network.Network holds, each file
// carrying the format version (NativeVersion; other versions are refused
// with network.ErrVersion).
//
//   - JSON (WriteJSON, ReadJSON): one document, one component, link or
//     requirement per line, deterministic.
//   - GeoJSON (WriteGeoJSON, ReadGeoJSON) for GIS users: components as
//     Points, links as LineStrings, requirements in the "lifeline" foreign
//     member.
//   - CSV (WriteCSV, ReadCSV) for spreadsheets: network.csv,
//     components.csv, links.csv and requirements.csv in one directory.
//
// Writers take an io.Writer (WriteCSV a directory on disk, written file by
// file through temporary files). Readers take their input as every reader
// and importer of lifeline does: an fs.FS and a name inside it — the file
// for JSON and GeoJSON, the directory holding the tables for CSV ("." for
// the root of fsys); os.DirFS opens a directory on disk, fstest.MapFS holds
// files in memory. The name also names the input in errors.
//
// Units are those of network's fields: lengths in metres, power in MW,
// water in m³/s, angles in degrees. Durations (lags, buffers, free-flow
// times) are sim.Time values, written by sim.FormatDuration in Go syntax
// with d = 24 h ("1m30s", "4h", "1d12h") and read by sim.ParseDuration,
// lifeline's one duration parser: Go syntax with d, non-negative (a leading
// "+" is ignored, a "-" is ErrNegative), fractions rounded exactly as
// time.ParseDuration rounds them, so the written value reads back exactly.
// Numbers are written
// as the shortest decimal that reads back exactly.
//
// # Errors
//
// Every reader error is a *network.ParseError naming the file, the line and
// column of the offending value (JSON, GeoJSON and a requirements table
// read on its own, ReadRequirementsCSV, count bytes, as the importers and
// scenario files do; the native CSV directory's tables count cells, as
// spreadsheets do) and the field at fault, wrapping network's
// sentinels (ErrSyntax, ErrInvalid, ErrVersion, and those of Validate and
// Build). A problem only Build finds comes as a ParseError with only File
// set, wrapping the *network.BuildError. Readers never panic on bad input
// (each has a fuzz target); a writer fails with ErrInvalid on a value its
// format cannot hold.
//
// # Memory and size
//
// Reading is linear in the size of the input and streams it: JSON and
// GeoJSON token by token (encoding/json's Decoder), CSV row by row, each
// record checked and handed to a network.Builder before the next is read,
// so that reading takes about the memory of building the same network
// with a Builder (at most twice its peak heap; benchmarks/README.md has the
// figures). A file larger than its reader's cap (Reader.MaxBytes, 4 GiB by
// default) is refused with a *network.ParseError wrapping
// network.ErrTooLarge. Error messages quote at most 64 bytes of the
// offending text.
//
// Importers of other formats are in the subpackages: matpower, epanet,
// tntp, pandapower and shelby, one format each, and infrarisk, which reads
// a whole InfraRisk city (power, water, roads and the table coupling them)
// through three of them and network.Merge.
package format
