package fragility

import (
	"bytes"
	"cmp"
	"embed"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// ErrUnknownClass is wrapped when a component or link names a fragility
// class the library does not have.
var ErrUnknownClass = errors.New("fragility: unknown class")

// Library is a set of fragility classes by name. Lookups are safe for
// concurrent use; Add is not.
type Library struct {
	classes []*Class
	byName  map[string]*Class
}

// NewLibrary returns an empty library for user-defined classes.
func NewLibrary() *Library { return &Library{byName: map[string]*Class{}} }

// Add validates c and adds it, replacing a class of the same name (or
// alias). The library keeps its own copy.
func (l *Library) Add(c Class) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if old, ok := l.byName[c.Name]; ok {
		*old = c
		return nil
	}
	p := &c
	l.classes = append(l.classes, p)
	l.byName[c.Name] = p
	return nil
}

// alias makes name another key of the class named to.
func (l *Library) alias(name, to string) {
	if _, taken := l.byName[name]; !taken {
		l.byName[name] = l.byName[to]
	}
}

// Class returns the class named name (or an alias: the bundled library
// also answers to the source's class_id, such as "EP.S.L.A" for ESS1).
// The class belongs to the library: read it, change it only through Add.
func (l *Library) Class(name string) (*Class, bool) {
	c, ok := l.byName[name]
	return c, ok
}

// Len returns the number of classes (aliases not counted).
func (l *Library) Len() int { return len(l.classes) }

// Classes returns the classes sorted by name.
func (l *Library) Classes() iter.Seq[*Class] {
	s := slices.SortedFunc(slices.Values(l.classes), func(a, b *Class) int { return cmp.Compare(a.Name, b.Name) })
	return slices.Values(s)
}

// Names returns every key the library answers to (names and aliases),
// sorted.
func (l *Library) Names() []string { return slices.Sorted(maps.Keys(l.byName)) }

// Restoration returns the restoration function of class from damage state
// ds: ok is false when the class is unknown, ds is not a damage state
// (slight … complete) or the class has no restoration data for it.
func (l *Library) Restoration(class string, ds uint8) (mean, sigma sim.Time, ok bool) {
	c, found := l.byName[class]
	if !found || ds < network.DamageSlight || int(ds) > NumStates || !c.Restore[ds].Known() {
		return 0, 0, false
	}
	return c.Restore[ds].Mean, c.Restore[ds].Sigma, true
}

// RepairTime draws the time to restore a component of class from damage
// state ds with one uniform of s (Restoration.Draw); ok as for
// Restoration (nothing is drawn when it is false).
func (l *Library) RepairTime(class string, ds uint8, s *sim.Stream) (t sim.Time, ok bool) {
	mean, sigma, ok := l.Restoration(class, ds)
	if !ok {
		return 0, false
	}
	return Restoration{Mean: mean, Sigma: sigma}.Draw(s), true
}

// Component returns the class of component i of n (its Fragility field):
// nil without error when the component names none, an error wrapping
// ErrUnknownClass when the library lacks it.
func (l *Library) Component(n *network.Network, i int32) (*Class, error) {
	return l.lookup(n.Fragility(i), "component", n.ComponentID(i))
}

// Link returns the class of link k of n, as Component does.
func (l *Library) Link(n *network.Network, k int32) (*Class, error) {
	return l.lookup(n.LinkFragility(k), "link", n.LinkID(k))
}

func (l *Library) lookup(name, what, id string) (*Class, error) {
	if name == "" {
		return nil, nil
	}
	c, ok := l.byName[name]
	if !ok {
		return nil, fmt.Errorf("%w %q (%s %s)", ErrUnknownClass, name, what, id)
	}
	return c, nil
}

// clone returns a deep copy of l.
func (l *Library) clone() *Library {
	out := &Library{byName: make(map[string]*Class, len(l.byName))}
	copies := make(map[*Class]*Class, len(l.classes))
	for _, c := range l.classes {
		d := *c
		copies[c] = &d
		out.classes = append(out.classes, &d)
	}
	for k, c := range l.byName {
		out.byName[k] = copies[c]
	}
	return out
}

//go:embed data/*.csv
var data embed.FS

// bundled parses the embedded tables once; the result is never modified
// (Hazus hands out copies).
var bundled = sync.OnceValues(func() (*Library, error) {
	lib := NewLibrary()
	groups := map[string][NumStates + 1]Restoration{}
	for _, f := range []string{"hazus_restoration.csv", "hazus_restoration_transport.csv"} {
		b, err := data.ReadFile("data/" + f)
		if err != nil {
			return nil, err
		}
		if err := readRestoration(bytes.NewReader(b), f, groups); err != nil {
			return nil, err
		}
	}
	for _, f := range []string{"hazus_lifeline_fragility.csv", "hazus_water_facility_fragility.csv", "telecom_proxy_fragility.csv"} {
		b, err := data.ReadFile("data/" + f)
		if err != nil {
			return nil, err
		}
		if err := lib.read(bytes.NewReader(b), f, groups); err != nil {
			return nil, err
		}
	}
	return lib, nil
})

// Hazus returns the bundled library (a fresh copy: adding to it changes no
// other caller's): the Hazus lifeline classes of the shared reference
// table (electric power ESS1–ESS6, EDC1–EDC2, EPP1–EPP4; highway bridges
// HWB1–HWB28 against SA(1.0) and HWB.GF against PGD; tunnels HTU1–HTU2 and
// HTU.GF; roads HRD1–HRD2 against PGD), the potable-water facilities
// (treatment plants PWT1–PWT6, pumping plants PPP1–PPP4, wells PWE1, tanks
// PST1–PST7), InfraRisk's Shelby County classes and lifeline's telecom
// proxy classes TEL.CO.A, TEL.CO.U and TEL.CT (an assumption, not published
// curves: see the package documentation), with restoration functions by
// class family. It panics
// only if the embedded data is corrupt, which its tests rule out.
func Hazus() *Library {
	lib, err := bundled()
	if err != nil {
		panic("fragility: bundled data: " + err.Error())
	}
	return lib.clone()
}

// restorationGroup names the row group of the restoration tables that a
// Hazus class belongs to, by its prefix; "" for none. The telecom proxy
// classes (TEL.) restore like the substations whose curves they borrow:
// lifeline's assumption, as their curves are.
func restorationGroup(class string) string {
	for _, g := range [...]struct{ prefix, group string }{
		{"ESS", "substation"}, {"EDC", "distribution_circuit"}, {"EPP", "generation_facility"},
		{"PWT", "water_treatment_plant"}, {"PPP", "water_pumping_plant"}, {"PWE", "well"},
		{"PST", "water_tank"}, {"HRD", "roadway"}, {"HWB", "bridge"}, {"HTU", "tunnel"},
		{"TEL.", "substation"},
	} {
		if strings.HasPrefix(class, g.prefix) {
			return g.group
		}
	}
	return ""
}
