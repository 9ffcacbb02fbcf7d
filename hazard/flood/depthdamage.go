package flood

import (
	"embed"
	"fmt"
	"maps"
	"strings"

	"github.com/lifeline-sim/lifeline/hazard/internal/parse"
	"github.com/lifeline-sim/lifeline/network"
)

// Foot is one international foot in metres: Hazus gives depths in feet.
const Foot = 0.3048

//go:embed data/hazus_utility_depth_damage.csv
var data embed.FS

// bundledCurves parses the embedded curves once; the result is never
// modified (the functions below hand out copies).
var bundledCurves = parse.Embedded("flood", data, "data/hazus_utility_depth_damage.csv", parseHazus)

type hazusCurves struct {
	byName map[string]DamageCurve
	byKind map[network.Kind]DamageCurve
}

// HazusDamage returns the bundled Hazus utility depth–damage curves by name
// (a fresh map; see the package documentation): "ESS" (electric
// substations), "PPP-above" and "PPP-below" (potable water pumping plants
// above and below grade), "PWT-open" and "PWT-closed" (treatment plants,
// gravity or open, closed or pressure), "PWE" (wells) and "WWT"
// (wastewater treatment plants). Each point is Hazus's percent damage at a
// whole number of feet above grade, 0 to 10 ft, as a fraction at that
// depth in metres; the curves share the Points slices of the bundled copy,
// which nothing modifies.
func HazusDamage() map[string]DamageCurve { return maps.Clone(bundledCurves().byName) }

// DefaultDamage returns the depth–damage curves Rules uses when its Damage
// is nil (a fresh map): Hazus's "ESS" for substations and "PPP-above" for
// pumps. Central offices have none (Hazus's flood model has no
// communication facility function in its utility table): they recover
// when the water recedes.
func DefaultDamage() map[network.Kind]DamageCurve { return maps.Clone(bundledCurves().byKind) }

// parseHazus reads a table of Hazus utility depth–damage functions: one
// row per curve with its name, an optional kind that takes it by default,
// and the percent damage at 0, 1, …, 10 ft above grade (ft00 … ft10),
// besides descriptive and source columns (see data/SOURCE.md).
func parseHazus(f *parse.File) (*hazusCurves, error) {
	feet := make([]string, 11)
	for k := range feet {
		feet[k] = fmt.Sprintf("ft%02d", k)
	}
	t, err := f.Table()
	if err != nil {
		return nil, err
	}
	if err := t.Columns(append([]string{"name", "kind"}, feet...),
		[]string{"hazus_ids", "hazus_occupancy", "description", "source", "source_repo", "source_path", "source_commit", "notes"}); err != nil {
		return nil, err
	}
	out := &hazusCurves{byName: map[string]DamageCurve{}, byKind: map[network.Kind]DamageCurve{}}
	err = t.Each(func() error {
		name := t.Str("name")
		if name == "" || strings.ContainsAny(name, " \t") {
			return t.ErrAt("name", fmt.Errorf("%w: curve name %q", network.ErrInvalid, name))
		}
		if _, dup := out.byName[name]; dup {
			return t.ErrAt("name", fmt.Errorf("%w: curve %q twice", network.ErrInvalid, name))
		}
		var c DamageCurve
		prev := 0.0
		for k, col := range feet {
			pct, err := t.Float(col)
			if err != nil {
				return err
			}
			if !(pct >= 0 && pct <= 100) {
				return t.ErrAt(col, fmt.Errorf("%w: %v %% damage (0 … 100)", network.ErrInvalid, pct))
			}
			if pct < prev {
				return t.ErrAt(col, fmt.Errorf("%w: %v %% damage below the shallower depth's %v %%", network.ErrInvalid, pct, prev))
			}
			prev = pct
			c.Points = append(c.Points, CurvePoint{Depth: float64(k) * Foot, P: pct / 100})
		}
		out.byName[name] = c
		if k := network.Kind(t.Str("kind")); k != "" {
			if _, dup := out.byKind[k]; dup {
				return t.ErrAt("kind", fmt.Errorf("%w: kind %q has two default curves", network.ErrInvalid, k))
			}
			out.byKind[k] = c
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
