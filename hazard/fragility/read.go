package fragility

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/lifeline-sim/lifeline/hazard/internal/parse"
	"github.com/lifeline-sim/lifeline/internal/excerpt"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// MaxBytes caps the size of a fragility or restoration table ReadCSV
// accepts; a larger input is an error wrapping network.ErrTooLarge.
const MaxBytes = 16 << 20

// ReadCSV reads user-defined classes from a table in the layout of the
// bundled hazus_lifeline_fragility.csv: a header row, then one row per
// class and damage state; lines starting with '#' are comments, column
// names match in any case. Required
// columns: class_id, imt, imt_unit, damage_state, median, beta. Optional:
// hazus_class (the class's name when set, with class_id as an alias;
// otherwise the name is class_id), variant (rows with a variant V form the
// class "class_id@V"; the variant "high" also answers to the bare
// class_id), description, source_repo, source_path, source_commit,
// source_basis, notes, and per state factor (capacity factor after the
// state, [0, 1]), restore_mean_days and restore_sigma_days (restoration, ≥
// 0). Other columns are ignored. Units: imt_unit g (PGA, SA), m/s, cm/s,
// cmps or in/s (PGV), m, cm or a unit starting with "inch" (PGD); medians
// are converted to the measure's canonical unit. A class's rows list its
// states in increasing order (gaps allowed: Hazus roads stop at extensive).
// Every problem is a *network.ParseError naming file, line, column and
// field. The input is capped at MaxBytes.
func ReadCSV(r io.Reader, file string) (*Library, error) {
	lib := NewLibrary()
	if err := lib.read(r, file, nil); err != nil {
		return nil, err
	}
	return lib, nil
}

// measureOf reads a measure name and unit, returning the factor that
// converts the unit to the canonical one.
func measureOf(imt, unit string) (Measure, float64, error) {
	name := strings.ToLower(imt)
	u := strings.ToLower(unit)
	switch {
	case name == "pga" || name == "peak ground acceleration":
		if u == "g" {
			return PGA, 1, nil
		}
	case name == "pgv" || name == "peak ground velocity":
		switch u {
		case "m/s":
			return PGV, 1, nil
		case "cm/s", "cmps":
			return PGV, 0.01, nil
		case "in/s":
			return PGV, 0.0254, nil
		}
	case name == "pgd" || name == "permanent ground deformation":
		switch {
		case u == "m":
			return PGD, 1, nil
		case u == "cm":
			return PGD, 0.01, nil
		case strings.HasPrefix(u, "inch"):
			return PGD, 0.0254, nil
		}
	case name == "spectral acceleration|1.0" || name == "sa(1.0)":
		if u == "g" {
			return SA10, 1, nil
		}
	case name == "rr":
		return RepairRate, 1, nil
	default:
		return 0, 0, fmt.Errorf("%w: intensity measure %q (want PGA, PGV, PGD, SA(1.0) or RR)", network.ErrInvalid, excerpt.Of(imt))
	}
	return 0, 0, fmt.Errorf("%w: unit %q for %s", network.ErrInvalid, excerpt.Of(unit), excerpt.Of(imt))
}

// days converts a number of days to sim.Time.
func days(d float64) sim.Time { return sim.Time(math.Round(d * float64(sim.Day))) }

// readDays reads a non-negative number of days of at most ten years from
// column c.
func readDays(t *parse.Table, c string) (sim.Time, error) {
	v, err := t.Float(c)
	if err != nil {
		return 0, err
	}
	if v < 0 || v > 3660 {
		return 0, t.ErrAt(c, fmt.Errorf("%w: %v days (want 0 to 3660)", network.ErrOutOfRange, v))
	}
	return days(v), nil
}

// infraRiskRecovery reads "mean=X sigma=Y" (days) from an InfraRisk note.
func infraRiskRecovery(note string) (Restoration, bool) {
	_, rest, ok := strings.Cut(note, "mean=")
	if !ok {
		return Restoration{}, false
	}
	ms, ss, ok := strings.Cut(rest, " sigma=")
	if !ok {
		return Restoration{}, false
	}
	m, err1 := strconv.ParseFloat(strings.TrimSpace(ms), 64)
	s, err2 := strconv.ParseFloat(strings.TrimSpace(ss), 64)
	if err1 != nil || err2 != nil || !(m >= 0 && m <= 3660) || !(s >= 0 && s <= 3660) {
		return Restoration{}, false
	}
	return Restoration{Mean: days(m), Sigma: days(s)}, true
}

// read adds the classes of a fragility table to l; groups, when set, gives
// restoration functions by class family (restorationGroup).
func (l *Library) read(r io.Reader, file string, groups map[string][NumStates + 1]Restoration) error {
	t, err := parse.NewTable(r, file, MaxBytes)
	if err != nil {
		return err
	}
	if err := t.Require("class_id", "imt", "imt_unit", "damage_state", "median", "beta"); err != nil {
		return err
	}
	type pending struct {
		c       Class
		aliases []string
		factors bool
		last    int
	}
	var order []string
	classes := map[string]*pending{}
	err = t.Each(func() error {
		id := t.Str("class_id")
		if id == "" {
			return t.ErrAt("class_id", network.ErrEmptyID)
		}
		name, aliases := id, []string(nil)
		if h := t.Str("hazus_class"); h != "" {
			name, aliases = h, []string{id}
		}
		if v := t.Str("variant"); v != "" {
			name = id + "@" + v
			if v == "high" {
				aliases = []string{id}
			}
		}
		m, scale, err := measureOf(t.Str("imt"), t.Str("imt_unit"))
		if err != nil {
			return t.ErrAt("imt", err)
		}
		ds, err := ParseState(t.Str("damage_state"))
		if err != nil {
			return t.ErrAt("damage_state", err)
		}
		median, err := t.Float("median")
		if err != nil {
			return err
		}
		beta, err := t.Float("beta")
		if err != nil {
			return err
		}
		p := classes[name]
		if p == nil {
			p = &pending{c: Class{Name: name, Description: t.Str("description"), Measure: m}, aliases: aliases}
			src := strings.Trim(strings.Join([]string{t.Str("source_repo"), t.Str("source_commit"), t.Str("source_path"), t.Str("source_basis")}, " "), " ")
			p.c.Source = src
			classes[name] = p
			order = append(order, name)
		}
		if m != p.c.Measure {
			return t.ErrAt("imt", fmt.Errorf("%w: class %s mixes %v and %v", network.ErrInvalid, name, p.c.Measure, m))
		}
		if int(ds) <= p.last {
			return t.ErrAt("damage_state", fmt.Errorf("%w: class %s: %s after %s (want the states in increasing order, each once)", network.ErrInvalid, name, StateName(ds), StateName(uint8(p.last))))
		}
		cv := Curve{Median: median * scale, Beta: beta}
		if err := cv.validate(); err != nil {
			return t.ErrAt("median", err)
		}
		if p.last > 0 && cv.Median < p.c.Curves[p.last].Median {
			return t.ErrAt("median", fmt.Errorf("%w: class %s: median below the previous state's", network.ErrInvalid, name))
		}
		p.c.Curves[ds], p.last = cv, int(ds)
		if rec, ok := infraRiskRecovery(t.Str("notes")); ok {
			p.c.Restore[ds] = rec
		}
		if t.Str("restore_mean_days") != "" || t.Str("restore_sigma_days") != "" {
			mean, err := readDays(t, "restore_mean_days")
			if err != nil {
				return err
			}
			sigma, err := readDays(t, "restore_sigma_days")
			if err != nil {
				return err
			}
			p.c.Restore[ds] = Restoration{Mean: mean, Sigma: sigma}
		}
		if t.Str("factor") != "" {
			f, err := t.Float("factor")
			if err != nil {
				return err
			}
			if !(f >= 0 && f <= 1) {
				return t.ErrAt("factor", fmt.Errorf("%w: factor %v outside [0, 1]", network.ErrOutOfRange, f))
			}
			if !p.factors {
				p.factors = true
				for k := range p.c.Factors {
					p.c.Factors[k] = DefaultFactor(uint8(k))
				}
			}
			p.c.Factors[ds] = f
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, name := range order {
		p := classes[name]
		if g, ok := groups[restorationGroup(name)]; ok {
			for ds := 1; ds <= NumStates; ds++ {
				if !p.c.Restore[ds].Known() {
					p.c.Restore[ds] = g[ds]
				}
			}
		}
		if err := l.Add(p.c); err != nil {
			return &network.ParseError{File: file, Field: name, Err: err}
		}
		for _, a := range p.aliases {
			l.alias(a, name)
		}
	}
	return nil
}

// readRestoration reads a table in the layout of hazus_restoration.csv
// (component, damage_state, mean_days, sigma_days, distribution = normal)
// into groups.
func readRestoration(r io.Reader, file string, groups map[string][NumStates + 1]Restoration) error {
	t, err := parse.NewTable(r, file, MaxBytes)
	if err != nil {
		return err
	}
	if err := t.Require("component", "damage_state", "mean_days", "sigma_days", "distribution"); err != nil {
		return err
	}
	err = t.Each(func() error {
		g := t.Str("component")
		if g == "" {
			return t.ErrAt("component", network.ErrEmptyID)
		}
		ds, err := ParseState(t.Str("damage_state"))
		if err != nil {
			return t.ErrAt("damage_state", err)
		}
		if d := t.Str("distribution"); d != "normal" {
			return t.ErrAt("distribution", fmt.Errorf("%w: distribution %q (want normal)", network.ErrInvalid, excerpt.Of(d)))
		}
		mean, err := readDays(t, "mean_days")
		if err != nil {
			return err
		}
		sigma, err := readDays(t, "sigma_days")
		if err != nil {
			return err
		}
		rs := groups[g]
		rs[ds] = Restoration{Mean: mean, Sigma: sigma}
		groups[g] = rs
		return nil
	})
	return err
}
