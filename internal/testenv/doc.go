// Package testenv holds the helpers tests share: the location of the optional
// reference data in ../shared/data and the switch for large-N tests.
//
// Shared data: tests of large reference files call SharedData, which returns
// the data folder or skips the test when the folder is absent or when the
// environment variable LIFELINE_SHARED is "none". LIFELINE_SHARED may also
// name the folder explicitly. Every such test must have "Shared" in its name,
// so that CI can run exactly those tests with `go test -run Shared ./...`.
//
// Large-N tests call Long, which skips unless LIFELINE_LONG=1. Benchmarks
// on a shared machine report ProcessCPU per operation beside the wall time.
package testenv
