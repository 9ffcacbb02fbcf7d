package pandapower

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/internal/parsetest"
	"github.com/lifeline-sim/lifeline/network"
)

// ppFrame is a DataFrame for ppNet.
type ppFrame struct {
	cols  []string
	index []int
	data  [][]any
}

// ppNet writes a pandapower network JSON the way pandapower.to_json does:
// each table a DataFrame wrapper whose "_object" is a split-orientation
// JSON string. Keys come out sorted and indented, one member per line.
func ppNet(t testing.TB, top map[string]any, tables map[string]ppFrame) string {
	t.Helper()
	obj := map[string]any{"version": "2.6.0", "sn_mva": 1, "name": "test", "f_hz": 50.0}
	for k, v := range top {
		if v == nil {
			delete(obj, k)
		} else {
			obj[k] = v
		}
	}
	for name, f := range tables {
		if f.index == nil {
			f.index = make([]int, len(f.data))
			for i := range f.index {
				f.index[i] = i
			}
		}
		if f.data == nil {
			f.data = [][]any{}
		}
		inner, err := json.Marshal(map[string]any{"columns": f.cols, "index": f.index, "data": f.data})
		if err != nil {
			t.Fatal(err)
		}
		obj[name] = map[string]any{"_module": "pandas.core.frame", "_class": "DataFrame",
			"_object": string(inner), "orient": "split", "dtype": map[string]string{}}
	}
	out, err := json.MarshalIndent(map[string]any{"_module": "pandapower.auxiliary", "_class": "pandapowerNet", "_object": obj}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

var (
	ppBusCols   = []string{"name", "vn_kv", "type", "zone", "in_service"}
	ppLineCols  = []string{"name", "std_type", "from_bus", "to_bus", "length_km", "r_ohm_per_km", "x_ohm_per_km", "c_nf_per_km", "g_us_per_km", "max_i_ka", "df", "parallel", "type", "in_service"}
	ppTrafoCols = []string{"name", "std_type", "hv_bus", "lv_bus", "sn_mva", "vn_hv_kv", "vn_lv_kv", "vk_percent", "vkr_percent", "pfe_kw", "i0_percent",
		"shift_degree", "tap_side", "tap_neutral", "tap_min", "tap_max", "tap_step_percent", "tap_step_degree", "tap_pos", "tap_phase_shifter", "parallel", "df", "in_service"}
	ppSwitchCols = []string{"bus", "element", "et", "type", "closed", "name", "z_ohm"}
)

// ppSmall is a network exercising the conventions: repeated and null
// names, non-consecutive indices, an out-of-service bus, line and trafo
// switches, an off-nominal tapped transformer, every attached element.
func ppSmall() map[string]ppFrame {
	return map[string]ppFrame{
		"bus": {cols: ppBusCols, index: []int{0, 1, 2, 3, 5, 7}, data: [][]any{
			{"HV", 110.0, "b", nil, true},
			{"MV", 20.0, "b", "north", true},
			{"MV", 20.0, "b", "north", true},
			{nil, 20.0, "b", nil, true},
			{"MV#5", 20.0, "b", nil, true},
			{"OFF", 20.0, "b", nil, false},
		}},
		"bus_geodata": {cols: []string{"x", "y", "coords"}, index: []int{0, 1, 5}, data: [][]any{
			{10.0, 20.0, nil}, {11.0, 21.0, nil}, {nil, nil, nil},
		}},
		"line": {cols: ppLineCols, index: []int{4, 9}, data: [][]any{
			{"L", "typ", 1, 2, 2.0, 0.1, 0.4, 10.0, 0.0, 0.2, 0.9, 2, "ol", true},
			{"L", nil, 2, 7, 1.0, 0.1, 0.4, 10.0, 0.0, nil, 1.0, 1, "ol", true},
		}},
		"trafo": {cols: ppTrafoCols, index: []int{1, 3}, data: [][]any{
			{"T", nil, 0, 1, 40.0, 110.0, 20.0, 12.0, 0.4, 14.0, 0.0, 150.0, "hv", 0, -9, 9, 1.5, 0.0, 2, false, 1, 1.0, true},
			{nil, nil, 0, 3, 25.0, 115.0, 21.0, 10.0, 0.4, 14.0, 0.0, 0.0, "lv", 0, -9, 9, 2.5, 5.0, -1, true, 2, 1.0, false},
		}},
		"switch": {cols: ppSwitchCols, data: [][]any{
			{2, 3, "b", "CB", false, "S1", 0.0},
			{1, 4, "l", "CB", true, "S2", 0.0},
			{2, 4, "l", "LS", false, "S3", 0.0},
			{0, 1, "t", "CB", true, nil, 0.0},
		}},
		"load": {cols: []string{"name", "bus", "p_mw", "q_mvar", "scaling", "in_service"}, data: [][]any{
			{"ld1", 2, 1.5, 0.1, 1.0, true}, {"ld2", 2, 0.5, 0.1, 2.0, true}, {"ld3", 3, 9.0, 0.0, 1.0, false},
		}},
		"asymmetric_load": {cols: []string{"name", "bus", "p_a_mw", "p_b_mw", "p_c_mw", "scaling", "in_service"}, data: [][]any{
			{"al1", 5, 0.1, 0.2, 0.3, 1.0, true},
		}},
		"ext_grid": {cols: []string{"name", "bus", "vm_pu", "va_degree", "in_service"}, data: [][]any{{"G", 0, 1.0, 0.0, true}}},
		"gen":      {cols: []string{"name", "bus", "p_mw", "vm_pu", "max_p_mw", "in_service"}, data: [][]any{{"G", 1, 5.0, 1.0, 8.0, false}}},
		"sgen":     {cols: []string{"name", "bus", "p_mw", "scaling", "in_service"}, data: [][]any{{nil, 3, 2.0, 0.5, true}}},
		"motor": {cols: []string{"name", "bus", "pn_mech_mw", "loading_percent", "efficiency_percent", "scaling", "in_service"}, data: [][]any{
			{"M", 3, 0.4, 50.0, 80.0, 1.0, true},
		}},
		"trafo3w":   {cols: []string{"name", "hv_bus", "mv_bus", "lv_bus"}},
		"res_bus":   {cols: []string{"vm_pu"}, data: [][]any{{"not read"}}},
		"shunt":     {cols: []string{"bus", "q_mvar"}, data: [][]any{{0, 1.0}}},
		"impedance": {cols: []string{"from_bus", "to_bus"}},
	}
}

func importPP(t *testing.T, doc string, opts Options) *network.Network {
	t.Helper()
	n, err := Import(parsetest.File("net.json", doc), "net.json", opts)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportPandapowerConventions(t *testing.T) {
	n := importPP(t, ppNet(t, map[string]any{"sn_mva": 10}, ppSmall()), Options{CRS: network.Local, Prefix: "p:"})
	var ids []string
	for i := range n.Components() {
		ids = append(ids, n.ComponentID(i))
	}
	// Bus 2 repeats "MV" (MV#2), bus 3 has no name (bus3), bus 5 is
	// literally "MV#5", the gen repeats the ext_grid's "G" (G#0), the sgen
	// has no name (sgen0).
	want := "p:HV p:MV p:MV#2 p:bus3 p:MV#5 p:OFF p:G p:G#0 p:sgen0 p:M"
	if got := strings.Join(ids, " "); got != want {
		t.Fatalf("components %s\nwant       %s", got, want)
	}
	if n.Name() != "test" || n.Attr(network.ParamBaseMVA) != 10 || n.Attr(network.ParamFrequencyHz) != 50 {
		t.Errorf("name %q, base_mva %v, f_hz %v", n.Name(), n.Attr(network.ParamBaseMVA), n.Attr(network.ParamFrequencyHz))
	}
	hv := parsetest.Component(t, n, "p:HV")
	if hv.Kind != network.KindBus || hv.Sector != network.Power || hv.Role != network.RoleTransit || hv.Params[network.ParamVnKV] != 110 || *hv.Location != (network.Point{X: 10, Y: 20}) {
		t.Errorf("HV = %+v", hv)
	}
	if mv := parsetest.Component(t, n, "p:MV"); mv.Zone != "north" || *mv.Location != (network.Point{X: 11, Y: 21}) || mv.Role != network.RoleTransit {
		t.Errorf("MV = %+v", mv)
	}
	// Bus 2: ld1 1.5 + ld2 0.5×2; bus 3's only load is out of service.
	if c := parsetest.Component(t, n, "p:MV#2"); c.Role != network.RoleConsumer || c.Demand != 2.5 {
		t.Errorf("MV#2 = %+v", c)
	}
	if c := parsetest.Component(t, n, "p:bus3"); c.Role != network.RoleTransit || c.Demand != 0 {
		t.Errorf("bus3 = %+v", c)
	}
	if c := parsetest.Component(t, n, "p:MV#5"); c.Role != network.RoleConsumer || math.Abs(c.Demand-0.6) > 1e-15 {
		t.Errorf("MV#5 = %+v", c)
	}
	if c := parsetest.Component(t, n, "p:OFF"); c.Location != nil || c.Tags["in_service"] != "false" {
		t.Errorf("OFF = %+v", c)
	}
	if c := parsetest.Component(t, n, "p:G"); c.Kind != network.KindGenerator || c.Role != network.RoleSource || c.Tags["table"] != "ext_grid" || *c.Location != (network.Point{X: 10, Y: 20}) {
		t.Errorf("G = %+v", c)
	}
	if c := parsetest.Component(t, n, "p:G#0"); c.Tags["table"] != "gen" || c.Capacity != 8 || c.Params[network.ParamPMW] != 5 {
		t.Errorf("G#0 = %+v", c)
	}
	if c := parsetest.Component(t, n, "p:sgen0"); c.Params[network.ParamPMW] != 1 || c.Role != network.RoleSource {
		t.Errorf("sgen0 = %+v", c)
	}
	// Motor: 0.4 MW / 0.8 × 50 %.
	if c := parsetest.Component(t, n, "p:M"); c.Kind != network.KindMotor || c.Role != network.RoleConsumer || c.Demand != 0.25 {
		t.Errorf("M = %+v", c)
	}

	var lids []string
	for l := range n.Links() {
		lids = append(lids, n.LinkID(l))
	}
	wantL := "p:L p:L#9 p:T p:trafo3 p:S1 p:G-conn p:G#0-conn p:sgen0-conn p:M-conn"
	if got := strings.Join(lids, " "); got != wantL {
		t.Fatalf("links %s\nwant  %s", got, wantL)
	}
	// Line 4: 2 km of 0.4 Ω/km, 2 in parallel, at 20 kV on 10 MVA.
	l := parsetest.Link(t, n, "p:L")
	wantLine := network.Link{ID: "p:L", Kind: network.KindLine, From: "p:MV", To: "p:MV#2", Length: 2000,
		Reactance: 0.4 * 2 / 2 / (20 * 20 / 10.0), Rating: math.Sqrt(3) * 0.2 * 20 * 2 * 0.9,
		Tags: map[string]string{"std_type": "typ", "switch_from": "p:S2", "switch_from_state": "closed",
			"switch_to": "p:S3", "switch_to_state": "open"}, OutOfService: true}
	if !parsetest.LinksEqual(l, wantLine) {
		t.Errorf("line L = %+v\nwant     %+v", l, wantLine)
	}
	// Line 9 ends at the out-of-service bus.
	if l := parsetest.Link(t, n, "p:L#9"); !l.OutOfService || l.Rating != 0 || l.To != "p:OFF" || l.Tags != nil {
		t.Errorf("line L#9 = %+v", l)
	}
	// Trafo 1: tap +2 steps of 1.5 % on the hv side; vk 12 % on 40 MVA,
	// 10 MVA base.
	tr := parsetest.Link(t, n, "p:T")
	wantT := network.Link{ID: "p:T", Kind: network.KindTransformer, From: "p:HV", To: "p:MV", Reactance: 0.12 * 10 / 40, Rating: 40,
		Tap: 1.03, Shift: 150, Tags: map[string]string{"switch_from": "p:switch3", "switch_from_state": "closed"}}
	if !parsetest.LinksEqual(tr, wantT) {
		t.Errorf("trafo T = %+v\nwant      %+v", tr, wantT)
	}
	// Trafo 3: off-nominal 115/110 over 21/20, a phase shifter at −1 step
	// of 5° on the lv side, out of service, 2 in parallel.
	tr = parsetest.Link(t, n, "p:trafo3")
	if math.Abs(tr.Tap-(115.0/110)/(21.0/20)) > 1e-15 || tr.Shift != 5 || !tr.OutOfService || tr.Rating != 50 ||
		math.Abs(tr.Reactance-0.10*10/25*(21.0/20)*(21.0/20)/2) > 1e-15 {
		t.Errorf("trafo3 = %+v", tr)
	}
	if s := parsetest.Link(t, n, "p:S1"); s.Kind != network.KindSwitch || s.From != "p:MV#2" || s.To != "p:bus3" || !s.OutOfService {
		t.Errorf("switch S1 = %+v", s)
	}
	if c := parsetest.Link(t, n, "p:G#0-conn"); c.Kind != network.KindConnection || c.From != "p:G#0" || c.To != "p:MV" || !c.OutOfService {
		t.Errorf("connection of the gen = %+v", c)
	}
	if c := parsetest.Link(t, n, "p:G-conn"); c.OutOfService || c.To != "p:HV" {
		t.Errorf("connection of the ext_grid = %+v", c)
	}
}

// With Loads, the loads of the small network are components of their own:
// ld1 (1.5 MW) and ld2 (0.5 MW × 2) on bus 2 ("MV#2"), ld3 out of service
// on bus 3, al1 (0.1 + 0.2 + 0.3 MW) on bus 5 ("MV#5"); the buses carry no
// demand.
func TestImportPandapowerLoads(t *testing.T) {
	n := importPP(t, ppNet(t, map[string]any{"sn_mva": 10}, ppSmall()), Options{CRS: network.Local, Prefix: "p:", Loads: true})
	var ids []string
	for i := range n.Components() {
		ids = append(ids, n.ComponentID(i))
	}
	want := "p:HV p:MV p:MV#2 p:bus3 p:MV#5 p:OFF p:ld1 p:ld2 p:ld3 p:al1 p:G p:G#0 p:sgen0 p:M"
	if got := strings.Join(ids, " "); got != want {
		t.Fatalf("components %s\nwant       %s", got, want)
	}
	for _, tc := range []struct {
		id, bus, table string
		demand         float64
	}{{"p:ld1", "p:MV#2", "load", 1.5}, {"p:ld2", "p:MV#2", "load", 1}, {"p:ld3", "p:bus3", "load", 0}, {"p:al1", "p:MV#5", "asymmetric_load", 0.6}} {
		c := parsetest.Component(t, n, tc.id)
		if c.Kind != network.KindLoad || c.Role != network.RoleConsumer || math.Abs(c.Demand-tc.demand) > 1e-15 || c.Tags["table"] != tc.table {
			t.Errorf("%s = %+v", tc.id, c)
		}
		bus := parsetest.Component(t, n, tc.bus)
		if bus.Demand != 0 || bus.Role != network.RoleTransit || (bus.Location == nil) != (c.Location == nil) ||
			(bus.Location != nil && *bus.Location != *c.Location) {
			t.Errorf("%s: bus %+v", tc.id, bus)
		}
		l := parsetest.Link(t, n, tc.id+"-conn")
		if l.Kind != network.KindConnection || l.From != tc.id || l.To != tc.bus || l.OutOfService != (tc.id == "p:ld3") {
			t.Errorf("%s-conn = %+v", tc.id, l)
		}
	}
}

func TestImportPandapowerLinkIDOrder(t *testing.T) {
	// Branches claim their names before the connections do.
	doc := ppNet(t, nil, map[string]ppFrame{
		"bus":      {cols: ppBusCols, data: [][]any{{"A", 10.0, "b", nil, true}, {"B", 10.0, "b", nil, true}}},
		"ext_grid": {cols: []string{"name", "bus"}, index: []int{3}, data: [][]any{{"G", 0}}},
		"line":     {cols: ppLineCols, data: [][]any{{"G-conn", nil, 0, 1, 1.0, 0.1, 0.4, 10.0, 0.0, 0.2, 1.0, 1, "ol", true}}},
	})
	n := importPP(t, doc, Options{})
	if l := parsetest.Link(t, n, "G-conn"); l.Kind != network.KindLine {
		t.Errorf("G-conn = %+v", l)
	}
	if l := parsetest.Link(t, n, "G-conn#3"); l.Kind != network.KindConnection || l.From != "G" || l.To != "A" {
		t.Errorf("G-conn#3 = %+v", l)
	}
}

// ppErrAt returns the 1-based line and byte column of the first occurrence
// of marker in doc.
func ppErrAt(t *testing.T, doc, marker string) (int, int) {
	t.Helper()
	i := strings.Index(doc, marker)
	if i < 0 || strings.Count(doc, marker) != 1 {
		t.Fatalf("marker %q occurs %d times", marker, strings.Count(doc, marker))
	}
	return strings.Count(doc[:i], "\n") + 1, i - strings.LastIndex(doc[:i], "\n")
}

func TestImportPandapowerErrors(t *testing.T) {
	// mod changes the small network and edit its text; the error must be
	// at marker (the first of its only occurrence) plus adj bytes, through
	// the escapes of the table strings. Go writes 0.0 as 0 and 11.0 as 11.
	for _, tc := range []struct {
		name   string
		mod    func(tables map[string]ppFrame, top map[string]any)
		edit   func(doc string) string
		marker string
		adj    int
		field  string
		want   error
	}{
		{name: "negative length", mod: func(tb map[string]ppFrame, _ map[string]any) {
			tb["line"].data[1][4] = -987.25
		}, marker: "-987.25", field: "line.length_km", want: network.ErrNegative},
		{name: "text in a number column after escapes", mod: func(tb map[string]ppFrame, _ map[string]any) {
			tb["line"].data[0][0] = "L \"quoted\" é <&> \\ tab\t"
			tb["line"].data[1][6] = "MARK"
		}, marker: `\"MARK\"`, field: "line.x_ohm_per_km", want: network.ErrSyntax},
		{name: "unicode escapes in the outer string", mod: func(tb map[string]ppFrame, _ map[string]any) {
			tb["line"].data[0][0] = "ééé😀"
			tb["line"].data[1][4] = -987.25
		}, edit: func(doc string) string {
			doc = strings.ReplaceAll(doc, "é", `\u00e9`)
			return strings.ReplaceAll(doc, "😀", `\ud83d\ude00`)
		}, marker: "-987.25", field: "line.length_km", want: network.ErrNegative},
		{name: "null reactance", mod: func(tb map[string]ppFrame, _ map[string]any) {
			tb["line"].data[1] = []any{"NULLX", "S", 2, 7, 1.0, 0.1, nil, 10.0, 0.0, nil, 1.0, 1, "ol", true}
		}, marker: `\"NULLX\",\"S\",2,7,1,0.1,null`, adj: 26, field: "line.x_ohm_per_km", want: network.ErrNotFinite},
		{name: "unknown bus", mod: func(tb map[string]ppFrame, _ map[string]any) {
			tb["trafo"].data[1][3] = 4321
		}, marker: "4321", field: "trafo.lv_bus", want: network.ErrUnknownID},
		{name: "self loop", mod: func(tb map[string]ppFrame, _ map[string]any) {
			tb["line"].data[0][3] = 1
			tb["line"].data[0][4] = 3.75
		}, marker: ",1,1,3.75", adj: 3, field: "line.to_bus", want: network.ErrSelfLoop},
		{name: "zero voltage", mod: func(tb map[string]ppFrame, _ map[string]any) {
			tb["bus"].data[3][0], tb["bus"].data[3][1] = "ZERO", 0.0
		}, marker: `\"ZERO\",0,`, adj: 9, field: "bus.vn_kv", want: network.ErrInvalid},
		{name: "fractional bus reference", mod: func(tb map[string]ppFrame, _ map[string]any) {
			tb["load"].data[0][1] = 2.25
		}, marker: "2.25", field: "load.bus", want: network.ErrInvalid},
		{name: "bad in_service", mod: func(tb map[string]ppFrame, _ map[string]any) {
			tb["ext_grid"].data[0][4] = "yes"
		}, marker: `\"yes\"`, field: "ext_grid.in_service", want: network.ErrSyntax},
		{name: "bad switch type", mod: func(tb map[string]ppFrame, _ map[string]any) {
			tb["switch"].data[0][2] = "t3"
		}, marker: `\"t3\"`, field: "switch.et", want: network.ErrInvalid},
		{name: "switch bus not on its line", mod: func(tb map[string]ppFrame, _ map[string]any) {
			tb["switch"].data[1][0] = 3
		}, marker: `[3,4,`, adj: 1, field: "switch.bus", want: network.ErrInvalid},
		{name: "switch to unknown trafo", mod: func(tb map[string]ppFrame, _ map[string]any) {
			tb["switch"].data[3][1] = 777
		}, marker: "777", field: "switch.element", want: network.ErrUnknownID},
		{name: "bad tap side", mod: func(tb map[string]ppFrame, _ map[string]any) {
			tb["trafo"].data[0][12] = "mv"
		}, marker: `\"mv\"`, field: "trafo.tap_side", want: network.ErrInvalid},
		{name: "tap ratio not positive", mod: func(tb map[string]ppFrame, _ map[string]any) {
			tb["trafo"].data[0][18] = -200
		}, marker: "-200", field: "trafo.tap_pos", want: network.ErrInvalid},
		{name: "duplicate bus index", mod: func(tb map[string]ppFrame, _ map[string]any) {
			tb["bus"].index[5] = 5
			tb["bus"].data[5][0] = "DUP"
		}, marker: `3,5,5]`, adj: 4, field: "bus", want: network.ErrDuplicateID},
		{name: "geodata of unknown bus", mod: func(tb map[string]ppFrame, _ map[string]any) {
			tb["bus_geodata"].index[1] = 99
		}, marker: "[11,21", adj: 1, field: "bus_geodata", want: network.ErrUnknownID},
		{name: "missing column", mod: func(tb map[string]ppFrame, _ map[string]any) {
			tr := tb["trafo"]
			tr.cols = append([]string{}, ppTrafoCols...)
			tr.cols[7] = "vk"
			tb["trafo"] = tr
		}, marker: `{\"columns\":[\"name\",\"std_type\",\"hv_bus\"`, field: "trafo.vk_percent", want: network.ErrSyntax},
		{name: "ragged row", mod: func(tb map[string]ppFrame, _ map[string]any) {
			tb["ext_grid"].data[0] = []any{"RAGGED", 0}
		}, marker: `[\"RAGGED\"`, field: "ext_grid", want: network.ErrSyntax},
		{name: "unsupported table", mod: func(tb map[string]ppFrame, _ map[string]any) {
			tb["impedance"] = ppFrame{cols: []string{"from_bus", "to_bus"}, data: [][]any{{0, 1}}}
		}, marker: `"impedance": {`, adj: 13, field: "impedance", want: network.ErrInvalid},
		{name: "version 3", mod: func(_ map[string]ppFrame, top map[string]any) {
			top["version"] = "3.0.0"
		}, marker: `"_object": {`, adj: 11, field: "version", want: network.ErrVersion},
		{name: "no version", mod: func(_ map[string]ppFrame, top map[string]any) {
			top["version"] = nil
		}, marker: `"_object": {`, adj: 11, field: "version", want: network.ErrVersion},
		{name: "negative sn_mva", mod: func(_ map[string]ppFrame, top map[string]any) {
			top["sn_mva"] = -4.5
		}, marker: "-4.5", field: "sn_mva", want: network.ErrInvalid},
		{name: "not split", edit: func(doc string) string {
			return strings.Replace(doc, `"orient": "split"`, `"orient": "records"`, 1)
		}, marker: `"records"`, field: "asymmetric_load.orient", want: network.ErrInvalid},
		{name: "broken table string", edit: func(doc string) string {
			return strings.Replace(doc, `\"index\":[0,1,2]`, `\"index\":[0,1,2}`, 1)
		}, marker: `[0,1,2}`, adj: 6, field: "load", want: network.ErrSyntax},
		{name: "wrong class", edit: func(doc string) string {
			return strings.Replace(doc, `"pandapowerNet"`, `"Other"`, 1)
		}, marker: `"Other"`, field: "_class", want: network.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tables, top := ppSmall(), map[string]any{}
			if tc.mod != nil {
				tc.mod(tables, top)
			}
			doc := ppNet(t, top, tables)
			if tc.edit != nil {
				doc = tc.edit(doc)
			}
			line, col := ppErrAt(t, doc, tc.marker)
			_, err := Import(parsetest.File("net.json", doc), "net.json", Options{CRS: network.Local})
			parsetest.Check(t, err, "net.json", line, col+tc.adj, tc.field, tc.want)
		})
	}
}

func TestImportPandapowerBadJSON(t *testing.T) {
	for _, tc := range []struct {
		doc       string
		line, col int
		want      error
	}{
		{"", 1, 1, network.ErrSyntax},
		{"[1]", 1, 1, network.ErrSyntax},
		{"{\n  \"_class\": \"pandapowerNet\",\n  \"_object\": {\"bus\": 5, \"version\": \"2.6.0\"}\n}", 3, 22, network.ErrSyntax},
		{"{\n  \"a\": tru\n}", 2, 11, network.ErrSyntax},
		{`{"_class": "pandapowerNet"}`, 1, 1, network.ErrSyntax},
		{`{"_object": {"version": "2.6.0"}}`, 1, 13, network.ErrSyntax},
		{`{"_object": {"version": "2.6.0", "bus": {"_class": "DataFrame", "_object": 7}}}`, 1, 76, network.ErrSyntax},
		{`{"_object": {"version": "2.6.0", "bus": {"_object": "{\"columns\":[\"vn_kv\"],\"index\":[0]}"}}}`, 1, 54, network.ErrSyntax},
	} {
		_, err := Import(parsetest.File("x.json", tc.doc), "x.json", Options{})
		var pe *network.ParseError
		if !errors.As(err, &pe) || pe.Line != tc.line || pe.Col != tc.col || !errors.Is(err, tc.want) {
			t.Errorf("%q: error %v, want at %d:%d wrapping %v", tc.doc, err, tc.line, tc.col, tc.want)
		}
	}
}

func TestImportPandapowerIn2(t *testing.T) {
	doc := parsetest.ReadFile(t, "testdata/infrarisk_in2/power.json")
	n := importPP(t, string(doc), Options{CRS: network.Local})
	// 9 buses, 1 ext_grid, 1 motor; 5 lines, 2 trafos, 1 bus-bus switch,
	// 2 connections.
	if n.NumComponents() != 11 || n.NumLinks() != 10 {
		t.Fatalf("counts %d/%d, want 11/10", n.NumComponents(), n.NumLinks())
	}
	if n.Name() != "sample_network" || n.Attr(network.ParamBaseMVA) != 1 || n.Attr(network.ParamFrequencyHz) != 50 {
		t.Errorf("name %q, base %v, f %v", n.Name(), n.Attr(network.ParamBaseMVA), n.Attr(network.ParamFrequencyHz))
	}
	var demand float64
	consumers := 0
	for i := range n.Components() {
		demand += n.Demand(i)
		if n.Role(i) == network.RoleConsumer {
			consumers++
		}
	}
	// Loads 3 × 2 MW on three buses, and the motor (0.23 MW).
	if demand != 6.23 || consumers != 4 {
		t.Errorf("demand %v over %d consumers, want 6.23 over 4", demand, consumers)
	}
	if c := parsetest.Component(t, n, "P_B5"); c.Demand != 2 || c.Zone != "SE" || *c.Location != (network.Point{X: 100, Y: 0}) || c.Params[network.ParamVnKV] != 10 {
		t.Errorf("P_B5 = %+v", c)
	}
	if c := parsetest.Link(t, n, "P_EG1-conn"); c.From != "P_EG1" || c.To != "P_B1" {
		t.Errorf("P_EG1-conn = %+v", c)
	}
	if c := parsetest.Link(t, n, "P_MP1-conn"); c.From != "P_MP1" || c.To != "P_B8" {
		t.Errorf("P_MP1-conn = %+v", c)
	}
	// P_L1: 5 km of N2XS(FL)2Y 1x120 (0.166 Ω/km, 0.366 kA) at 110 kV.
	l := parsetest.Link(t, n, "P_L1")
	if l.From != "P_B1" || l.To != "P_B2" || l.Length != 5000 || l.Reactance != 0.166*5/(110*110) ||
		math.Abs(l.Rating-math.Sqrt(3)*0.366*110) > 1e-12 {
		t.Errorf("P_L1 = %+v", l)
	}
	// P_TF1: 63 MVA, vk 18 %, 110/10 kV onto 110/10 kV buses.
	if tr := parsetest.Link(t, n, "P_TF1"); tr.From != "P_B9" || tr.To != "P_B8" || tr.Reactance != 0.18/63 || tr.Tap != 0 || tr.Shift != 150 || tr.Rating != 63 {
		t.Errorf("P_TF1 = %+v", tr)
	}
	if s := parsetest.Link(t, n, "P_S1"); s.Kind != network.KindSwitch || s.From != "P_B7" || s.To != "P_B9" || s.OutOfService {
		t.Errorf("P_S1 = %+v", s)
	}
}

// TestImportPandapowerInfraRisk reads the power networks of InfraRisk's
// three example cities: Shelby County and Micropolis from the bundled
// cities' copies (scenarios/cities), in2 from testdata.
func TestImportPandapowerInfraRisk(t *testing.T) {
	type counts struct{ buses, sources, motors, lines, trafos, switches, conns, consumers, open int }
	for _, tc := range []struct {
		name, path string
		crs        network.CRS
		want       counts
		demand     float64 // MW, loads and motors
	}{
		{"shelby", "../../../scenarios/cities/shelby/power/power.json", network.WebMercator, counts{295, 8, 14, 73, 45, 191, 22, 37 + 14, 0}, 1003 + 14*0.23},
		{"micropolis", "../../../scenarios/cities/micropolis/power/micropolis_power.json", network.Local, counts{1225, 1, 0, 378, 789, 61, 1, 788, 3}, 24.773333333333},
		{"in2", "testdata/infrarisk_in2/power.json", network.Local, counts{9, 1, 1, 5, 2, 1, 2, 4, 0}, 6.23},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, err := Import(os.DirFS(filepath.Dir(tc.path)), filepath.Base(tc.path), Options{CRS: tc.crs})
			if err != nil {
				t.Fatal(err)
			}
			var got counts
			var demand float64
			for i := range n.Components() {
				switch n.ComponentKind(i) {
				case network.KindBus:
					got.buses++
				case network.KindGenerator:
					got.sources++
				case network.KindMotor:
					got.motors++
				}
				if n.Role(i) == network.RoleConsumer {
					got.consumers++
				}
				demand += n.Demand(i)
				if p, ok := n.Location(i); tc.crs == network.WebMercator && (!ok || !parsetest.MercatorInShelby(p)) {
					t.Errorf("%s at %v (%v) is outside Shelby County", n.ComponentID(i), p, network.MercatorToLonLat(p))
				}
			}
			for l := range n.Links() {
				switch n.LinkKind(l) {
				case network.KindLine:
					got.lines++
				case network.KindTransformer:
					got.trafos++
				case network.KindSwitch:
					got.switches++
				case network.KindConnection:
					got.conns++
				}
				if n.OutOfService(l) {
					got.open++
				}
			}
			if got != tc.want {
				t.Errorf("counts %+v\nwant   %+v", got, tc.want)
			}
			if math.Abs(demand-tc.demand) > 1e-9 {
				t.Errorf("demand %.12f MW, want %.12f", demand, tc.demand)
			}
			if strings.Contains(tc.path, "micropolis") {
				renamed := 0
				for i := range n.Components() {
					if strings.Contains(n.ComponentID(i), "#") {
						renamed++
					}
				}
				// 235 bus names occur more than once, on 707 buses.
				if renamed != 472 {
					t.Errorf("%d renamed buses, want 472", renamed)
				}
				for _, id := range []string{"P_S36", "P_S297", "P_S330"} {
					if !parsetest.Link(t, n, id).OutOfService {
						t.Errorf("open switch %s in service", id)
					}
				}
				if _, ok := n.LinkIndex("trafo1577"); !ok {
					t.Error("the unnamed trafo 1577 is not trafo1577")
				}
			}
		})
	}
}

// ppWithTable returns doc with the "_object" string of table replaced by
// inner, so that fuzzing reaches the table reader without having to keep
// the outer escaping valid.
func ppWithTable(t testing.TB, doc []byte, table string, inner []byte) []byte {
	var top map[string]any
	if err := json.Unmarshal(doc, &top); err != nil {
		t.Fatal(err)
	}
	top["_object"].(map[string]any)[table].(map[string]any)["_object"] = string(inner)
	out, err := json.Marshal(top)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// FuzzImportPandapower fuzzes a whole document (table == 0) or, to get past
// the JSON-in-a-string layer, one table string of the small network.
func FuzzImportPandapower(f *testing.F) {
	small := ppSmall()
	delete(small, "impedance")
	base := []byte(ppNet(f, nil, small))
	var names []string
	for name := range small {
		names = append(names, name)
	}
	slices.Sort(names)
	f.Add(parsetest.ReadFile(f, "testdata/infrarisk_in2/power.json"), uint8(0), []byte(nil))
	f.Add(base, uint8(0), []byte(nil))
	f.Add([]byte(ppNet(f, nil, map[string]ppFrame{"bus": {cols: ppBusCols, data: [][]any{{"a", 1.0, "b", nil, true}}}})), uint8(0), []byte(nil))
	var top map[string]any
	if err := json.Unmarshal(base, &top); err != nil {
		f.Fatal(err)
	}
	for i, name := range names {
		inner := top["_object"].(map[string]any)[name].(map[string]any)["_object"].(string)
		f.Add([]byte(nil), uint8(i+1), []byte(inner))
	}
	f.Fuzz(func(t *testing.T, doc []byte, table uint8, inner []byte) {
		if table != 0 {
			doc = ppWithTable(t, base, names[int(table-1)%len(names)], inner)
		}
		n, err := Import(parsetest.File("f.json", doc), "f.json", Options{CRS: network.Local})
		if err != nil {
			var pe *network.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			if pe.Line < 0 || pe.Col < 0 || (pe.Line == 0 && pe.Col != 0) {
				t.Fatalf("position %d:%d", pe.Line, pe.Col)
			}
			return
		}
		for i := range n.Components() {
			if n.Demand(i) < 0 || n.SectorName(n.ComponentSector(i)) != network.Power {
				t.Fatalf("component %+v", n.Component(i))
			}
		}
	})
}

// TestImportCRS checks that the CRS of the options ends up on the network
// and that lon/lat are range-checked only in a geographic CRS.
func TestImportCRS(t *testing.T) {
	tables := ppSmall()
	geo := tables["bus_geodata"]
	geo.data = [][]any{{500000.0, 4000000.0, nil}, {500100.0, 4000000.0, nil}, {nil, nil, nil}}
	tables["bus_geodata"] = geo
	pp := ppNet(t, nil, tables)
	parsetest.CheckCRS(t, func(crs network.CRS) (*network.Network, error) {
		return Import(parsetest.File("t.json", pp), "t.json", Options{CRS: crs})
	})
}

// TestImportPandapowerLimits checks that an error quotes an excerpt of a
// huge offending value only, and that MaxBytes caps the file.
func TestImportPandapowerLimits(t *testing.T) {
	for _, doc := range []string{
		`{"_class": "` + parsetest.Huge + `"}`,
		`{"_object": {"version": "` + parsetest.Huge + `"}}`,
	} {
		_, err := Import(parsetest.File("x.json", doc), "x.json", Options{})
		parsetest.Short(t, err)
	}
	data := parsetest.ReadFile(t, "testdata/infrarisk_in2/power.json")
	parsetest.CheckCap(t, "power.json", int64(len(data)), func(max int64) error {
		_, err := Import(parsetest.File("power.json", data), "power.json", Options{CRS: network.Local, MaxBytes: max})
		return err
	})
}
