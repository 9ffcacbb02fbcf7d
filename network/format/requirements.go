package format

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/internal/parse"
)

// ReadRequirementsCSV reads a requirements table on its own, as
// Reader.ReadRequirementsCSV does with the default size cap.
func ReadRequirementsCSV(fsys fs.FS, name string, known func(id string) bool) ([]network.Requirement, error) {
	return Reader{}.ReadRequirementsCSV(fsys, name, known)
}

// ReadRequirementsCSV reads a requirements table on its own: the
// requirements that couple systems read apart, for network.Merge
// (MergeOptions.Requirements). Its columns are those of the CSV format's
// requirements.csv (dependent, providers joined with ";", logic, k, lag,
// buffer, recharge, effect, factor, kind), any of them but dependent and
// providers may be left out, and an empty logic with k set means k-of-n.
// Every row is checked on its own (network.Requirement.Validate), and,
// when known is not nil, every ID it names must be known: an unknown one
// is a *network.ParseError at its cell wrapping network.ErrUnknownID.
// Errors are *network.ParseError values naming the file, the line and the
// 1-based byte column of the cell at fault (as the scenario files and the
// importers count columns, so that file:line:column leads an editor to
// it), and the column's name as Field. The table is streamed row by row
// under r's size cap.
func (r Reader) ReadRequirementsCSV(fsys fs.FS, name string, known func(id string) bool) ([]network.Requirement, error) {
	t, err := parse.OpenTable(r.source(fsys, name), false, false)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	if err := checkColumns(t, csvRequirementColumns, false); err != nil {
		return nil, err
	}
	if err := t.Require("dependent", "providers"); err != nil {
		return nil, err
	}
	var out []network.Requirement
	for t.Next() {
		rec, err := csvRequirementRow(t)
		if err != nil {
			return nil, err
		}
		if rec.Logic == "" && rec.K != 0 {
			rec.Logic = network.KOfN.String()
		}
		q, err := rec.requirement()
		if err == nil {
			err = q.Validate()
		}
		if err != nil {
			return nil, requirementErr(t, err)
		}
		if known != nil {
			if !known(q.Dependent) {
				return nil, t.ErrAt(0, "dependent", fmt.Errorf("%w: %s", network.ErrUnknownID, parse.Quote(q.Dependent)))
			}
			for _, p := range q.Providers {
				if !known(p) {
					return nil, t.ErrAt(0, "providers", fmt.Errorf("%w: provider %s", network.ErrUnknownID, parse.Quote(p)))
				}
			}
		}
		out = append(out, q)
	}
	if err := t.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// requirementErr places a problem of the current row at the cell of the
// field it names (a *fieldError), or at the row's dependent.
func requirementErr(t *parse.Table, err error) error {
	field := "dependent"
	var fe *fieldError
	if errors.As(err, &fe) {
		field, err = fe.field, fe.err
	}
	if _, ok := t.Cols[field]; !ok {
		field = "dependent"
	}
	return t.ErrAt(0, field, err)
}
