package fragility_test

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/internal/testenv"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// phi is the standard normal CDF written with math.Erfc, independently of
// the gonum distuv the package uses.
func phi(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// TestESS1SpotValues checks the Hazus spot values: ESS1 (low-voltage
// substation, anchored: slight median 0.15 g, β 0.70) is at P(≥slight) =
// 0.5 at its median and Φ(ln(0.29/0.15)/0.7) = Φ(0.9418) = 0.827 at 0.29 g.
func TestESS1SpotValues(t *testing.T) {
	lib := fragility.Hazus()
	ess1, ok := lib.Class("ESS1")
	require.True(t, ok)
	assert.Equal(t, fragility.PGA, ess1.Measure)
	assert.InDelta(t, 0.5, ess1.Exceed(0.15, network.DamageSlight), 1e-12)
	assert.InDelta(t, 0.827, ess1.Exceed(0.29, network.DamageSlight), 5e-4)
	// At 0.29 g the moderate curve is at its median.
	assert.InDelta(t, 0.5, ess1.Curves[network.DamageModerate].P(0.29), 1e-12)
	alias, ok := lib.Class("EP.S.L.A")
	require.True(t, ok)
	assert.Same(t, ess1, alias)
}

// TestDrawConsistent checks that one uniform gives ordered states: the
// empirical frequency of DS ≥ ds over a fine grid of u equals Exceed, the
// state never falls as the intensity rises, and Exceed equals the curve
// itself where the curves do not cross (independent Φ).
func TestDrawConsistent(t *testing.T) {
	lib := fragility.Hazus()
	for _, name := range []string{"ESS1", "PWT3", "HRD2", "InfraRisk:W_P", "PST7"} {
		c, ok := lib.Class(name)
		require.True(t, ok, name)
		for _, im := range []float64{0, 0.05, 0.2, 0.5, 1, 3} {
			const n = 20000
			var count [fragility.NumStates + 1]int
			for k := range n {
				u := (float64(k) + 0.5) / n
				ds := c.Draw(im, u)
				for s := 0; s <= int(ds); s++ {
					count[s]++
				}
				assert.LessOrEqual(t, ds, c.Draw(im*1.5+0.01, u), "%s: stronger shaking, lighter state", name)
			}
			for ds := 1; ds <= fragility.NumStates; ds++ {
				want := c.Exceed(im, uint8(ds))
				assert.InDelta(t, want, float64(count[ds])/n, 1.0/n+1e-12, "%s at %v, %s", name, im, fragility.StateName(uint8(ds)))
			}
		}
	}
	ess1, _ := lib.Class("ESS1")
	for ds := uint8(1); ds <= 4; ds++ {
		cv := ess1.Curves[ds]
		want := phi(math.Log(0.4/cv.Median) / cv.Beta)
		assert.InDelta(t, want, ess1.Curves[ds].P(0.4), 1e-12)
	}
}

// TestCrossingCurves: ESS1's slight curve (β 0.70) falls below its
// moderate one (β 0.55) far above the medians; Exceed takes the larger so
// the states stay ordered.
func TestCrossingCurves(t *testing.T) {
	ess1, _ := fragility.Hazus().Class("ESS1")
	const im = 5.0 // g: ln(5/0.15)/0.70 = 5.01 < ln(5/0.29)/0.55 = 5.18
	s, m := ess1.Curves[1].P(im), ess1.Curves[2].P(im)
	require.Less(t, s, m)
	want := max(s, m, ess1.Curves[3].P(im), ess1.Curves[4].P(im))
	assert.Equal(t, want, ess1.Exceed(im, network.DamageSlight))
	assert.Equal(t, max(m, ess1.Curves[3].P(im), ess1.Curves[4].P(im)), ess1.Exceed(im, network.DamageModerate))
}

func TestBundledClasses(t *testing.T) {
	lib := fragility.Hazus()
	for _, name := range []string{"ESS1", "ESS6", "EDC1", "EDC2", "EPP1", "EPP4", "HWB1", "HWB28", "HWB.GF",
		"HTU1", "HTU.GF", "HRD1", "HRD2", "PWT1", "PWT6", "PPP1", "PPP4", "PWE1", "PST1", "PST7",
		"TEL.CO.A", "TEL.CO.U", "TEL.CT",
		"InfraRisk:W_WP", "InfraRisk:W_WP@low", "InfraRisk:W_WP@high", "InfraRisk:W_P", "InfraRisk:T_L@low"} {
		_, ok := lib.Class(name)
		assert.True(t, ok, name)
	}
	hrd1, _ := lib.Class("HRD1")
	assert.Equal(t, fragility.PGD, hrd1.Measure)
	// 12 inches = 0.3048 m; roads have no complete state.
	assert.InDelta(t, 0.3048, hrd1.Curves[network.DamageSlight].Median, 1e-12)
	assert.False(t, hrd1.Has(network.DamageComplete))
	hi, _ := lib.Class("InfraRisk:W_WP")
	hi2, _ := lib.Class("InfraRisk:W_WP@high")
	assert.Same(t, hi, hi2)
	// Hazus hands out copies.
	require.NoError(t, lib.Add(fragility.Class{Name: "ESS1", Measure: fragility.PGA,
		Curves: [5]fragility.Curve{1: {Median: 9, Beta: 1}}}))
	fresh, _ := fragility.Hazus().Class("ESS1")
	assert.Equal(t, 0.15, fresh.Curves[1].Median)
}

// TestRestoration checks the restoration attached to classes against the
// HAZUS tables (hazus_restoration.csv): a substation from moderate damage
// 3 ± 1.5 days, a treatment plant from complete 95 ± 65 days, a bridge from
// extensive 75 ± 42 days; InfraRisk's pump from moderate 3.1 ± 2.7 days
// (its note); the telecom proxies as substations (complete 30 ± 15 days,
// extensive 7 ± 3.5, slight 1 ± 0.5), by lifeline's assumption.
func TestRestoration(t *testing.T) {
	lib := fragility.Hazus()
	for _, tc := range []struct {
		class    string
		ds       uint8
		mean, sd float64
	}{
		{"ESS1", network.DamageModerate, 3, 1.5},
		{"ESS6", network.DamageComplete, 30, 15},
		{"PWT3", network.DamageComplete, 95, 65},
		{"PPP1", network.DamageSlight, 0.9, 0.3},
		{"PST2", network.DamageExtensive, 93, 85},
		{"HWB5", network.DamageExtensive, 75, 42},
		{"HRD2", network.DamageSlight, 0.9, 0.05},
		{"InfraRisk:W_WP", network.DamageModerate, 3.1, 2.7},
		{"TEL.CO.A", network.DamageComplete, 30, 15},
		{"TEL.CO.U", network.DamageExtensive, 7, 3.5},
		{"TEL.CT", network.DamageSlight, 1, 0.5},
	} {
		mean, sigma, ok := lib.Restoration(tc.class, tc.ds)
		require.True(t, ok, tc.class)
		assert.Equal(t, sim.Time(math.Round(tc.mean*float64(sim.Day))), mean, tc.class)
		assert.Equal(t, sim.Time(math.Round(tc.sd*float64(sim.Day))), sigma, tc.class)
	}
	_, _, ok := lib.Restoration("ESS1", network.DamageNone)
	assert.False(t, ok)
	_, _, ok = lib.Restoration("nope", network.DamageSlight)
	assert.False(t, ok)
}

// TestRestorationQuantile checks the truncated-normal inverse CDF against
// its definition: F(t) = (Φ((t−μ)/σ) − Φ(−μ/σ)) / (1 − Φ(−μ/σ)) = u.
func TestRestorationQuantile(t *testing.T) {
	r := fragility.Restoration{Mean: 3 * sim.Day, Sigma: 2 * sim.Day}
	mu, sd := 3.0, 2.0
	lo := phi(-mu / sd)
	prev := sim.Time(-1)
	for _, u := range []float64{0, 0.01, 0.1, 0.5, 0.9, 0.999} {
		q := r.Quantile(u)
		require.GreaterOrEqual(t, q, sim.Time(0))
		require.Greater(t, q, prev)
		prev = q
		x := float64(q) / float64(sim.Day)
		got := (phi((x-mu)/sd) - lo) / (1 - lo)
		assert.InDelta(t, u, got, 1e-9)
	}
	assert.Equal(t, 5*sim.Hour, fragility.Restoration{Mean: 5 * sim.Hour}.Quantile(0.7))
	s := sim.NewStream(1, 2, 3)
	d, ok := fragility.Hazus().RepairTime("ESS1", network.DamageComplete, &s)
	require.True(t, ok)
	assert.Greater(t, d, sim.Time(0))
}

func TestFactors(t *testing.T) {
	ess1, _ := fragility.Hazus().Class("ESS1")
	assert.Equal(t, 1.0, ess1.Factor(network.DamageNone))
	assert.Equal(t, 1.0, ess1.Factor(network.DamageSlight))
	assert.Equal(t, 0.5, ess1.Factor(network.DamageModerate))
	assert.Equal(t, 0.0, ess1.Factor(network.DamageComplete))
	lib, err := fragility.ReadCSV(strings.NewReader("class_id,imt,imt_unit,damage_state,median,beta,factor,restore_mean_days,restore_sigma_days\n"+
		"CO,PGA,g,slight,0.1,0.5,0.9,1,0.5\nCO,PGA,g,complete,0.8,0.5,0,10,0\n"), "co.csv")
	require.NoError(t, err)
	co, _ := lib.Class("CO")
	assert.Equal(t, 0.9, co.Factor(network.DamageSlight))
	assert.Equal(t, 0.5, co.Factor(network.DamageModerate)) // default kept
	mean, sigma, ok := lib.Restoration("CO", network.DamageComplete)
	require.True(t, ok)
	assert.Equal(t, 10*sim.Day, mean)
	assert.Equal(t, sim.Time(0), sigma)
}

func TestValidate(t *testing.T) {
	good := fragility.Class{Name: "X", Measure: fragility.PGA, Curves: [5]fragility.Curve{1: {0.1, 0.5}, 2: {0.2, 0.5}}}
	require.NoError(t, good.Validate())
	for name, mod := range map[string]func(c *fragility.Class){
		"no name":       func(c *fragility.Class) { c.Name = "" },
		"no measure":    func(c *fragility.Class) { c.Measure = 0 },
		"no curve":      func(c *fragility.Class) { c.Curves = [5]fragility.Curve{} },
		"state none":    func(c *fragility.Class) { c.Curves[0] = fragility.Curve{1, 1} },
		"decreasing":    func(c *fragility.Class) { c.Curves[3] = fragility.Curve{0.05, 0.5} },
		"zero beta":     func(c *fragility.Class) { c.Curves[1].Beta = 0 },
		"NaN median":    func(c *fragility.Class) { c.Curves[1].Median = math.NaN() },
		"factor":        func(c *fragility.Class) { c.Factors = [5]float64{1, 2, 0, 0, 0} },
		"none factor":   func(c *fragility.Class) { c.Factors = [5]float64{0.5, 1, 0, 0, 0} },
		"negative time": func(c *fragility.Class) { c.Restore[2].Mean = -1 },
	} {
		c := good
		mod(&c)
		err := c.Validate()
		assert.ErrorIs(t, err, fragility.ErrInvalid, name)
		assert.Error(t, fragility.NewLibrary().Add(c), name)
	}
}

func TestReadCSVErrors(t *testing.T) {
	head := "class_id,imt,imt_unit,damage_state,median,beta\n"
	for _, tc := range []struct {
		name, in  string
		line, col int
		field     string
		sentinel  error
	}{
		{"empty", "", 1, 0, "", network.ErrSyntax},
		{"missing column", "class_id,imt\n", 1, 0, "imt_unit", network.ErrSyntax},
		{"bad number", head + "A,PGA,g,slight,x,0.5\n", 2, 16, "median", network.ErrSyntax},
		{"NaN", head + "A,PGA,g,slight,NaN,0.5\n", 2, 16, "median", network.ErrNotFinite},
		{"bad state", head + "A,PGA,g,broken,0.1,0.5\n", 2, 9, "damage_state", fragility.ErrInvalid},
		{"bad measure", head + "A,MMI,g,slight,0.1,0.5\n", 2, 3, "imt", network.ErrInvalid},
		{"bad unit", head + "A,PGA,m/s,slight,0.1,0.5\n", 2, 3, "imt", network.ErrInvalid},
		{"order", head + "A,PGA,g,moderate,0.1,0.5\nA,PGA,g,slight,0.1,0.5\n", 3, 9, "damage_state", network.ErrInvalid},
		{"mixed", head + "A,PGA,g,slight,0.1,0.5\nA,PGV,m/s,moderate,0.1,0.5\n", 3, 3, "imt", network.ErrInvalid},
		{"decreasing", head + "A,PGA,g,slight,0.3,0.5\nA,PGA,g,moderate,0.1,0.5\n", 3, 18, "median", network.ErrInvalid},
		{"zero median", head + "A,PGA,g,slight,0,0.5\n", 2, 16, "median", fragility.ErrInvalid},
		{"no id", head + ",PGA,g,slight,0.1,0.5\n", 2, 1, "class_id", network.ErrEmptyID},
		{"quote", head + "\"A,PGA,g,slight,0.1,0.5\n", 2, 0, "", network.ErrSyntax},
		{"fields", head + "A,PGA,g,slight,0.1\n", 2, 0, "", network.ErrSyntax},
	} {
		_, err := fragility.ReadCSV(strings.NewReader(tc.in), "f.csv")
		var pe *network.ParseError
		require.ErrorAs(t, err, &pe, tc.name)
		assert.ErrorIs(t, err, tc.sentinel, tc.name)
		assert.Equal(t, "f.csv", pe.File, tc.name)
		assert.Equal(t, tc.line, pe.Line, tc.name)
		if tc.col > 0 {
			assert.Equal(t, tc.col, pe.Col, tc.name)
		}
		assert.Equal(t, tc.field, pe.Field, tc.name)
	}
	var big strings.Builder
	big.WriteString(head)
	for big.Len() <= fragility.MaxBytes {
		big.WriteString("# a comment line, skipped by the reader but counted against the cap\n")
	}
	_, err := fragility.ReadCSV(strings.NewReader(big.String()), "big.csv")
	assert.ErrorIs(t, err, network.ErrTooLarge)
}

func FuzzReadCSV(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.csv")
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("class_id,imt,imt_unit,damage_state,median,beta\nA,PGA,g,slight,0.1,0.5\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		lib, err := fragility.ReadCSV(bytes.NewReader(b), "fuzz.csv")
		if err != nil {
			var pe *network.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("not a ParseError: %v", err)
			}
			return
		}
		for c := range lib.Classes() {
			if err := c.Validate(); err != nil {
				t.Fatalf("accepted an invalid class: %v", err)
			}
			for ds := uint8(0); ds <= 4; ds++ {
				if p := c.Exceed(0.3, ds); !(p >= 0 && p <= 1) {
					t.Fatalf("P = %v", p)
				}
			}
		}
	})
}

// TestSharedBundledCopies checks that the embedded tables are unchanged
// copies of the shared reference data.
func TestSharedBundledCopies(t *testing.T) {
	for _, f := range []string{"hazus_lifeline_fragility.csv", "hazus_restoration.csv"} {
		want, err := os.ReadFile(testenv.SharedFile(t, "fragility/"+f))
		require.NoError(t, err)
		got, err := os.ReadFile(filepath.Join("data", f))
		require.NoError(t, err)
		assert.True(t, bytes.Equal(want, got), "%s differs from the shared copy", f)
	}
}

// TestSynthCityClasses checks that every fragility class a synthetic city
// names is in the bundled library, and that an unknown one is an error.
func TestSynthCityClasses(t *testing.T) {
	n, err := synth.City(synth.CityParams{Seed: 3})
	require.NoError(t, err)
	lib := fragility.Hazus()
	named := 0
	for i := range n.Components() {
		c, err := lib.Component(n, i)
		require.NoError(t, err)
		if c != nil {
			named++
			assert.Equal(t, n.Fragility(i) == c.Name || strings.HasPrefix(c.Name, n.Fragility(i)+"@"), true, n.Fragility(i))
		}
	}
	assert.Positive(t, named)
	for l := range n.Links() {
		_, err := lib.Link(n, l)
		require.NoError(t, err)
	}
	substation := int32(-1)
	for i := range n.Components() {
		if n.ComponentKind(i) == network.KindSubstation {
			substation = i
			break
		}
	}
	require.GreaterOrEqual(t, substation, int32(0))
	_, err = fragility.NewLibrary().Component(n, substation)
	assert.ErrorIs(t, err, fragility.ErrUnknownClass)
}

// TestWaterClassesCrossCheck compares the water facility classes
// transcribed from CIGRA with InfraRisk's pump and tank rows of the shared
// table, an independent source: InfraRisk's pump curves are Hazus's
// medium treatment plants (high variant = PWT3 anchored, low = PWT4
// unanchored) and its tank curves Hazus's above-ground steel (PST5) and
// wood (PST6) tanks, state for state.
func TestWaterClassesCrossCheck(t *testing.T) {
	lib := fragility.Hazus()
	for _, tc := range []struct{ infraRisk, hazus string }{
		{"InfraRisk:W_WP@high", "PWT3"}, {"InfraRisk:W_WP@low", "PWT4"},
		{"InfraRisk:W_T@high", "PST5"}, {"InfraRisk:W_T@low", "PST6"},
	} {
		a, ok := lib.Class(tc.infraRisk)
		require.True(t, ok)
		b, ok := lib.Class(tc.hazus)
		require.True(t, ok)
		for ds := uint8(1); ds <= 4; ds++ {
			if a.Has(ds) {
				assert.Equal(t, b.Curves[ds], a.Curves[ds], "%s vs %s, %s", tc.infraRisk, tc.hazus, fragility.StateName(ds))
			}
		}
	}
}

// TestTelecomProxies checks the telecom proxy classes at points computed
// by hand from the published Hazus v5.1 parameters they borrow
// (DamageAndLossModelLibrary power_network fragility.csv): ESS1 (slight
// 0.15 g, β 0.70; complete 0.90 g, β 0.45) for the anchored central office
// and the cell site, ESS2 (extensive 0.34 g, β 0.40) for the unanchored
// central office. Every one is marked an assumption in its source; their
// restoration (the Hazus substation functions) is checked in
// TestRestoration.
func TestTelecomProxies(t *testing.T) {
	lib := fragility.Hazus()
	get := func(name string) *fragility.Class {
		c, ok := lib.Class(name)
		require.True(t, ok, name)
		assert.Equal(t, fragility.PGA, c.Measure, name)
		assert.Contains(t, c.Source, "ASSUMPTION", name)
		return c
	}
	coA, coU, ct := get("TEL.CO.A"), get("TEL.CO.U"), get("TEL.CT")
	// At the slight median: ½. At 0.29 g: Φ(ln(0.29/0.15)/0.70) = Φ(0.9418) = 0.8268.
	assert.InDelta(t, 0.5, coA.Exceed(0.15, network.DamageSlight), 1e-12)
	assert.InDelta(t, 0.8268, coA.Exceed(0.29, network.DamageSlight), 1e-4)
	// Unanchored at 0.5 g: Φ(ln(0.5/0.34)/0.40) = Φ(0.9642) = 0.8325.
	assert.InDelta(t, 0.8325, coU.Exceed(0.5, network.DamageExtensive), 1e-4)
	assert.InDelta(t, phi(math.Log(0.5/0.34)/0.40), coU.Curves[network.DamageExtensive].P(0.5), 1e-12)
	// The cell site's complete state at its median, 0.90 g.
	assert.InDelta(t, 0.5, ct.Exceed(0.9, network.DamageComplete), 1e-12)
	// At 0.3 g the anchored office is less likely damaged than the
	// unanchored one in every state.
	for ds := uint8(1); ds <= 4; ds++ {
		assert.Less(t, coA.Exceed(0.3, ds), coU.Exceed(0.3, ds), fragility.StateName(ds))
	}
}

// TestTelecomProxiesCrossCheck checks the transcription: each proxy's
// curves equal those of the Hazus class it names, state for state.
func TestTelecomProxiesCrossCheck(t *testing.T) {
	lib := fragility.Hazus()
	for _, tc := range []struct{ proxy, hazus string }{
		{"TEL.CO.A", "ESS1"}, {"TEL.CO.U", "ESS2"}, {"TEL.CT", "ESS1"},
	} {
		a, ok := lib.Class(tc.proxy)
		require.True(t, ok)
		b, ok := lib.Class(tc.hazus)
		require.True(t, ok)
		assert.Equal(t, b.Curves, a.Curves, "%s vs %s", tc.proxy, tc.hazus)
		assert.Equal(t, b.Restore, a.Restore, "%s vs %s", tc.proxy, tc.hazus)
		assert.Contains(t, a.Description, "proxy: Hazus "+tc.hazus)
	}
}
