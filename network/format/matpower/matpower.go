package matpower

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/internal/parse"
)

// Column names of the MATPOWER matrices (MATPOWER's idx_bus, idx_gen and
// idx_brch), in column order. Field names of errors use them.
var (
	matpowerBusCols = []string{"BUS_I", "BUS_TYPE", "PD", "QD", "GS", "BS", "BUS_AREA", "VM", "VA",
		"BASE_KV", "ZONE", "VMAX", "VMIN", "LAM_P", "LAM_Q", "MU_VMAX", "MU_VMIN"}
	matpowerGenCols = []string{"GEN_BUS", "PG", "QG", "QMAX", "QMIN", "VG", "MBASE", "GEN_STATUS", "PMAX",
		"PMIN", "PC1", "PC2", "QC1MIN", "QC1MAX", "QC2MIN", "QC2MAX", "RAMP_AGC", "RAMP_10", "RAMP_30",
		"RAMP_Q", "APF", "MU_PMAX", "MU_PMIN", "MU_QMAX", "MU_QMIN"}
	matpowerBranchCols = []string{"F_BUS", "T_BUS", "BR_R", "BR_X", "BR_B", "RATE_A", "RATE_B", "RATE_C",
		"TAP", "SHIFT", "BR_STATUS", "ANGMIN", "ANGMAX", "PF", "QF", "PT", "QT", "MU_SF", "MU_ST",
		"MU_ANGMIN", "MU_ANGMAX"}
)

// Minimum numbers of columns: the power-flow columns of each matrix.
const (
	matpowerBusMin    = 13
	matpowerGenMin    = 10
	matpowerBranchMin = 11
)

// Case is a MATPOWER case as written in its file: the rows of the
// bus, gen and branch matrices with MATPOWER's column meanings, numbers
// exactly as parsed (Inf stays ±Inf). Parse guarantees unique
// positive integer bus numbers, bus types in 1…4, and gen and branch rows
// that name existing buses.
type Case struct {
	// Name is the case's function name ("case14"); empty when the file has
	// no function line.
	Name string
	// Version is the case format version, "1" or "2".
	Version string
	// File is the file name given to Parse, used in errors.
	File string
	// BaseMVA is the system MVA base (baseMVA), > 0.
	BaseMVA float64
	// Bus holds the bus matrix rows in file order.
	Bus []Bus
	// Gen holds the generator matrix rows in file order.
	Gen []Gen
	// Branch holds the branch matrix rows in file order.
	Branch []Branch
	// GenCost holds the generator cost matrix rows as written (nil when the
	// file has none); rows are padded to one width in the file.
	GenCost [][]float64
}

// Bus is one row of a MATPOWER bus matrix.
type Bus struct {
	// BusI is BUS_I, the bus number: a positive integer, unique.
	BusI int
	// Type is BUS_TYPE: 1 PQ, 2 PV, 3 reference, 4 isolated.
	Type int
	// Pd and Qd are PD and QD, the real (MW) and reactive (MVAr) demand.
	Pd, Qd float64
	// Gs and Bs are GS and BS, the shunt conductance (MW demanded at
	// V = 1 pu) and susceptance (MVAr injected at V = 1 pu).
	Gs, Bs float64
	// Area is BUS_AREA, the area number.
	Area float64
	// Vm and Va are VM and VA, the voltage magnitude (pu) and angle (deg).
	Vm, Va float64
	// BaseKV is BASE_KV, the base voltage (kV).
	BaseKV float64
	// Zone is ZONE, the loss zone.
	Zone float64
	// Vmax and Vmin are VMAX and VMIN, the voltage limits (pu).
	Vmax, Vmin float64
	// Extra holds the columns after VMIN (LAM_P, LAM_Q, MU_VMAX, MU_VMIN
	// in solved cases); nil when there are none.
	Extra []float64
	// Line is the source line of the row's first value (0 when unknown).
	Line int
}

// Gen is one row of a MATPOWER gen matrix.
type Gen struct {
	// Bus is GEN_BUS, the number of the bus the generator is at.
	Bus int
	// Pg and Qg are PG and QG, the real (MW) and reactive (MVAr) output.
	Pg, Qg float64
	// Qmax and Qmin are QMAX and QMIN, the reactive limits (MVAr); may be
	// ±Inf.
	Qmax, Qmin float64
	// Vg is VG, the voltage set point (pu).
	Vg float64
	// MBase is MBASE, the machine MVA base.
	MBase float64
	// Status is GEN_STATUS: in service when > 0.
	Status float64
	// Pmax and Pmin are PMAX and PMIN, the real power limits (MW).
	Pmax, Pmin float64
	// Extra holds the columns after PMIN (PC1 … APF, and MU_PMAX …
	// MU_QMIN in solved cases); nil when there are none.
	Extra []float64
	// Line is the source line of the row's first value (0 when unknown).
	Line int
}

// InService reports whether the generator is in service (GEN_STATUS > 0).
func (g *Gen) InService() bool { return g.Status > 0 }

// Branch is one row of a MATPOWER branch matrix.
type Branch struct {
	// FBus and TBus are F_BUS and T_BUS, the numbers of the end buses.
	FBus, TBus int
	// R, X and B are BR_R, BR_X and BR_B: resistance, reactance and total
	// line charging susceptance (pu).
	R, X, B float64
	// RateA, RateB and RateC are RATE_A, RATE_B and RATE_C, the long-term,
	// short-term and emergency ratings (MVA); 0 means unlimited.
	RateA, RateB, RateC float64
	// Tap is TAP, the transformer off-nominal turns ratio; 0 means a line
	// (ratio 1).
	Tap float64
	// Shift is SHIFT, the transformer phase shift angle (deg).
	Shift float64
	// Status is BR_STATUS: in service when > 0.
	Status float64
	// AngMin and AngMax are ANGMIN and ANGMAX, the angle difference limits
	// (deg); meaningful only when HasAngleLimits.
	AngMin, AngMax float64
	// HasAngleLimits reports whether the row has the ANGMIN and ANGMAX
	// columns.
	HasAngleLimits bool
	// Extra holds the columns after ANGMAX (PF, QF, PT, QT, MU_SF, … in
	// solved cases); nil when there are none.
	Extra []float64
	// Line is the source line of the row's first value (0 when unknown).
	Line int
}

// InService reports whether the branch is in service (BR_STATUS > 0).
func (b *Branch) InService() bool { return b.Status > 0 }

// BusRows returns a new map from bus number (BUS_I) to the bus's row index
// in c.Bus.
func (c *Case) BusRows() map[int]int {
	m := make(map[int]int, len(c.Bus))
	for i := range c.Bus {
		m[c.Bus[i].BusI] = i
	}
	return m
}

// Options controls the conversion of a MATPOWER case into a
// network.
type Options struct {
	// Prefix is prepended to every component and link ID ("p/" gives
	// "p/bus1", "p/br1"), so that several cases can share one city; empty
	// by default.
	Prefix string
	// MaxBytes caps the size of the input in bytes: a larger file is
	// refused with a *network.ParseError wrapping network.ErrTooLarge. 0
	// means the default, 4 GiB; a negative value means no cap.
	MaxBytes int64
}

// Parse reads the MATPOWER case file (version 1 or 2) name of fsys, which
// also names it in errors. It reads the bus, gen, branch and gencost matrices
// and baseMVA, skips every other assignment (bus_name cell arrays, areas,
// …), and accepts % comments, rows with or without ';', Inf and extra
// columns. Errors are *ParseError values with the line, column and field
// ("branch.BR_X") of the token at fault, wrapping ErrSyntax, ErrInvalid,
// ErrDuplicateID, ErrUnknownID or ErrVersion; the package documentation
// lists them.
func Parse(fsys fs.FS, name string) (*Case, error) {
	return parseCase(parse.Source{FS: fsys, Name: name})
}

// parseCase reads the case file of src, line by line.
func parseCase(src parse.Source) (*Case, error) {
	f, err := src.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p := &mParser{file: src.Name, lx: &mLexer{r: bufio.NewReaderSize(f, 256<<10), file: src.Name}}
	return p.parse()
}

// Import reads the MATPOWER case file name of fsys and converts it into a
// network as Case.Network does.
func Import(fsys fs.FS, name string, opts Options) (*network.Network, error) {
	c, err := parseCase(parse.Source{FS: fsys, Name: name, Max: opts.MaxBytes})
	if err != nil {
		return nil, err
	}
	return c.Network(opts)
}

// ---- lexer ----------------------------------------------------------------

type mKind uint8

const (
	mEOF mKind = iota
	mNewline
	mIdent
	mNumber
	mString
	mPunct
	mBad // a malformed number
)

type mTok struct {
	kind      mKind
	text      string
	line, col int
	// glued reports that the token follows the previous one with no space.
	glued bool
}

func isIdentStart(c byte) bool { return c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') }
func isDigit(c byte) bool      { return '0' <= c && c <= '9' }
func isIdentChar(c byte) bool  { return isIdentStart(c) || isDigit(c) }

// mLexer splits MATLAB source into tokens a line at a time, so that only
// the tokens the parser looks at are held; comments and continuations are
// dropped, line breaks kept as mNewline tokens.
type mLexer struct {
	r       *bufio.Reader
	file    string
	line    int   // the number of the last line read
	inBlock int   // nesting depth of %{ … %} block comments
	prev    *mTok // the last token emitted, for mTranspose
	eof     bool
	buf     []byte // a line longer than the reader's buffer
	// gluedEnd reports that the last line read ends right after a token.
	gluedEnd bool
}

// last returns the token before toks[from:]'s end: the last of toks when
// the lexer emitted it in this call, else the one before the call.
func (lx *mLexer) last(toks []mTok, from int) *mTok {
	if len(toks) > from {
		return &toks[len(toks)-1]
	}
	return lx.prev
}

// readLine returns the next line without its line break, and whether a
// line break ended it (false for the last line).
func (lx *mLexer) readLine() ([]byte, bool, error) {
	lx.buf = lx.buf[:0]
	for {
		data, err := lx.r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			lx.buf = append(lx.buf, data...)
			continue
		}
		l := data
		if len(lx.buf) > 0 {
			lx.buf = append(lx.buf, data...)
			l = lx.buf
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				return nil, false, err
			}
			return l, false, nil
		}
		return l[:len(l)-1], true, nil
	}
}

// more appends the tokens of the next line to toks; after the last line
// it appends the mEOF token, and then nothing.
func (lx *mLexer) more(toks []mTok) ([]mTok, error) {
	if lx.eof {
		return toks, nil
	}
	from := len(toks)
	defer func() {
		if len(toks) > from {
			t := toks[len(toks)-1]
			lx.prev = &t
		}
	}()
	l, nl, err := lx.readLine()
	if err != nil {
		return toks, err
	}
	lx.line++
	if !nl {
		lx.eof = true
	}
	toks, cont, err := lx.lexLine(l, toks, from)
	if err != nil {
		return toks, err
	}
	if !cont && nl {
		toks = append(toks, mTok{mNewline, "\n", lx.line, len(bytes.TrimSuffix(l, []byte("\r"))) + 1, lx.gluedEnd})
	}
	if lx.eof {
		toks = append(toks, mTok{kind: mEOF, line: lx.line, col: 1})
	}
	return toks, nil
}

// lexLine appends the tokens of line l; cont reports a "..." continuation
// (or a line of a block comment), which adds no line break.
func (lx *mLexer) lexLine(l []byte, toks []mTok, from int) (_ []mTok, cont bool, _ error) {
	line := lx.line
	l = bytes.TrimSuffix(l, []byte("\r"))
	trimmed := bytes.TrimSpace(l)
	lx.gluedEnd = false
	if string(trimmed) == "%{" {
		lx.inBlock++
		return toks, true, nil
	}
	if lx.inBlock > 0 {
		if string(trimmed) == "%}" {
			lx.inBlock--
		}
		return toks, true, nil
	}
	glued := false
	i := 0
	for i < len(l) {
		c := l[i]
		col := i + 1
		switch {
		case c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r':
			i++
			glued = false
			continue
		case c == '%':
			i = len(l)
			continue
		case c == '.' && i+2 < len(l) && l[i+1] == '.' && l[i+2] == '.':
			cont = true
			i = len(l)
			continue
		case isIdentStart(c):
			j := i + 1
			for j < len(l) && (isIdentChar(l[j]) || (l[j] == '.' && j+1 < len(l) && isIdentStart(l[j+1]))) {
				j++
			}
			toks = append(toks, mTok{mIdent, string(l[i:j]), line, col, glued})
			i = j
		case isDigit(c) || (c == '.' && i+1 < len(l) && isDigit(l[i+1])):
			j := i
			for j < len(l) && isDigit(l[j]) {
				j++
			}
			if j < len(l) && l[j] == '.' && !(j+1 < len(l) && l[j+1] == '.' && j+2 < len(l) && l[j+2] == '.') {
				j++
				for j < len(l) && isDigit(l[j]) {
					j++
				}
			}
			if j < len(l) && (l[j] == 'e' || l[j] == 'E') {
				k := j + 1
				if k < len(l) && (l[k] == '+' || l[k] == '-') {
					k++
				}
				if k < len(l) && isDigit(l[k]) {
					for k < len(l) && isDigit(l[k]) {
						k++
					}
					j = k
				}
			}
			kind := mNumber
			if j < len(l) && (isIdentChar(l[j]) || (l[j] == '.' && !bytes.HasPrefix(l[j:], []byte("...")))) {
				// A malformed number: the parser reports it with its field.
				kind = mBad
				for j < len(l) && (isIdentChar(l[j]) || l[j] == '.' || l[j] == '+' || l[j] == '-') {
					j++
				}
			}
			toks = append(toks, mTok{kind, string(l[i:j]), line, col, glued})
			i = j
		case c == '"' || (c == '\'' && !mTranspose(lx.last(toks, from), glued)):
			j := i + 1
			var sb strings.Builder
			for {
				if j >= len(l) {
					return toks, false, &network.ParseError{File: lx.file, Line: line, Col: col,
						Err: fmt.Errorf("%w: unterminated string", network.ErrSyntax)}
				}
				if l[j] == c {
					if j+1 < len(l) && l[j+1] == c {
						sb.WriteByte(c)
						j += 2
						continue
					}
					break
				}
				sb.WriteByte(l[j])
				j++
			}
			toks = append(toks, mTok{mString, sb.String(), line, col, glued})
			i = j + 1
		default:
			toks = append(toks, mTok{mPunct, string(c), line, col, glued})
			i++
		}
		glued = true
	}
	lx.gluedEnd = glued
	return toks, cont, nil
}

// mTranspose reports whether a quote right after the previous token is
// MATLAB's transpose operator rather than the start of a string.
func mTranspose(p *mTok, glued bool) bool {
	if !glued || p == nil {
		return false
	}
	switch p.kind {
	case mIdent, mNumber, mString:
		return true
	case mPunct:
		return p.text == ")" || p.text == "]" || p.text == "}" || p.text == "'"
	}
	return false
}

// ---- parser ---------------------------------------------------------------

type mParser struct {
	file string
	lx   *mLexer
	toks []mTok // a window of the tokens, from the one before pos
	pos  int
	err  error // the lexer's first problem: every error after it is this one

	name       string
	version    string
	versionTok mTok
	structForm bool
	bareForm   bool
	baseMVA    float64
	baseTok    *mTok
	mats       map[string]*mMatrix
}

// mMatrix is a parsed numeric matrix: its values row after row, with
// the positions the errors need (a row's first two values; all of the
// first row's).
type mMatrix struct {
	name  string
	open  mTok // the '[' token
	width int
	vals  []float64
	rows  []mRow
	first []mPos // every value of the first row
}

// mPos is the place of a value: its line, column and the column after it.
type mPos struct{ line, col, end int32 }

// tok returns a token at the place, for errAt.
func (q mPos) tok() mTok { return mTok{line: int(q.line), col: int(q.col)} }

// mRow places a row: its first two values (the bus numbers and types
// that the checks name).
type mRow struct{ pos [2]mPos }

// row returns the values of row i.
func (m *mMatrix) row(i int) []float64 { return m.vals[i*m.width : (i+1)*m.width : (i+1)*m.width] }

// peekAt returns the token k after the current one, lexing more lines
// when the window holds too few.
func (p *mParser) peekAt(k int) mTok {
	for p.pos+k >= len(p.toks) {
		if n := len(p.toks); p.lx.eof && n > 0 && p.toks[n-1].kind == mEOF {
			return p.toks[n-1]
		}
		if p.pos > 1 { // keep the token before the current one
			n := copy(p.toks, p.toks[p.pos-1:])
			p.toks, p.pos = p.toks[:n], 1
		}
		var err error
		if p.toks, err = p.lx.more(p.toks); err != nil {
			if p.err == nil {
				p.err = err
			}
			p.lx.eof = true
			p.toks = append(p.toks, mTok{kind: mEOF, line: p.lx.line, col: 1})
		}
	}
	return p.toks[p.pos+k]
}

func (p *mParser) peek() mTok { return p.peekAt(0) }

func (p *mParser) next() mTok {
	t := p.peek()
	if t.kind != mEOF {
		p.pos++
	}
	return t
}

// prev returns the token before the current one.
func (p *mParser) prev() (mTok, bool) {
	if p.pos == 0 {
		return mTok{}, false
	}
	return p.toks[p.pos-1], true
}

func (p *mParser) errAt(t mTok, field string, sentinel error, format string, args ...any) error {
	if p.err != nil {
		return p.err
	}
	return parse.Errorf(p.file, t.line, t.col, field, sentinel, format, args...)
}

func describe(t mTok) string {
	switch t.kind {
	case mEOF:
		return "end of file"
	case mNewline:
		return "end of line"
	case mString:
		return strconv.Quote(t.text)
	}
	return parse.Quote(t.text)
}

func (p *mParser) parse() (*Case, error) {
	p.mats = map[string]*mMatrix{}
	for {
		t := p.peek()
		switch {
		case p.err != nil:
			return nil, p.err
		case t.kind == mEOF:
			return p.finish()
		case t.kind == mNewline || (t.kind == mPunct && (t.text == ";" || t.text == ",")):
			p.next()
		case t.kind == mIdent && t.text == "function":
			if err := p.function(); err != nil {
				return nil, err
			}
		case t.kind == mIdent && p.peekAt(1).kind == mPunct && p.peekAt(1).text == "=":
			if err := p.assignment(); err != nil {
				return nil, err
			}
		default:
			if err := p.skipStatement(); err != nil {
				return nil, err
			}
		}
	}
}

// function reads "function NAME", "function out = NAME" or
// "function [a, b] = NAME".
func (p *mParser) function() error {
	kw := p.next()
	if p.name != "" {
		return p.errAt(kw, "function", network.ErrSyntax, "second function definition")
	}
	var name, first *mTok
	afterEq := false
	for {
		t := p.peek()
		if t.kind == mNewline || t.kind == mEOF || (t.kind == mPunct && t.text == ";") {
			break
		}
		p.next()
		switch {
		case t.kind == mIdent:
			if first == nil {
				first = &t
			}
			if afterEq && name == nil {
				name = &t
			}
		case t.kind == mPunct && t.text == "=":
			afterEq = true
		case t.kind == mPunct && (t.text == "[" || t.text == "]" || t.text == "(" || t.text == ")" || t.text == ","):
		default:
			return p.errAt(t, "function", network.ErrSyntax, "unexpected %s in function line", describe(t))
		}
	}
	if !afterEq {
		name = first
	}
	if name == nil {
		return p.errAt(kw, "function", network.ErrSyntax, "function line without a name")
	}
	p.name = name.text
	return nil
}

// skipStatement drops tokens up to the end of the statement, keeping
// brackets balanced.
func (p *mParser) skipStatement() error {
	var stack []mTok
	for {
		t := p.peek()
		switch t.kind {
		case mEOF:
			if len(stack) > 0 {
				o := stack[len(stack)-1]
				return p.errAt(o, "", network.ErrSyntax, "%s is never closed", parse.Quote(o.text))
			}
			return nil
		case mNewline:
			if len(stack) == 0 {
				p.next()
				return nil
			}
		case mPunct:
			switch t.text {
			case ";", ",":
				if len(stack) == 0 {
					p.next()
					return nil
				}
			case "[", "{", "(":
				stack = append(stack, t)
			case "]", "}", ")":
				want := map[string]string{"]": "[", "}": "{", ")": "("}[t.text]
				if len(stack) == 0 || stack[len(stack)-1].text != want {
					return p.errAt(t, "", network.ErrSyntax, "unbalanced %s", parse.Quote(t.text))
				}
				stack = stack[:len(stack)-1]
			}
		}
		p.next()
	}
}

// endStatement accepts an optional ';' or ',' followed by the end of the
// line or file.
func (p *mParser) endStatement(field string) error {
	t := p.peek()
	if t.kind == mPunct && (t.text == ";" || t.text == ",") {
		p.next()
		t = p.peek()
	}
	if t.kind == mNewline || t.kind == mEOF {
		return nil
	}
	// Another statement may follow on the same line after ';'.
	if pt, ok := p.prev(); ok && pt.kind == mPunct && (pt.text == ";" || pt.text == ",") {
		return nil
	}
	return p.errAt(t, field, network.ErrSyntax, "unexpected %s after value", describe(t))
}

func (p *mParser) assignment() error {
	id := p.next()
	p.next() // '='
	name := id.text
	switch {
	case strings.HasPrefix(name, "mpc."):
		name = strings.TrimPrefix(name, "mpc.")
		p.structForm = true
	case strings.Contains(name, "."):
		return p.skipStatement()
	default:
		switch name {
		case "baseMVA", "bus", "gen", "branch", "gencost":
			p.bareForm = true
		}
	}
	if p.structForm && p.bareForm {
		return p.errAt(id, name, network.ErrSyntax, "mixes version 2 (mpc.%s) and version 1 (bare) assignments", name)
	}
	switch name {
	case "version":
		t := p.next()
		if t.kind != mString {
			return p.errAt(t, "version", network.ErrSyntax, "want a quoted version, got %s", describe(t))
		}
		p.version, p.versionTok = t.text, t
		return p.endStatement("version")
	case "baseMVA":
		t := p.peek()
		v, err := p.scalar("baseMVA")
		if err != nil {
			return err
		}
		if !(v > 0) || math.IsInf(v, 0) {
			return p.errAt(t, "baseMVA", network.ErrInvalid, "baseMVA must be positive and finite, got %v", v)
		}
		p.baseMVA, p.baseTok = v, &t
		return p.endStatement("baseMVA")
	case "bus", "gen", "branch", "gencost":
		if old, dup := p.mats[name]; dup {
			return p.errAt(id, name, network.ErrSyntax, "%s assigned twice (first on line %d)", name, old.open.line)
		}
		m, err := p.matrix(name)
		if err != nil {
			return err
		}
		p.mats[name] = m
		return p.endStatement(name)
	}
	return p.skipStatement()
}

// scalar reads an optionally signed number, Inf or NaN.
func (p *mParser) scalar(field string) (float64, error) {
	t := p.next()
	sign := 1.0
	if t.kind == mPunct && (t.text == "-" || t.text == "+") {
		if t.text == "-" {
			sign = -1
		}
		n := p.peek()
		if !n.glued || (n.kind != mNumber && n.kind != mIdent && n.kind != mBad) {
			return 0, p.errAt(t, field, network.ErrSyntax, "want a number right after %s, got %s", parse.Quote(t.text), describe(n))
		}
		t = p.next()
	}
	switch t.kind {
	case mNumber:
		v, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			// Only a magnitude beyond float64 fails here; MATLAB reads it as Inf.
			if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
				return sign * v, nil
			}
			return 0, p.errAt(t, field, network.ErrSyntax, "malformed number %s", parse.Quote(t.text))
		}
		return sign * v, nil
	case mBad:
		return 0, p.errAt(t, field, network.ErrSyntax, "malformed number %s", parse.Quote(t.text))
	case mIdent:
		switch t.text {
		case "Inf", "inf":
			return sign * math.Inf(1), nil
		case "NaN", "nan":
			return 0, p.errAt(t, field, network.ErrInvalid, "NaN is not allowed")
		}
	}
	return 0, p.errAt(t, field, network.ErrSyntax, "want a number, got %s", describe(t))
}

// matrix reads "[ rows ]"; rows end with ';' or a line break, values are
// separated by spaces or commas.
func (p *mParser) matrix(name string) (*mMatrix, error) {
	open := p.next()
	if open.kind != mPunct || open.text != "[" {
		return nil, p.errAt(open, name, network.ErrSyntax, "want '[' to start the %s matrix, got %s", name, describe(open))
	}
	m := &mMatrix{name: name, open: open}
	var row []float64 // the row being read
	var pos []mPos    // its values' places
	endRow := func() error {
		if len(row) == 0 {
			return nil
		}
		if len(m.rows) == 0 {
			m.width, m.first = len(row), slices.Clone(pos)
		} else if len(row) != m.width {
			return p.errAt(pos[0].tok(), name, network.ErrSyntax, "row %d of %s has %d columns, row 1 has %d",
				len(m.rows)+1, name, len(row), m.width)
		}
		r := mRow{pos: [2]mPos{pos[0], pos[0]}}
		if len(pos) > 1 {
			r.pos[1] = pos[1]
		}
		m.rows = append(m.rows, r)
		m.vals = append(m.vals, row...)
		row, pos = row[:0], pos[:0]
		return nil
	}
	for {
		t := p.peek()
		switch {
		case p.err != nil:
			return nil, p.err
		case t.kind == mEOF:
			return nil, p.errAt(open, name, network.ErrSyntax, "the %s matrix is never closed", name)
		case t.kind == mNewline || (t.kind == mPunct && t.text == ";"):
			p.next()
			if err := endRow(); err != nil {
				return nil, err
			}
		case t.kind == mPunct && t.text == ",":
			p.next()
		case t.kind == mPunct && t.text == "]":
			p.next()
			if err := endRow(); err != nil {
				return nil, err
			}
			return m, nil
		default:
			field := matpowerField(name, len(row))
			v, err := p.scalar(field)
			if err != nil {
				return nil, err
			}
			// Record the value's whole span, sign included (a sign is glued).
			last, _ := p.prev()
			row = append(row, v)
			pos = append(pos, mPos{int32(t.line), int32(t.col), int32(last.col + len(last.text))})
			n := p.peek()
			if n.glued && (n.kind == mNumber || n.kind == mIdent || n.kind == mString) {
				return nil, p.errAt(n, field, network.ErrSyntax, "want a space between values, got %s", describe(n))
			}
			if n.glued && n.kind == mPunct && n.text != "," && n.text != ";" && n.text != "]" {
				return nil, p.errAt(n, field, network.ErrSyntax, "expressions are not supported (%s after a value)", describe(n))
			}
		}
	}
}

// matpowerField names column j (0-based) of the named matrix.
func matpowerField(name string, j int) string {
	var cols []string
	switch name {
	case "bus":
		cols = matpowerBusCols
	case "gen":
		cols = matpowerGenCols
	case "branch":
		cols = matpowerBranchCols
	}
	if j < len(cols) {
		return name + "." + cols[j]
	}
	return fmt.Sprintf("%s.col%d", name, j+1)
}

func (p *mParser) finish() (*Case, error) {
	eof := p.peek()
	c := &Case{Name: p.name, File: p.file}
	for _, name := range []string{"bus", "gen", "branch"} {
		if p.mats[name] == nil {
			prefix := ""
			if p.structForm {
				prefix = "mpc."
			}
			return nil, p.errAt(eof, name, network.ErrInvalid, "no %s%s matrix", prefix, name)
		}
	}
	if p.baseTok == nil {
		return nil, p.errAt(eof, "baseMVA", network.ErrInvalid, "no baseMVA")
	}
	c.BaseMVA = p.baseMVA
	switch {
	case p.version != "":
		if p.bareForm {
			return nil, p.errAt(p.versionTok, "version", network.ErrSyntax, "version given in a version 1 (bare) case")
		}
		if p.version != "1" && p.version != "2" {
			return nil, p.errAt(p.versionTok, "version", network.ErrVersion, "MATPOWER case format version %s (want 1 or 2)", parse.Quote(p.version))
		}
		c.Version = p.version
	case p.structForm && len(p.mats["gen"].rows) > 0 && p.mats["gen"].width >= 21:
		c.Version = "2"
	default:
		c.Version = "1"
	}
	if err := p.buses(c); err != nil {
		return nil, err
	}
	rows := c.BusRows()
	if err := p.gens(c, rows); err != nil {
		return nil, err
	}
	if err := p.branches(c, rows); err != nil {
		return nil, err
	}
	if m := p.mats["gencost"]; m != nil {
		c.GenCost = make([][]float64, len(m.rows))
		for i := range m.rows {
			c.GenCost[i] = m.row(i)
		}
	}
	return c, nil
}

// width checks the number of columns of a matrix.
func (p *mParser) width(m *mMatrix, min int, cols []string) error {
	if len(m.rows) == 0 || m.width >= min {
		return nil
	}
	last := m.first[len(m.first)-1]
	t := mTok{line: int(last.line), col: int(last.end)}
	return p.errAt(t, m.name+"."+cols[m.width], network.ErrSyntax, "the %s matrix has %d columns, want at least %d",
		m.name, m.width, min)
}

// integer returns value j of r as an int, or an error when it is not an
// integer in [lo, hi].
func (p *mParser) integer(m *mMatrix, i, j, lo, hi int) (int, error) {
	v := m.row(i)[j]
	if v != math.Trunc(v) || v < float64(lo) || v > float64(hi) {
		return 0, p.errAt(m.rows[i].pos[j].tok(), matpowerField(m.name, j), network.ErrInvalid, "want an integer in [%d, %d], got %v", lo, hi, v)
	}
	return int(v), nil
}

// maxBusNumber bounds bus numbers (MATLAB stores them as doubles; int32
// keeps IDs short and every platform's int exact).
const maxBusNumber = math.MaxInt32

func extra(vals []float64, from int) []float64 {
	if len(vals) <= from {
		return nil
	}
	return append([]float64(nil), vals[from:]...)
}

func (p *mParser) buses(c *Case) error {
	m := p.mats["bus"]
	if err := p.width(m, matpowerBusMin, matpowerBusCols); err != nil {
		return err
	}
	seen := make(map[int]int, len(m.rows))
	c.Bus = make([]Bus, len(m.rows))
	for i, r := range m.rows {
		n, err := p.integer(m, i, 0, 1, maxBusNumber)
		if err != nil {
			return err
		}
		line := int(r.pos[0].line)
		if first, dup := seen[n]; dup {
			return p.errAt(r.pos[0].tok(), "bus.BUS_I", network.ErrDuplicateID, "bus %d already defined on line %d", n, first)
		}
		seen[n] = line
		typ, err := p.integer(m, i, 1, 1, 4)
		if err != nil {
			return err
		}
		v := m.row(i)
		c.Bus[i] = Bus{BusI: n, Type: typ, Pd: v[2], Qd: v[3], Gs: v[4], Bs: v[5], Area: v[6],
			Vm: v[7], Va: v[8], BaseKV: v[9], Zone: v[10], Vmax: v[11], Vmin: v[12],
			Extra: extra(v, matpowerBusMin), Line: line}
	}
	return nil
}

func (p *mParser) busRef(m *mMatrix, i, j int, rows map[int]int) (int, error) {
	v := m.row(i)[j]
	if v == math.Trunc(v) && v >= 1 && v <= maxBusNumber {
		if _, ok := rows[int(v)]; ok {
			return int(v), nil
		}
	}
	return 0, p.errAt(m.rows[i].pos[j].tok(), matpowerField(m.name, j), network.ErrUnknownID, "bus %v is not in the bus matrix", v)
}

func (p *mParser) gens(c *Case, rows map[int]int) error {
	m := p.mats["gen"]
	if err := p.width(m, matpowerGenMin, matpowerGenCols); err != nil {
		return err
	}
	c.Gen = make([]Gen, len(m.rows))
	for i, r := range m.rows {
		bus, err := p.busRef(m, i, 0, rows)
		if err != nil {
			return err
		}
		v := m.row(i)
		c.Gen[i] = Gen{Bus: bus, Pg: v[1], Qg: v[2], Qmax: v[3], Qmin: v[4], Vg: v[5], MBase: v[6],
			Status: v[7], Pmax: v[8], Pmin: v[9], Extra: extra(v, matpowerGenMin), Line: int(r.pos[0].line)}
	}
	return nil
}

func (p *mParser) branches(c *Case, rows map[int]int) error {
	m := p.mats["branch"]
	if err := p.width(m, matpowerBranchMin, matpowerBranchCols); err != nil {
		return err
	}
	if len(m.rows) > 0 && m.width == 12 {
		last := m.first[11]
		return p.errAt(mTok{line: int(last.line), col: int(last.end)}, "branch.ANGMAX", network.ErrSyntax,
			"the branch matrix has ANGMIN but no ANGMAX column")
	}
	c.Branch = make([]Branch, len(m.rows))
	for i, r := range m.rows {
		f, err := p.busRef(m, i, 0, rows)
		if err != nil {
			return err
		}
		t, err := p.busRef(m, i, 1, rows)
		if err != nil {
			return err
		}
		v := m.row(i)
		b := Branch{FBus: f, TBus: t, R: v[2], X: v[3], B: v[4], RateA: v[5], RateB: v[6], RateC: v[7],
			Tap: v[8], Shift: v[9], Status: v[10], Line: int(r.pos[0].line)}
		if len(v) >= 13 {
			b.AngMin, b.AngMax, b.HasAngleLimits = v[11], v[12], true
			b.Extra = extra(v, 13)
		}
		c.Branch[i] = b
	}
	return nil
}

// ---- conversion -----------------------------------------------------------

// mParams collects finite parameters and names the infinite ones.
type mParams struct {
	m   map[network.Param]float64
	inf []string
}

func (q *mParams) set(name network.Param, v float64) {
	switch {
	case math.IsInf(v, 1):
		q.inf = append(q.inf, string(name)+"=+Inf")
	case math.IsInf(v, -1):
		q.inf = append(q.inf, string(name)+"=-Inf")
	case math.IsNaN(v):
		q.inf = append(q.inf, string(name)+"=NaN")
	default:
		q.m[name] = v
	}
}

func (q *mParams) tags() map[string]string {
	if len(q.inf) == 0 {
		return nil
	}
	return map[string]string{"infinite": strings.Join(q.inf, " ")}
}

// finiteOrZero returns v, or 0 when v is +Inf (unlimited in lifeline's
// capacity and rating conventions).
func finiteOrZero(v float64) float64 {
	if math.IsInf(v, 1) {
		return 0
	}
	return v
}

// Network converts the case into a lifeline power network. Bus rows become
// components "bus<BUS_I>" (KindBus, Demand = max(PD, 0) MW), generator row
// k becomes "gen<k>" (KindGenerator, RoleSource) joined to its bus by the
// KindConnection link "gen<k>:bus<BUS_I>", and branch row k becomes the
// link "br<k>" (KindLine, or KindTransformer when TAP or SHIFT is set) with
// Reactance, Rating, Tap, Shift and OutOfService from the row; every
// column is kept in Params, infinite values only in the "infinite" tag.
// The full list of conventions, on which the DC power flow relies, is in
// the package documentation.
//
// Errors are *ParseError values naming the row's line (c.File, Line) and
// the column at fault: an infinite PD, BR_X, TAP or SHIFT, a negative TAP
// or RATE_A, a branch from a bus to itself (ErrSelfLoop), and, in a case
// built or edited by hand, a repeated bus number or a gen or branch row
// naming a missing bus (ErrUnknownID).
func (c *Case) Network(opts Options) (*network.Network, error) {
	rowErr := func(line int, field string, sentinel error, format string, args ...any) error {
		return parse.Errorf(c.File, line, 0, field, sentinel, format, args...)
	}
	if !(c.BaseMVA > 0) || math.IsInf(c.BaseMVA, 0) {
		return nil, rowErr(0, "baseMVA", network.ErrInvalid, "baseMVA must be positive and finite, got %v", c.BaseMVA)
	}
	pre := opts.Prefix
	busID := func(n int) string { return pre + "bus" + strconv.Itoa(n) }
	name := c.Name
	if name == "" && c.File != "" {
		name = strings.TrimSuffix(filepath.Base(c.File), filepath.Ext(c.File))
	}
	b := network.NewBuilder()
	b.SetName(name)
	b.SetAttr(network.ParamBaseMVA, c.BaseMVA)
	b.Grow(len(c.Bus)+len(c.Gen), len(c.Gen)+len(c.Branch), 0)
	known := make(map[int]bool, len(c.Bus))
	for i := range c.Bus {
		bus := &c.Bus[i]
		if known[bus.BusI] {
			return nil, rowErr(bus.Line, "bus.BUS_I", network.ErrDuplicateID, "bus %d defined twice", bus.BusI)
		}
		known[bus.BusI] = true
		if math.IsInf(bus.Pd, 0) || math.IsNaN(bus.Pd) {
			return nil, rowErr(bus.Line, "bus.PD", network.ErrInvalid, "bus %d: PD must be finite, got %v", bus.BusI, bus.Pd)
		}
		q := mParams{m: make(map[network.Param]float64, 13)}
		q.set(network.ParamBusI, float64(bus.BusI))
		q.set(network.ParamBusType, float64(bus.Type))
		q.set(network.ParamPdMW, bus.Pd)
		q.set(network.ParamQdMVAr, bus.Qd)
		q.set(network.ParamGsMW, bus.Gs)
		q.set(network.ParamBsMVAr, bus.Bs)
		q.set(network.ParamVmPU, bus.Vm)
		q.set(network.ParamVaDeg, bus.Va)
		q.set(network.ParamBaseKV, bus.BaseKV)
		q.set(network.ParamArea, bus.Area)
		q.set(network.ParamZone, bus.Zone)
		q.set(network.ParamVmaxPU, bus.Vmax)
		q.set(network.ParamVminPU, bus.Vmin)
		role := network.RoleTransit
		if bus.Pd > 0 {
			role = network.RoleConsumer
		}
		b.AddComponent(network.Component{ID: busID(bus.BusI), Sector: network.Power, Kind: network.KindBus, Role: role,
			Demand: math.Max(bus.Pd, 0), Params: q.m, Tags: q.tags()})
	}
	for k := range c.Gen {
		g := &c.Gen[k]
		row := k + 1
		if !known[g.Bus] {
			return nil, rowErr(g.Line, "gen.GEN_BUS", network.ErrUnknownID, "generator %d: bus %d is not in the bus matrix", row, g.Bus)
		}
		if math.IsNaN(g.Pmax) || math.IsInf(g.Pmax, -1) {
			return nil, rowErr(g.Line, "gen.PMAX", network.ErrInvalid, "generator %d: PMAX %v", row, g.Pmax)
		}
		q := mParams{m: make(map[network.Param]float64, 11)}
		q.set(network.ParamGenRow, float64(row))
		q.set(network.ParamPgMW, g.Pg)
		q.set(network.ParamQgMVAr, g.Qg)
		q.set(network.ParamQmaxMVAr, g.Qmax)
		q.set(network.ParamQminMVAr, g.Qmin)
		q.set(network.ParamVgPU, g.Vg)
		q.set(network.ParamMBaseMVA, g.MBase)
		q.set(network.ParamPmaxMW, g.Pmax)
		q.set(network.ParamPminMW, g.Pmin)
		if !g.InService() {
			q.set(network.ParamOutOfService, 1)
		}
		id := pre + "gen" + strconv.Itoa(row)
		b.AddComponent(network.Component{ID: id, Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource,
			Capacity: math.Max(finiteOrZero(g.Pmax), 0), Params: q.m, Tags: q.tags()})
		b.AddLink(network.Link{ID: id + ":bus" + strconv.Itoa(g.Bus), Kind: network.KindConnection,
			From: id, To: busID(g.Bus), OutOfService: !g.InService()})
	}
	for k := range c.Branch {
		br := &c.Branch[k]
		row := k + 1
		if !known[br.FBus] {
			return nil, rowErr(br.Line, "branch.F_BUS", network.ErrUnknownID, "branch %d: bus %d is not in the bus matrix", row, br.FBus)
		}
		if !known[br.TBus] {
			return nil, rowErr(br.Line, "branch.T_BUS", network.ErrUnknownID, "branch %d: bus %d is not in the bus matrix", row, br.TBus)
		}
		if br.FBus == br.TBus {
			return nil, rowErr(br.Line, "branch.T_BUS", network.ErrSelfLoop, "branch %d joins bus %d to itself", row, br.FBus)
		}
		for _, f := range []struct {
			name string
			v    float64
		}{{"BR_X", br.X}, {"TAP", br.Tap}, {"SHIFT", br.Shift}} {
			if math.IsInf(f.v, 0) || math.IsNaN(f.v) {
				return nil, rowErr(br.Line, "branch."+f.name, network.ErrInvalid, "branch %d: %s must be finite, got %v", row, f.name, f.v)
			}
		}
		if br.Tap < 0 {
			return nil, rowErr(br.Line, "branch.TAP", network.ErrInvalid, "branch %d: negative TAP %v", row, br.Tap)
		}
		if math.IsNaN(br.RateA) || br.RateA < 0 {
			return nil, rowErr(br.Line, "branch.RATE_A", network.ErrInvalid, "branch %d: RATE_A %v", row, br.RateA)
		}
		q := mParams{m: make(map[network.Param]float64, 7)}
		q.set(network.ParamBranchRow, float64(row))
		q.set(network.ParamRPU, br.R)
		q.set(network.ParamBPU, br.B)
		q.set(network.ParamRateBMVA, br.RateB)
		q.set(network.ParamRateCMVA, br.RateC)
		if br.HasAngleLimits {
			q.set(network.ParamAngminDeg, br.AngMin)
			q.set(network.ParamAngmaxDeg, br.AngMax)
		}
		kind := network.KindLine
		if br.Tap != 0 || br.Shift != 0 {
			kind = network.KindTransformer
		}
		b.AddLink(network.Link{ID: pre + "br" + strconv.Itoa(row), Kind: kind, From: busID(br.FBus), To: busID(br.TBus),
			Reactance: br.X, Rating: finiteOrZero(br.RateA), Tap: br.Tap, Shift: br.Shift,
			OutOfService: !br.InService(), Params: q.m, Tags: q.tags()})
	}
	return parse.Build(b, c.File)
}
