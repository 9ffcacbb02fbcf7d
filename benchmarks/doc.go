// Package benchmarks holds lifeline's end-to-end benchmarks, each beside a
// tight hand-written reference or a peer measured in the same run:
// interdependent percolation through the engine (BenchmarkPercolation vs
// BenchmarkPercolationRef), DC power flow and N-1 screening on the shared
// MATPOWER cases (BenchmarkDCPF, BenchmarkN1 and its rebuild baseline),
// the memory of every reader and importer beside the Builder
// (BenchmarkImport),
// routing and water service on synthetic cities. README.md beside this file
// records the latest figures and the machine they ran on; peers/ holds the
// programs that run the same workloads in other tools (SimPy, NetworkX,
// scipy). The package has no API: it imports public packages only.
package benchmarks
