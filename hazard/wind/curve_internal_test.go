package wind

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/hazard/internal/parse"
	"github.com/lifeline-sim/lifeline/internal/parsetest"
	"github.com/lifeline-sim/lifeline/network"
)

// TestSpanCapacity: a link of k structures with draw u fails exactly when
// u < 1 − (1 − P)^k; k = ⌈length/span⌉, at least 1.
func TestSpanCapacity(t *testing.T) {
	c := Curve{Form: Exponential, A: 1e-4, B: 0.0421, Unit: MPH, Span: 50}
	assert.Equal(t, 1, c.structures(0))
	assert.Equal(t, 1, c.structures(50))
	assert.Equal(t, 2, c.structures(50.5))
	assert.Equal(t, 20, c.structures(1000))
	assert.Equal(t, 1, Curve{}.structures(1000), "no span: the whole link")
	for _, k := range []int{1, 3, 20} {
		for _, u := range []float64{0.001, 0.2, 0.5, 0.9} {
			g := c.capacity(u, k)
			pk := 1 - math.Pow(1-c.P(g), float64(k))
			assert.InDelta(t, u, pk, 1e-9, "k %d u %v", k, u)
		}
	}
	// More poles, weaker line.
	assert.Less(t, c.capacity(0.3, 20), c.capacity(0.3, 1))
	p := Curve{Form: Power, A: 8e-12, B: 5.1731, Unit: MPH}
	for _, u := range []float64{0.01, 0.5, 0.99} {
		assert.InDelta(t, u, p.P(p.capacity(u, 1)), 1e-12)
	}
}

func TestParseCurves(t *testing.T) {
	head := "class,kind,form,param1,param2,speed_unit,span_m,state\n"
	ok := head + "A,line,exponential,1e-4,0.0421,mph,50,complete\nB,,lognormal,40,0.2,m/s,,moderate\n"
	d, err := parseCurves(&parse.File{Name: "t.csv", Data: []byte(ok)})
	require.NoError(t, err)
	assert.Equal(t, Curve{Form: Lognormal, Unit: 1, State: network.DamageModerate}, Curve{Form: d.classes["B"].Form, Unit: d.classes["B"].Unit, State: d.classes["B"].State})
	assert.Equal(t, 40.0, d.classes["B"].Median)
	assert.Equal(t, d.classes["A"], d.kinds[network.KindLine])
	parsetest.Run(t, "t.csv", func(data string) error {
		_, err := parseCurves(&parse.File{Name: "t.csv", Data: []byte(head + data)})
		return err
	}, []parsetest.Case{
		{"form", "A,,cubic,1,1,mph,,complete\n", 2, 4, "form", network.ErrInvalid},
		{"unit", "A,,power,1,1,knots,,complete\n", 2, 14, "speed_unit", network.ErrInvalid},
		{"number", "A,,power,x,1,mph,,complete\n", 2, 10, "param1", network.ErrSyntax},
		{"state", "A,,power,1,1,mph,,broken\n", 2, 19, "state", network.ErrInvalid},
		{"exp A", "A,,exponential,2,1,mph,,complete\n", 2, 1, "class", network.ErrInvalid},
		{"twice", "A,,power,1,1,mph,,complete\nA,,power,1,1,mph,,complete\n", 3, 1, "class", network.ErrInvalid},
		{"kind twice", "A,line,power,1,1,mph,,complete\nB,line,power,1,1,mph,,complete\n", 3, 3, "kind", network.ErrInvalid},
		{"empty class", ",,power,1,1,mph,,complete\n", 2, 1, "class", network.ErrInvalid},
	})
}

func FuzzParseCurves(f *testing.F) {
	b, err := data.ReadFile("data/wind_fragility.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte("class,kind,form,param1,param2,speed_unit,span_m,state\nA,,power,1e-9,4,mph,,complete\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		d, err := parseCurves(&parse.File{Name: "f.csv", Data: in})
		if err != nil {
			parsetest.Require(t, err)
			return
		}
		for name, c := range d.classes {
			if err := c.validate(); err != nil {
				t.Fatalf("class %s parsed but invalid: %v", name, err)
			}
		}
	})
}
