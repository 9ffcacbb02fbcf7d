package flood

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/hazard/internal/parse"
	"github.com/lifeline-sim/lifeline/internal/parsetest"
	"github.com/lifeline-sim/lifeline/network"
)

const hazusHead = "name,kind,ft00,ft01,ft02,ft03,ft04,ft05,ft06,ft07,ft08,ft09,ft10\n"

func TestParseHazus(t *testing.T) {
	d, err := parseHazus(&parse.File{Name: "t.csv", Data: []byte(hazusHead + "A,pump,0,1,2,5,15,30,40,40,40,40,40\nB,,0,0,0,0,40,40,40,40,40,40,40\n")})
	require.NoError(t, err)
	a := d.byName["A"]
	require.Len(t, a.Points, 11)
	assert.Equal(t, CurvePoint{Depth: 4 * 0.3048, P: 0.15}, a.Points[4], "4 ft, 15 %")
	assert.Equal(t, a, d.byKind[network.KindPump])
	assert.Len(t, d.byKind, 1)
	parsetest.Run(t, "t.csv", func(data string) error {
		_, err := parseHazus(&parse.File{Name: "t.csv", Data: []byte(hazusHead + data)})
		return err
	}, []parsetest.Case{
		{"percent", "A,,0,1,2,5,15,30,40,40,40,40,140\n", 2, 30, "ft10", network.ErrInvalid},
		{"decreasing", "A,,0,1,2,5,15,30,40,40,40,40,30\n", 2, 30, "ft10", network.ErrInvalid},
		{"number", "A,,0,x,2,5,15,30,40,40,40,40,40\n", 2, 6, "ft01", network.ErrSyntax},
		{"name", " ,,0,1,2,5,15,30,40,40,40,40,40\n", 2, 1, "name", network.ErrInvalid},
		{"twice", "A,,0,1,2,5,15,30,40,40,40,40,40\nA,,0,1,2,5,15,30,40,40,40,40,40\n", 3, 1, "name", network.ErrInvalid},
		{"kind twice", "A,pump,0,0,0,0,0,0,0,0,0,0,0\nB,pump,0,0,0,0,0,0,0,0,0,0,0\n", 3, 3, "kind", network.ErrInvalid},
		{"short", "A,,0,1\n", 2, 1, "", network.ErrSyntax},
	})
}

// TestDamageDefaults: nil Damage takes the bundled curves of the kinds
// with an equipment height; an empty map none; Validate accepts both.
func TestDamageDefaults(t *testing.T) {
	r := Rules{}
	assert.Equal(t, DefaultDamage(), r.damage(r.equipment()))
	r.Equipment = map[network.Kind]float64{network.KindPump: 0.5}
	assert.Equal(t, map[network.Kind]DamageCurve{network.KindPump: DefaultDamage()[network.KindPump]}, r.damage(r.equipment()))
	r.Damage = map[network.Kind]DamageCurve{}
	assert.Empty(t, r.damage(r.equipment()))
	area := Area{ID: "a", Depth: hand, Polygons: []Polygon{{{{X: 0, Y: 0}, {X: 1, Y: 0}, {X: 1, Y: 1}}}}}
	f := &Flood{Areas: []Area{area}, Rules: Rules{Equipment: map[network.Kind]float64{network.KindTank: 1}}}
	require.NoError(t, f.Validate(), "the default curves of kinds without equipment are left out")
}

func FuzzParseHazus(f *testing.F) {
	b, err := data.ReadFile("data/hazus_utility_depth_damage.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(hazusHead + "A,pump,0,1,2,5,15,30,40,40,40,40,40\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		d, err := parseHazus(&parse.File{Name: "f.csv", Data: in})
		if err != nil {
			parsetest.Require(t, err)
			return
		}
		for name, c := range d.byName {
			if err := c.Validate(); err != nil {
				t.Fatalf("curve %s parsed but invalid: %v", name, err)
			}
		}
	})
}
