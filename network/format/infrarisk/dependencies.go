package infrarisk

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/internal/parse"
)

// Columns of dependencies.csv.
const (
	colWater = "water_id"
	colPower = "power_id"
)

// dependencies reads the dependency table name of fsys, under the size cap
// of opts, and turns each row into a requirement between a component of
// water and one of power (see the package documentation). It streams the
// file, holding one row at a time.
func dependencies(fsys fs.FS, name string, water, power *network.Network, opts *Options) ([]network.Requirement, error) {
	t, err := parse.OpenTable(parse.Source{FS: fsys, Name: name, Max: opts.MaxBytes}, true, false)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	if err := t.Require(colWater, colPower); err != nil {
		return nil, err
	}
	var reqs []network.Requirement
	seen := map[[2]string]int{} // coupled pair → line
	for t.Next() {
		r := t.Row(0)
		w, err := resolve(water, r.Str(colWater), colWater, waterAliases)
		if err != nil {
			return nil, t.ErrAt(0, colWater, err)
		}
		p, err := resolve(power, r.Str(colPower), colPower, powerAliases)
		if err != nil {
			return nil, t.ErrAt(0, colPower, err)
		}
		wc, pc := water.ComponentID(w), power.ComponentID(p)
		if line, dup := seen[[2]string{wc, pc}]; dup {
			return nil, t.ErrAt(0, colPower, fmt.Errorf("%w: %s and %s are coupled already on line %d", network.ErrInvalid, wc, pc, line))
		}
		seen[[2]string{wc, pc}] = t.Line()
		wk, pk := water.ComponentKind(w), power.ComponentKind(p)
		var req network.Requirement
		switch {
		case wk == network.KindPump && (pk == network.KindMotor || pk == network.KindLoad):
			req = opts.PumpOnPower
			req.Dependent, req.Providers = wc, []string{pc}
		case wk == network.KindReservoir && pk == network.KindGenerator:
			req = opts.GeneratorOnWater
			req.Dependent, req.Providers = pc, []string{wc}
		default:
			return nil, t.ErrAt(0, colPower, fmt.Errorf("%w: %s (%s) and %s (%s): InfraRisk couples a pump with a motor or a load, and a reservoir with a generator",
				network.ErrInvalid, wc, wk, pc, pk))
		}
		req.Logic, req.K = network.All, 0
		reqs = append(reqs, req)
	}
	if err := t.Err(); err != nil {
		return nil, err
	}
	return reqs, nil
}

// resolve finds the component that id names in n: id itself, or else the
// first of aliases(id) that n has.
func resolve(n *network.Network, id, column string, aliases func(string) []string) (int32, error) {
	if id == "" {
		return 0, fmt.Errorf("%w: empty %s", network.ErrEmptyID, column)
	}
	if i, ok := n.ComponentIndex(id); ok {
		return i, nil
	}
	for _, a := range aliases(id) {
		if i, ok := n.ComponentIndex(a); ok {
			return i, nil
		}
	}
	return 0, fmt.Errorf("%w: %s is no component of %s", network.ErrUnknownID, parse.Quote(id), n.Name())
}

// waterAliases: the EPANET importer names a pump "<ID>:pump" when a node
// has the pump's ID.
func waterAliases(id string) []string { return []string{id + ":pump"} }

// powerAliases: InfraRisk's pump motors modelled as loads are named
// P_LOMP<n> where its dependency tables say P_MP<n> (the Micropolis files).
func powerAliases(id string) []string {
	if infra, rest, ok := strings.Cut(id, "_"); ok && strings.HasPrefix(rest, "MP") {
		return []string{infra + "_LO" + rest}
	}
	return nil
}
