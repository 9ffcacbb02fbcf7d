package benchmarks

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"testing"
	"time"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/format"
	"github.com/lifeline-sim/lifeline/network/format/epanet"
	"github.com/lifeline-sim/lifeline/network/format/matpower"
	"github.com/lifeline-sim/lifeline/network/format/pandapower"
	"github.com/lifeline-sim/lifeline/network/format/shelby"
	"github.com/lifeline-sim/lifeline/network/format/tntp"
	"github.com/lifeline-sim/lifeline/network/synth"
)

// importSizes are the sizes of BenchmarkImport: 10⁴ runs in seconds, 10⁶ is
// the size of the memory target (run it with -benchtime=1x, one format at a
// time: a 10⁶ case needs a few GB).
var importSizes = []int{10000, 100000, 1000000}

// importFormat is a format of BenchmarkImport: write puts a synthetic input
// of about n components into dir, read imports it from there.
type importFormat struct {
	name  string
	write func(tb testing.TB, dir string, n int)
	read  func(dir string) (*network.Network, error)
}

var importFormats = []importFormat{
	{"json", writeNative(func(f *os.File, n *network.Network) error { return format.WriteJSON(f, n) }, "city.json"),
		func(dir string) (*network.Network, error) { return format.ReadJSON(os.DirFS(dir), "city.json") }},
	{"geojson", writeNative(func(f *os.File, n *network.Network) error { return format.WriteGeoJSON(f, n) }, "city.geojson"),
		func(dir string) (*network.Network, error) { return format.ReadGeoJSON(os.DirFS(dir), "city.geojson") }},
	{"csv", func(tb testing.TB, dir string, n int) {
		if err := format.WriteCSV(dir, importCity(tb, n)); err != nil {
			tb.Fatal(err)
		}
	}, func(dir string) (*network.Network, error) { return format.ReadCSV(os.DirFS(dir), ".") }},
	{"matpower", writeText("case.m", writeMatpower),
		func(dir string) (*network.Network, error) {
			return matpower.Import(os.DirFS(dir), "case.m", matpower.Options{})
		}},
	{"epanet", writeText("net.inp", writeEPANET),
		func(dir string) (*network.Network, error) {
			return epanet.Import(os.DirFS(dir), "net.inp", epanet.Options{})
		}},
	{"tntp", func(tb testing.TB, dir string, n int) {
		writeText("net.tntp", writeTNTPNet)(tb, dir, n)
		writeText("node.tntp", writeTNTPNodes)(tb, dir, n)
	}, func(dir string) (*network.Network, error) {
		return tntp.Import(os.DirFS(dir), "net.tntp", "node.tntp", tntp.Options{CRS: network.Local})
	}},
	{"shelby", writeShelby, func(dir string) (*network.Network, error) {
		return shelby.Import(os.DirFS(dir), ".", shelby.Options{})
	}},
	{"pandapower", writeText("power.json", writePandapower),
		func(dir string) (*network.Network, error) {
			return pandapower.Import(os.DirFS(dir), "power.json", pandapower.Options{CRS: network.Local})
		}},
}

// BenchmarkImport reads a synthetic input of each format, written to a
// temporary directory first (not timed): for json, geojson and csv the
// seeded synthetic city (synth.City, Seed 1), for the importers a grid of
// about the same number of components in their own format (generators
// below). format=builder builds the synthetic city directly
// (synth.CityBuilder and Build), the reference of the native formats; each
// importer's run also rebuilds the network it read through a Builder (from
// its components, links and requirements) and reports that as
// builder-peak-heap-B/component, its own reference.
//
// Metrics, per component of the network read: B/component, the bytes
// allocated by one import; peak-heap-B/component, the largest live heap
// ("/memory/classes/heap/objects:bytes", sampled every 2 ms) above the heap
// before the import, which holds the result at the end; and for importers
// peak-ratio, the import's peak over the rebuild's.
func BenchmarkImport(b *testing.B) {
	for _, n := range importSizes {
		b.Run(fmt.Sprintf("format=builder/components=%d", n), func(b *testing.B) {
			var got *network.Network
			measureImport(b, func() (*network.Network, error) {
				bld, err := synth.CityBuilder(synth.CityParams{Seed: 1, Components: n})
				if err != nil {
					return nil, err
				}
				got, err = bld.Build()
				return got, err
			})
		})
		for _, f := range importFormats {
			b.Run(fmt.Sprintf("format=%s/components=%d", f.name, n), func(b *testing.B) {
				dir := b.TempDir()
				f.write(b, dir, n)
				runtime.GC()
				got, peak := measureImport(b, func() (*network.Network, error) { return f.read(dir) })
				if f.name == "json" || f.name == "geojson" || f.name == "csv" {
					return
				}
				var rebuilt *network.Network
				ref := measurePeak(func() {
					var err error
					if rebuilt, err = network.Rebuild(got, nil, nil).Build(); err != nil {
						b.Fatal(err)
					}
				})
				if rebuilt.NumComponents() != got.NumComponents() || rebuilt.NumLinks() != got.NumLinks() {
					b.Fatalf("rebuilt %d components, %d links; read %d, %d",
						rebuilt.NumComponents(), rebuilt.NumLinks(), got.NumComponents(), got.NumLinks())
				}
				nc := float64(got.NumComponents())
				b.ReportMetric(float64(ref)/nc, "builder-peak-heap-B/component")
				b.ReportMetric(float64(peak)/float64(ref), "peak-ratio")
			})
		}
	}
}

// measureImport runs read b.N times and reports its allocations and peak
// heap per component of the network read; it returns the last network and
// its peak heap.
func measureImport(b *testing.B, read func() (*network.Network, error)) (*network.Network, uint64) {
	b.Helper()
	var got *network.Network
	var peak, alloc uint64
	for range b.N {
		b.StopTimer()
		got = nil
		runtime.GC()
		a0 := readMetric("/gc/heap/allocs:bytes")
		b.StartTimer()
		var err error
		p := measurePeak(func() { got, err = read() })
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		alloc += readMetric("/gc/heap/allocs:bytes") - a0
		peak = max(peak, p)
		b.StartTimer()
	}
	nc := float64(got.NumComponents())
	b.ReportMetric(float64(alloc)/float64(b.N)/nc, "B/component")
	b.ReportMetric(float64(peak)/nc, "peak-heap-B/component")
	b.ReportMetric(nc, "components")
	return got, peak
}

// measurePeak runs f and returns the largest live heap seen while it ran,
// above the live heap before it (after a collection).
func measurePeak(f func()) uint64 {
	runtime.GC()
	base := readMetric("/memory/classes/heap/objects:bytes")
	var peak uint64 // written by the sampler, read after it is done
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			peak = max(peak, readMetric("/memory/classes/heap/objects:bytes"))
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	f()
	close(stop)
	<-done
	peak = max(peak, readMetric("/memory/classes/heap/objects:bytes"))
	if peak < base {
		return 0
	}
	return peak - base
}

// readMetric reads one uint64 runtime metric.
func readMetric(name string) uint64 {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// importCity returns the seeded synthetic city of about n components.
func importCity(tb testing.TB, n int) *network.Network {
	tb.Helper()
	c, err := synth.City(synth.CityParams{Seed: 1, Components: n})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// writeNative writes the synthetic city with write into dir/name.
func writeNative(write func(*os.File, *network.Network) error, name string) func(testing.TB, string, int) {
	return func(tb testing.TB, dir string, n int) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			tb.Fatal(err)
		}
		if err := write(f, importCity(tb, n)); err != nil {
			tb.Fatal(err)
		}
		if err := f.Close(); err != nil {
			tb.Fatal(err)
		}
	}
}

// writeText returns a writer of dir/name whose content gen writes for n.
func writeText(name string, gen func(w *bufio.Writer, n int)) func(testing.TB, string, int) {
	return func(tb testing.TB, dir string, n int) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			tb.Fatal(err)
		}
		w := bufio.NewWriterSize(f, 1<<20)
		gen(w, n)
		if err := w.Flush(); err != nil {
			tb.Fatal(err)
		}
		if err := f.Close(); err != nil {
			tb.Fatal(err)
		}
	}
}

// gridSide returns the columns of a near-square grid of n nodes.
func gridSide(n int) int {
	w := 1
	for w*w < n {
		w++
	}
	return w
}

// writeMatpower writes a version-2 case of n components: n·10/11 buses in a
// grid (branches to the right and down neighbours), one generator per ten
// buses, every third bus loaded.
func writeMatpower(w *bufio.Writer, n int) {
	nb := n * 10 / 11
	ng := n - nb
	side := gridSide(nb)
	fmt.Fprintf(w, "function mpc = synthetic\nmpc.version = '2';\nmpc.baseMVA = 100;\n\nmpc.bus = [\n")
	for i := 1; i <= nb; i++ {
		typ, pd := 1, 0.0
		if i == 1 {
			typ = 3
		}
		if i%3 == 0 {
			pd = float64(i%50) + 1.5
		}
		fmt.Fprintf(w, "\t%d\t%d\t%g\t%g\t0\t0\t1\t1\t0\t135\t1\t1.06\t0.94;\n", i, typ, pd, pd/3)
	}
	fmt.Fprintf(w, "];\n\nmpc.gen = [\n")
	for k := 1; k <= ng; k++ {
		bus := (k-1)*nb/ng + 1
		fmt.Fprintf(w, "\t%d\t%g\t0\t300\t-300\t1.04\t100\t1\t%g\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0;\n", bus, 40.0+float64(k%7), 200.0)
	}
	fmt.Fprintf(w, "];\n\nmpc.branch = [\n")
	for i := 1; i <= nb; i++ {
		if i%side != 0 && i+1 <= nb {
			fmt.Fprintf(w, "\t%d\t%d\t0.01938\t0.05917\t0.0528\t%d\t0\t0\t0\t0\t1\t-360\t360;\n", i, i+1, 100+i%50)
		}
		if i+side <= nb {
			fmt.Fprintf(w, "\t%d\t%d\t0.05403\t0.22304\t0.0492\t%d\t0\t0\t0\t0\t1\t-360\t360;\n", i, i+side, 100+i%40)
		}
	}
	fmt.Fprintf(w, "];\n")
}

// writeEPANET writes an SI network of n components: one reservoir and
// n−1 junctions in a grid joined by pipes (right and down neighbours), with
// coordinates.
func writeEPANET(w *bufio.Writer, n int) {
	side := gridSide(n)
	fmt.Fprintf(w, "[TITLE]\nsynthetic grid\n\n[OPTIONS]\nUnits LPS\n\n[RESERVOIRS]\n;ID Head\n R1 120\n\n[JUNCTIONS]\n;ID Elev Demand\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(w, " J%d\t%d\t%g\t;\n", i, 10+i%40, 0.1*float64(i%9))
	}
	fmt.Fprintf(w, "\n[PIPES]\n;ID Node1 Node2 Length Diameter Roughness MinorLoss Status\n")
	node := func(i int) string {
		if i == 0 {
			return "R1"
		}
		return "J" + strconv.Itoa(i)
	}
	k := 0
	for i := range n {
		if (i+1)%side != 0 && i+1 < n {
			k++
			fmt.Fprintf(w, " P%d\t%s\t%s\t%d\t%d\t100\t0\tOpen\t;\n", k, node(i), node(i+1), 50+i%200, 100+50*(i%4))
		}
		if i+side < n {
			k++
			fmt.Fprintf(w, " P%d\t%s\t%s\t%d\t%d\t100\t0\tOpen\t;\n", k, node(i), node(i+side), 50+i%300, 150)
		}
	}
	fmt.Fprintf(w, "\n[COORDINATES]\n;Node X Y\n")
	for i := range n {
		fmt.Fprintf(w, " %s\t%d\t%d\n", node(i), 10*(i%side), 10*(i/side))
	}
	fmt.Fprintf(w, "\n[END]\n")
}

// tntpLinks lists the links of the TNTP grid of n nodes: both directions
// to the right and down neighbours.
func tntpLinks(n int, f func(from, to int)) {
	side := gridSide(n)
	for i := 1; i <= n; i++ {
		if i%side != 0 && i+1 <= n {
			f(i, i+1)
			f(i+1, i)
		}
		if i+side <= n {
			f(i, i+side)
			f(i+side, i)
		}
	}
}

// writeTNTPNet writes the links of a TNTP grid of n nodes.
func writeTNTPNet(w *bufio.Writer, n int) {
	m := 0
	tntpLinks(n, func(int, int) { m++ })
	fmt.Fprintf(w, "<NUMBER OF ZONES> 0\n<NUMBER OF NODES> %d\n<FIRST THRU NODE> 1\n<NUMBER OF LINKS> %d\n<END OF METADATA>\n\n", n, m)
	fmt.Fprintf(w, "~\tinit_node\tterm_node\tcapacity\tlength\tfree_flow_time\tb\tpower\tspeed\ttoll\tlink_type\t;\n")
	tntpLinks(n, func(a, c int) {
		fmt.Fprintf(w, "\t%d\t%d\t%d\t%g\t%g\t0.15\t4\t0\t0\t1\t;\n", a, c, 1000+a%5000, 0.5+float64(a%7)/10, 1+float64(c%9)/10)
	})
}

// writeTNTPNodes writes the coordinates of the TNTP grid of n nodes.
func writeTNTPNodes(w *bufio.Writer, n int) {
	side := gridSide(n)
	fmt.Fprintf(w, "Node\tX\tY\t;\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(w, "%d\t%d\t%d\t;\n", i, 100*((i-1)%side), 100*((i-1)/side))
	}
}

// shelbyLayerNames are the four layers of the Shelby County INDP files.
var shelbyLayerNames = [...]string{"Water", "Power", "Gas", "Telecommunication"}

// writeShelby writes the nine Shelby County INDP files for n components: a
// quarter in each layer, as a grid of nodes (lon/lat steps of 10⁻⁴° from
// 90° W, 35° N; every fifth node supplies, every other one consumes)
// joined to their right and down neighbours, and one requirement of every
// tenth water node on the power node of the same number.
func writeShelby(tb testing.TB, dir string, n int) {
	per := n / 4
	side := gridSide(per)
	for _, layer := range shelbyLayerNames {
		writeText(layer+"Nodes.csv", func(w *bufio.Writer, _ int) {
			fmt.Fprintf(w, "ID,X,Y,Node Type,Demand\n")
			for i := 1; i <= per; i++ {
				d := 0.0
				switch {
				case i%5 == 0:
					d = 4
				case i%2 == 0:
					d = -1
				}
				fmt.Fprintf(w, "%d,%.4f,%.4f,Other,%g\n", i, -90+1e-4*float64((i-1)%side), 35+1e-4*float64((i-1)/side), d)
			}
		})(tb, dir, per)
		writeText(layer+"Arcs.csv", func(w *bufio.Writer, _ int) {
			fmt.Fprintf(w, "ID,Length (km),Start Node,End Node,u,f,c,Arc Type\n")
			id := 0
			arc := func(a, c int) {
				id++
				fmt.Fprintf(w, "%d,%g,%d,%d,%d,1,1,Other\n", id, 0.5+float64(a%7)/10, a, c, 100+a%50)
			}
			for i := 1; i <= per; i++ {
				if i%side != 0 && i+1 <= per {
					arc(i, i+1)
				}
				if i+side <= per {
					arc(i, i+side)
				}
			}
		})(tb, dir, per)
	}
	writeText("Interdep.csv", func(w *bufio.Writer, _ int) {
		fmt.Fprintf(w, "Dependee Node,Depender Node,Dependee Network,Depender Network,Type\n")
		for i := 10; i <= per; i += 10 {
			fmt.Fprintf(w, "%d,%d,Power,Water,Physical\n", i, i)
		}
	})(tb, dir, per)
}

// writePandapower writes a pandapower 2.x network of n components: one
// ext_grid and n−1 buses in a grid joined by lines (right and down
// neighbours), every third bus loaded, all located.
func writePandapower(w *bufio.Writer, n int) {
	nb := n - 1
	side := gridSide(nb)
	// table writes a DataFrame whose rows are given by row(i, w) as JSON
	// arrays; the DataFrame string is written escaped.
	table := func(name string, cols string, rows int, row func(i int) string, last bool) {
		fmt.Fprintf(w, "    %q: {\"_module\": \"pandas.core.frame\", \"_class\": \"DataFrame\", \"orient\": \"split\", \"_object\": \"{\\\"columns\\\":%s,\\\"index\\\":[", name, cols)
		for i := range rows {
			if i > 0 {
				w.WriteByte(',')
			}
			w.WriteString(strconv.Itoa(i))
		}
		w.WriteString(`],\"data\":[`)
		for i := range rows {
			if i > 0 {
				w.WriteByte(',')
			}
			w.WriteString(row(i))
		}
		w.WriteString("]}\"}")
		if !last {
			w.WriteByte(',')
		}
		w.WriteByte('\n')
	}
	fmt.Fprintf(w, "{\n  \"_module\": \"pandapower.auxiliary\",\n  \"_class\": \"pandapowerNet\",\n  \"_object\": {\n")
	fmt.Fprintf(w, "    \"version\": \"2.6.0\",\n    \"name\": \"synthetic\",\n    \"sn_mva\": 1.0,\n    \"f_hz\": 50.0,\n")
	table("bus", `[\"name\",\"vn_kv\",\"type\",\"zone\",\"in_service\"]`, nb, func(i int) string {
		return fmt.Sprintf(`[\"B%d\",10.0,\"b\",\"Z%d\",true]`, i, i%8)
	}, false)
	loads := (nb + 2) / 3
	table("load", `[\"name\",\"bus\",\"p_mw\",\"q_mvar\",\"scaling\",\"in_service\"]`, loads, func(i int) string {
		return fmt.Sprintf(`[\"LO%d\",%d,%g,0.1,1.0,true]`, i, 3*i, 0.5+float64(i%5)/10)
	}, false)
	table("ext_grid", `[\"name\",\"bus\",\"vm_pu\",\"va_degree\",\"in_service\"]`, 1, func(int) string {
		return `[\"G0\",0,1.0,0.0,true]`
	}, false)
	type line struct{ from, to int }
	var lines []line
	for i := range nb {
		if (i+1)%side != 0 && i+1 < nb {
			lines = append(lines, line{i, i + 1})
		}
		if i+side < nb {
			lines = append(lines, line{i, i + side})
		}
	}
	table("line", `[\"name\",\"std_type\",\"from_bus\",\"to_bus\",\"length_km\",\"r_ohm_per_km\",\"x_ohm_per_km\",\"c_nf_per_km\",\"g_us_per_km\",\"max_i_ka\",\"df\",\"parallel\",\"type\",\"in_service\"]`,
		len(lines), func(i int) string {
			l := lines[i]
			return fmt.Sprintf(`[\"L%d\",\"NA2XS2Y 1x95 RM/25 12/20 kV\",%d,%d,%g,0.313,0.132,216.0,0.0,0.252,1.0,1,\"cs\",true]`,
				i, l.from, l.to, 0.5+float64(i%9)/10)
		}, false)
	table("bus_geodata", `[\"x\",\"y\",\"coords\"]`, nb, func(i int) string {
		return fmt.Sprintf(`[%d,%d,null]`, 10*(i%side), 10*(i/side))
	}, true)
	fmt.Fprintf(w, "  }\n}\n")
}
