package format

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// This file holds what the native formats (JSON, GeoJSON, CSV) share: the
// format version, the record structs that mirror network.Component,
// network.Link and network.Requirement with enums and durations as text, the conversions both ways,
// and the duration and number syntax. assemble.go turns records into a
// network.Network as a reader streams them.

// NativeVersion is the version the native writers put in every file and the
// only version the native readers accept.
const NativeVersion = 1

// versionError explains an unsupported or missing version.
func versionError(what string) error {
	return fmt.Errorf("%w: %s (this build reads version %d)", network.ErrVersion, what, NativeVersion)
}

// checkVersion accepts the supported version numbers.
func checkVersion(v int64) error {
	if v != NativeVersion {
		return versionError(fmt.Sprintf("version %d", v))
	}
	return nil
}

// headerRecord holds the network-level fields.
type headerRecord struct {
	Name  string
	CRS   string
	Attrs map[network.Param]float64
}

// componentRecord is the file form of a Component: field for field, with
// the role as its name. Zero numbers and empty strings are left out.
type componentRecord struct {
	ID         string                    `json:"id"`
	Sector     string                    `json:"sector"`
	Kind       string                    `json:"kind,omitempty"`
	Role       string                    `json:"role"`
	Location   *network.Point            `json:"location,omitempty"`
	Zone       string                    `json:"zone,omitempty"`
	Access     string                    `json:"access,omitempty"`
	Demand     float64                   `json:"demand,omitempty"`
	Population int64                     `json:"population,omitempty"`
	Capacity   float64                   `json:"capacity,omitempty"`
	Storage    float64                   `json:"storage,omitempty"`
	Fragility  string                    `json:"fragility,omitempty"`
	Critical   bool                      `json:"critical,omitempty"`
	Params     map[network.Param]float64 `json:"params,omitempty"`
	Tags       map[string]string         `json:"tags,omitempty"`
}

// linkRecord is the file form of a Link, with the free-flow time as a
// duration string.
type linkRecord struct {
	ID           string                    `json:"id"`
	Kind         string                    `json:"kind,omitempty"`
	From         string                    `json:"from"`
	To           string                    `json:"to"`
	Directed     bool                      `json:"directed,omitempty"`
	Length       float64                   `json:"length,omitempty"`
	Capacity     float64                   `json:"capacity,omitempty"`
	Fragility    string                    `json:"fragility,omitempty"`
	OutOfService bool                      `json:"out_of_service,omitempty"`
	Reactance    float64                   `json:"reactance,omitempty"`
	Rating       float64                   `json:"rating,omitempty"`
	Tap          float64                   `json:"tap,omitempty"`
	Shift        float64                   `json:"shift,omitempty"`
	Diameter     float64                   `json:"diameter,omitempty"`
	FreeFlow     string                    `json:"free_flow,omitempty"`
	Geometry     []network.Point           `json:"geometry,omitempty"`
	Params       map[network.Param]float64 `json:"params,omitempty"`
	Tags         map[string]string         `json:"tags,omitempty"`
}

// requirementRecord is the file form of a Requirement, with enums as names
// and durations as strings.
type requirementRecord struct {
	Dependent string   `json:"dependent"`
	Providers []string `json:"providers"`
	Logic     string   `json:"logic"`
	K         int      `json:"k,omitempty"`
	Lag       string   `json:"lag,omitempty"`
	Buffer    string   `json:"buffer,omitempty"`
	Recharge  float64  `json:"recharge,omitempty"`
	Effect    string   `json:"effect"`
	Factor    float64  `json:"factor,omitempty"`
	Kind      string   `json:"kind"`
}

// headerOf returns the network-level fields of n.
func headerOf(n *network.Network) headerRecord {
	h := headerRecord{Name: n.Name(), CRS: n.CRS().String(), Attrs: map[network.Param]float64{}}
	for k, v := range n.Attrs() {
		h.Attrs[k] = v
	}
	return h
}

// componentRecordOf returns component i of n in file form.
func componentRecordOf(n *network.Network, i int32) componentRecord {
	c := n.Component(i)
	return componentRecord{
		ID: c.ID, Sector: string(c.Sector), Kind: string(c.Kind), Role: c.Role.String(),
		Location: c.Location, Zone: c.Zone, Access: c.Access, Demand: c.Demand,
		Population: c.Population, Capacity: c.Capacity, Storage: c.Storage,
		Fragility: c.Fragility, Critical: c.Critical, Params: c.Params, Tags: c.Tags,
	}
}

// linkRecordOf returns link l of n in file form.
func linkRecordOf(n *network.Network, l int32) linkRecord {
	k := n.Link(l)
	return linkRecord{
		ID: k.ID, Kind: string(k.Kind), From: k.From, To: k.To, Directed: k.Directed,
		Length: k.Length, Geometry: k.Geometry, Capacity: k.Capacity, Fragility: k.Fragility,
		OutOfService: k.OutOfService, Reactance: k.Reactance, Rating: k.Rating, Tap: k.Tap,
		Shift: k.Shift, Diameter: k.Diameter, FreeFlow: formatDuration(k.FreeFlow),
		Params: k.Params, Tags: k.Tags,
	}
}

// requirementRecordOf returns requirement r of n in file form.
func requirementRecordOf(n *network.Network, r int32) requirementRecord {
	q := n.Requirement(r)
	return requirementRecord{
		Dependent: q.Dependent, Providers: q.Providers, Logic: q.Logic.String(), K: q.K,
		Lag: formatDuration(q.Lag), Buffer: formatDuration(q.Buffer), Recharge: q.Recharge,
		Effect: q.Effect.String(), Factor: q.Factor, Kind: q.Kind.String(),
	}
}

// fieldError is a problem with one field of a record; assemble places it in
// the file through the format's locator.
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return e.field + ": " + e.err.Error() }
func (e *fieldError) Unwrap() error { return e.err }

// component converts the record; a *fieldError names the field at fault.
func (r *componentRecord) component() (network.Component, error) {
	role, err := network.ParseRole(r.Role)
	if err != nil {
		return network.Component{}, &fieldError{"role", err}
	}
	if r.Population > network.MaxPopulation { // Validate says so too, without the field
		return network.Component{}, &fieldError{"population", fmt.Errorf("%w: population %d above 2^53", network.ErrOutOfRange, r.Population)}
	}
	return network.Component{
		ID: r.ID, Sector: network.Sector(r.Sector), Kind: network.Kind(r.Kind), Role: role, Location: r.Location,
		Zone: r.Zone, Access: r.Access, Demand: r.Demand, Population: r.Population,
		Capacity: r.Capacity, Storage: r.Storage, Fragility: r.Fragility, Critical: r.Critical,
		Params: r.Params, Tags: r.Tags,
	}, nil
}

// link converts the record; a *fieldError names the field at fault.
func (r *linkRecord) link() (network.Link, error) {
	ff, err := parseDurationField(r.FreeFlow)
	if err != nil {
		return network.Link{}, &fieldError{"free_flow", err}
	}
	return network.Link{
		ID: r.ID, Kind: network.Kind(r.Kind), From: r.From, To: r.To, Directed: r.Directed,
		Length: r.Length, Geometry: r.Geometry, Capacity: r.Capacity, Fragility: r.Fragility,
		OutOfService: r.OutOfService, Reactance: r.Reactance, Rating: r.Rating, Tap: r.Tap,
		Shift: r.Shift, Diameter: r.Diameter, FreeFlow: ff, Params: r.Params, Tags: r.Tags,
	}, nil
}

// requirement converts the record; a *fieldError names the field at fault.
func (r *requirementRecord) requirement() (network.Requirement, error) {
	q := network.Requirement{Dependent: r.Dependent, Providers: r.Providers, K: r.K, Recharge: r.Recharge, Factor: r.Factor}
	var err error
	if q.Logic, err = network.ParseLogic(r.Logic); err != nil {
		return q, &fieldError{"logic", err}
	}
	if q.Logic != network.KOfN && r.K != 0 {
		return q, &fieldError{"k", fmt.Errorf("%w: k = %d needs logic k-of-n, not %s", network.ErrInvalid, r.K, q.Logic)}
	}
	if q.Lag, err = parseDurationField(r.Lag); err != nil {
		return q, &fieldError{"lag", err}
	}
	if q.Buffer, err = parseDurationField(r.Buffer); err != nil {
		return q, &fieldError{"buffer", err}
	}
	if q.Effect, err = network.ParseEffect(r.Effect); err != nil {
		return q, &fieldError{"effect", err}
	}
	if q.Kind, err = network.ParseDepKind(r.Kind); err != nil {
		return q, &fieldError{"kind", err}
	}
	return q, nil
}

// formatDuration writes d with sim.FormatDuration ("90s", "4h", "1d12h"),
// and zero as the empty string, which the readers take as zero.
func formatDuration(d sim.Time) string {
	if d == 0 {
		return ""
	}
	return sim.FormatDuration(d)
}

// parseDurationField reads a duration field with sim.ParseDuration, the
// one duration parser; empty means zero. Its errors keep sim's sentinels
// and add network's: ErrNegative for a minus sign, ErrOutOfRange for a
// value above sim.MaxTime, ErrSyntax for anything else.
func parseDurationField(s string) (sim.Time, error) {
	if s == "" {
		return 0, nil
	}
	d, err := sim.ParseDuration(s)
	switch {
	case err == nil:
		return d, nil
	case errors.Is(err, sim.ErrNegativeDuration):
		return 0, fmt.Errorf("%w: %w", network.ErrNegative, err)
	case errors.Is(err, sim.ErrDurationRange):
		return 0, fmt.Errorf("%w: %w", network.ErrOutOfRange, err)
	}
	return 0, fmt.Errorf("%w: %w (want e.g. 90s, 4h30m, 1.5h, 1d12h)", network.ErrSyntax, err)
}

// formatNumber writes x as encoding/json does: the shortest decimal that
// reads back exactly, in exponent form only below 1e-6 or from 1e21 on.
func formatNumber(x float64) string {
	abs := math.Abs(x)
	f := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		f = 'e'
	}
	s := strconv.FormatFloat(x, f, -1, 64)
	if f == 'e' {
		// Clean up e-09 to e-9, as encoding/json does.
		if n := len(s); n >= 4 && s[n-4] == 'e' && s[n-3] == '-' && s[n-2] == '0' {
			s = s[:n-2] + s[n-1:]
		}
	}
	return s
}
