package fragility

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// MaxBytes caps the size of a fragility or restoration table ReadCSV
// accepts; a larger input is an error wrapping network.ErrTooLarge.
const MaxBytes = 16 << 20

// ReadCSV reads user-defined classes from a table in the layout of the
// bundled hazus_lifeline_fragility.csv: a header row, then one row per
// class and damage state. Required columns: class_id, imt, imt_unit,
// damage_state, median, beta. Optional: hazus_class (the class's name when
// set, with class_id as an alias; otherwise the name is class_id),
// variant (rows with a variant V form the class "class_id@V"; the
// variant "high" also answers to the bare class_id), description,
// source_repo, source_path, source_commit, source_basis, notes, and per
// state factor (capacity factor after the state, [0, 1]),
// restore_mean_days and restore_sigma_days (restoration, ≥ 0). Other
// columns are ignored. Units: imt_unit g (PGA, SA), m/s, cm/s, cmps or
// in/s (PGV), m, cm or a unit starting with "inch" (PGD); medians are
// converted to the measure's canonical unit. A class's rows list its
// states in increasing order (gaps allowed: Hazus roads stop at extensive). Every problem is a
// *network.ParseError naming file, line, column and field. The input is
// capped at MaxBytes.
func ReadCSV(r io.Reader, file string) (*Library, error) {
	lib := NewLibrary()
	if err := lib.read(r, file, nil); err != nil {
		return nil, err
	}
	return lib, nil
}

// table is a CSV reader that places every error.
type table struct {
	file string
	cr   *csv.Reader
	col  map[string]int
	rec  []string
	lr   *io.LimitedReader
}

func newTable(r io.Reader, file string, required ...string) (*table, error) {
	lr := &io.LimitedReader{R: r, N: MaxBytes + 1}
	t := &table{file: file, lr: lr, cr: csv.NewReader(lr), col: map[string]int{}}
	t.cr.ReuseRecord = true
	head, err := t.cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &network.ParseError{File: file, Line: 1, Err: fmt.Errorf("%w: empty table (want a header row)", network.ErrSyntax)}
		}
		return nil, t.csvErr(err)
	}
	for i, h := range head {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, dup := t.col[h]; dup {
			line, col := t.cr.FieldPos(i)
			return nil, &network.ParseError{File: file, Line: line, Col: col, Field: h, Err: fmt.Errorf("%w: duplicate column", network.ErrInvalid)}
		}
		t.col[h] = i
	}
	for _, c := range required {
		if _, ok := t.col[c]; !ok {
			return nil, &network.ParseError{File: file, Line: 1, Field: c, Err: fmt.Errorf("%w: missing column", network.ErrSyntax)}
		}
	}
	return t, nil
}

// next reads the next record; false at the end (err nil) or on an error.
func (t *table) next() (bool, error) {
	rec, err := t.cr.Read()
	if t.lr.N <= 0 {
		return false, &network.ParseError{File: t.file, Err: fmt.Errorf("%w: over %d bytes", network.ErrTooLarge, MaxBytes)}
	}
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	if err != nil {
		return false, t.csvErr(err)
	}
	t.rec = rec
	return true, nil
}

func (t *table) csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &network.ParseError{File: t.file, Line: pe.Line, Col: pe.Column, Err: fmt.Errorf("%w: %v", network.ErrSyntax, pe.Err)}
	}
	return &network.ParseError{File: t.file, Err: err}
}

// str returns the trimmed cell of column c ("" when the column is absent).
func (t *table) str(c string) string {
	i, ok := t.col[c]
	if !ok {
		return ""
	}
	return strings.TrimSpace(t.rec[i])
}

// errAt places err at column c of the current record.
func (t *table) errAt(c string, err error) error {
	i, ok := t.col[c]
	line, col := 0, 0
	if ok {
		line, col = t.cr.FieldPos(i)
	} else {
		line, _ = t.cr.FieldPos(0)
	}
	return &network.ParseError{File: t.file, Line: line, Col: col, Field: c, Err: err}
}

// num reads column c as a finite number.
func (t *table) num(c string) (float64, error) {
	s := t.str(c)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, t.errAt(c, fmt.Errorf("%w: %q is not a number", network.ErrSyntax, excerpt(s)))
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, t.errAt(c, network.ErrNotFinite)
	}
	return v, nil
}

func excerpt(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
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
		return 0, 0, fmt.Errorf("%w: intensity measure %q (want PGA, PGV, PGD, SA(1.0) or RR)", network.ErrInvalid, excerpt(imt))
	}
	return 0, 0, fmt.Errorf("%w: unit %q for %s", network.ErrInvalid, excerpt(unit), excerpt(imt))
}

// days converts a number of days to sim.Time.
func days(d float64) sim.Time { return sim.Time(math.Round(d * float64(sim.Day))) }

// readDays reads a non-negative number of days of at most ten years from
// column c.
func (t *table) readDays(c string) (sim.Time, error) {
	v, err := t.num(c)
	if err != nil {
		return 0, err
	}
	if v < 0 || v > 3660 {
		return 0, t.errAt(c, fmt.Errorf("%w: %v days (want 0 to 3660)", network.ErrOutOfRange, v))
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
	t, err := newTable(r, file, "class_id", "imt", "imt_unit", "damage_state", "median", "beta")
	if err != nil {
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
	for {
		ok, err := t.next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		id := t.str("class_id")
		if id == "" {
			return t.errAt("class_id", network.ErrEmptyID)
		}
		name, aliases := id, []string(nil)
		if h := t.str("hazus_class"); h != "" {
			name, aliases = h, []string{id}
		}
		if v := t.str("variant"); v != "" {
			name = id + "@" + v
			if v == "high" {
				aliases = []string{id}
			}
		}
		m, scale, err := measureOf(t.str("imt"), t.str("imt_unit"))
		if err != nil {
			return t.errAt("imt", err)
		}
		ds, err := ParseState(t.str("damage_state"))
		if err != nil {
			return t.errAt("damage_state", err)
		}
		median, err := t.num("median")
		if err != nil {
			return err
		}
		beta, err := t.num("beta")
		if err != nil {
			return err
		}
		p := classes[name]
		if p == nil {
			p = &pending{c: Class{Name: name, Description: t.str("description"), Measure: m}, aliases: aliases}
			src := strings.Trim(strings.Join([]string{t.str("source_repo"), t.str("source_commit"), t.str("source_path"), t.str("source_basis")}, " "), " ")
			p.c.Source = src
			classes[name] = p
			order = append(order, name)
		}
		if m != p.c.Measure {
			return t.errAt("imt", fmt.Errorf("%w: class %s mixes %v and %v", network.ErrInvalid, name, p.c.Measure, m))
		}
		if int(ds) <= p.last {
			return t.errAt("damage_state", fmt.Errorf("%w: class %s: %s after %s (want the states in increasing order, each once)", network.ErrInvalid, name, StateName(ds), StateName(uint8(p.last))))
		}
		cv := Curve{Median: median * scale, Beta: beta}
		if err := cv.validate(); err != nil {
			return t.errAt("median", err)
		}
		if p.last > 0 && cv.Median < p.c.Curves[p.last].Median {
			return t.errAt("median", fmt.Errorf("%w: class %s: median below the previous state's", network.ErrInvalid, name))
		}
		p.c.Curves[ds], p.last = cv, int(ds)
		if rec, ok := infraRiskRecovery(t.str("notes")); ok {
			p.c.Restore[ds] = rec
		}
		if t.str("restore_mean_days") != "" || t.str("restore_sigma_days") != "" {
			mean, err := t.readDays("restore_mean_days")
			if err != nil {
				return err
			}
			sigma, err := t.readDays("restore_sigma_days")
			if err != nil {
				return err
			}
			p.c.Restore[ds] = Restoration{Mean: mean, Sigma: sigma}
		}
		if t.str("factor") != "" {
			f, err := t.num("factor")
			if err != nil {
				return err
			}
			if !(f >= 0 && f <= 1) {
				return t.errAt("factor", fmt.Errorf("%w: factor %v outside [0, 1]", network.ErrOutOfRange, f))
			}
			if !p.factors {
				p.factors = true
				for k := range p.c.Factors {
					p.c.Factors[k] = DefaultFactor(uint8(k))
				}
			}
			p.c.Factors[ds] = f
		}
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
	t, err := newTable(r, file, "component", "damage_state", "mean_days", "sigma_days", "distribution")
	if err != nil {
		return err
	}
	for {
		ok, err := t.next()
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		g := t.str("component")
		if g == "" {
			return t.errAt("component", network.ErrEmptyID)
		}
		ds, err := ParseState(t.str("damage_state"))
		if err != nil {
			return t.errAt("damage_state", err)
		}
		if d := t.str("distribution"); d != "normal" {
			return t.errAt("distribution", fmt.Errorf("%w: distribution %q (want normal)", network.ErrInvalid, excerpt(d)))
		}
		mean, err := t.readDays("mean_days")
		if err != nil {
			return err
		}
		sigma, err := t.readDays("sigma_days")
		if err != nil {
			return err
		}
		rs := groups[g]
		rs[ds] = Restoration{Mean: mean, Sigma: sigma}
		groups[g] = rs
	}
}
