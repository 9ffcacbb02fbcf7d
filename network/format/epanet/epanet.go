package epanet

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/internal/parse"
)

// Options controls Import.
type Options struct {
	// CRS is the coordinate reference system of [COORDINATES] and
	// [VERTICES]. The zero value means Local (EPANET drawings are usually
	// unreferenced); pass WGS84 explicitly for longitude/latitude.
	CRS network.CRS
	// Prefix is prepended to every component and link ID ("w/" gives
	// "w/10"), so that several networks can share one city; empty by
	// default.
	Prefix string
	// MaxBytes caps the size of the input in bytes: a larger file is
	// refused with a *network.ParseError wrapping network.ErrTooLarge. 0
	// means the default, 4 GiB; a negative value means no cap.
	MaxBytes int64
}

// Validate checks the options: a valid CRS.
func (o *Options) Validate() error {
	if err := o.CRS.Validate(); err != nil {
		return fmt.Errorf("epanet: %w", err)
	}
	return nil
}

// epanetUnits holds the factors from one file's units to SI.
type epanetUnits struct {
	flow   float64 // flow unit → m³/s
	length float64 // ft or m → m
	diam   float64 // in or mm → m
	volume float64 // ft³ or m³ → m³
	power  float64 // hp or kW → kW
}

var epanetFlowUnits = map[string]float64{
	"CFS": 0.028316846592, "GPM": 6.30901964e-5, "MGD": 0.0438126364, "IMGD": 0.0526168042,
	"AFD": 0.0142764101, "LPS": 1e-3, "LPM": 1.0 / 60000, "MLD": 1 / 86.4, "CMH": 1.0 / 3600,
	"CMD": 1.0 / 86400, "CMS": 1,
}

func epanetUnitsOf(flow string) (epanetUnits, bool) {
	f, ok := epanetFlowUnits[flow]
	if !ok {
		return epanetUnits{}, false
	}
	switch flow {
	case "CFS", "GPM", "MGD", "IMGD", "AFD":
		return epanetUnits{flow: f, length: 0.3048, diam: 0.0254, volume: 0.028316846592, power: 0.745699872}, true
	}
	return epanetUnits{flow: f, length: 1, diam: 1e-3, volume: 1, power: 1}, true
}

// eTok is one token of a line with its 1-based column and the column
// just after it (after the closing quote of a quoted token).
type eTok struct {
	text     string
	col, end int
}

// eLine is a data line: its number and tokens.
type eLine struct {
	n    int
	toks []eTok
}

// epanetTokens splits a line at blanks, honouring "quotes" and stopping at
// a ';' comment.
func epanetTokens(l []byte) []eTok {
	var toks []eTok
	i := 0
	for i < len(l) {
		c := l[i]
		switch {
		case c == ';':
			return toks
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '"':
			j := i + 1
			for j < len(l) && l[j] != '"' {
				j++
			}
			end := j + 2
			if j >= len(l) {
				end = j + 1
			}
			toks = append(toks, eTok{string(l[i+1 : j]), i + 1, end})
			i = j + 1
		default:
			j := i
			for j < len(l) && !strings.ContainsRune(" \t\r\f\v;\"", rune(l[j])) {
				j++
			}
			toks = append(toks, eTok{string(l[i:j]), i + 1, j + 1})
			i = j
		}
	}
	return toks
}

// epanetSkipped lists the sections read only for their syntax.
var epanetSkipped = map[string]bool{
	"CONTROLS": true, "RULES": true, "ENERGY": true, "REACTIONS": true, "TIMES": true, "REPORT": true,
	"QUALITY": true, "LABELS": true, "BACKDROP": true, "TAGS": true, "EMITTERS": true, "SOURCES": true,
	"MIXING": true, "LEAKAGE": true,
}

var epanetRead = map[string]bool{
	"TITLE": true, "JUNCTIONS": true, "RESERVOIRS": true, "TANKS": true, "PIPES": true, "PUMPS": true,
	"VALVES": true, "DEMANDS": true, "STATUS": true, "COORDINATES": true, "VERTICES": true,
	"OPTIONS": true, "CURVES": true, "PATTERNS": true, "END": true,
}

// ePos locates a token for errors.
type ePos struct {
	line, col int
}

type eNode struct {
	id                           string
	pos                          ePos
	kind                         network.Kind
	elev, demand                 float64 // elev is the head of a reservoir
	init, min, max, diam, minVol float64 // tanks
	pattern, curve               string
	patternPos, curvePos         ePos
	hasDemands                   bool
	demandSum                    float64
	located                      bool
	loc                          network.Point
}

type eLink struct {
	id         string
	pos        ePos
	kind       network.Kind // KindPipe, KindPump, KindValve
	n1, n2     string
	n1Pos      ePos
	n2Pos      ePos
	length     float64
	diam       float64
	rough      float64
	minor      float64
	closed, cv bool
	// pumps
	headCurve, speedPattern string
	headPos, patPos         ePos
	power, speed            float64
	hasPower, hasSpeed      bool
	// valves
	valveType    string
	setting      float64
	hasSetting   bool
	settingCurve string
	valveCurve   string
	settingPos   ePos
	curvePos     ePos
	vertices     []network.Point
}

type eParser struct {
	file string
	crs  network.CRS

	section    string
	title      string
	nodes      []*eNode
	nodeIndex  map[string]*eNode
	links      []*eLink
	linkIndex  map[string]*eLink
	demands    []eLine
	status     []eLine
	coords     []eLine
	vertices   []eLine
	curves     map[string][]network.Point
	patterns   map[string]bool
	units      string
	unitsPos   ePos
	multiplier float64
}

func (p *eParser) err(pos ePos, field string, sentinel error, format string, args ...any) error {
	return parse.Errorf(p.file, pos.line, pos.col, field, sentinel, format, args...)
}

// number parses token i of line l as a finite decimal number; any token
// that is not one is malformed (ErrSyntax, with parse.Number's sentinel).
func (p *eParser) number(l eLine, i int, field string) (float64, error) {
	if i >= len(l.toks) {
		return 0, p.missing(l, field)
	}
	t := l.toks[i]
	v, err := parse.Number(t.text)
	if err != nil {
		return 0, &network.ParseError{File: p.file, Line: l.n, Col: t.col, Field: field,
			Err: fmt.Errorf("%w: malformed number: %w", network.ErrSyntax, err)}
	}
	return v, nil
}

// isNumber reports whether s is a finite decimal number.
func isNumber(s string) bool {
	_, err := parse.Number(s)
	return err == nil
}

// missing reports a line that ends before field.
func (p *eParser) missing(l eLine, field string) error {
	col := 1
	if n := len(l.toks); n > 0 {
		col = l.toks[n-1].end
	}
	return p.err(ePos{l.n, col}, field, network.ErrSyntax, "missing %s", field[strings.IndexByte(field, '.')+1:])
}

func (l eLine) pos(i int) ePos {
	if i < len(l.toks) {
		return ePos{l.n, l.toks[i].col}
	}
	return ePos{l.n, 1}
}

// Import reads an EPANET input file from r into a water network in
// SI units; file names it in errors. Junctions, reservoirs and tanks become
// components with their IDs (KindJunction with Demand in m³/s,
// KindReservoir and KindTank as sources, a tank's usable volume as
// Storage); pipes and valves become links with their IDs; a pump becomes a
// KindPump component (its ID, or "<ID>:pump" when a node has that ID)
// between the directed KindConnection links "<ID>:in" and "<ID>:out", so
// that it can carry a power requirement. [STATUS] sets the initial
// OutOfService flags. The full conventions, unit factors and errors are in
// the package documentation. Errors are *ParseError values
// with the line, column and field ("PIPES.length") of the token at fault;
// invalid options return the error of Validate.
func Import(fsys fs.FS, name string, opts Options) (*network.Network, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	file := name
	src, err := parse.Source{FS: fsys, Name: name, Max: opts.MaxBytes}.Open()
	if err != nil {
		return nil, err
	}
	defer src.Close()
	crs := opts.CRS
	if crs.EPSG == 0 {
		crs = network.Local
	}
	p := &eParser{file: file, crs: crs, nodeIndex: map[string]*eNode{}, linkIndex: map[string]*eLink{},
		curves: map[string][]network.Point{}, patterns: map[string]bool{}, units: "GPM", multiplier: 1}
	if err := p.read(src); err != nil {
		return nil, err
	}
	return p.build(opts.Prefix)
}

// read reads the file line by line (only the current line is held). Text
// outside a section, a NUL byte (binary data) and a file without sections
// are errors: what is not an EPANET input file (an empty file, HTML, JSON,
// another format) is refused rather than read as an empty network.
func (p *eParser) read(src io.Reader) error {
	sc := bufio.NewScanner(src)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	sections := 0
	n := 0
	for sc.Scan() {
		n++
		raw := bytes.TrimSuffix(sc.Bytes(), []byte("\r"))
		if n == 1 {
			raw = bytes.TrimPrefix(raw, []byte("\uFEFF"))
		}
		if i := bytes.IndexByte(raw, 0); i >= 0 {
			return p.err(ePos{n, i + 1}, "", network.ErrSyntax, "binary data (a NUL byte): not an EPANET input file")
		}
		trimmed := bytes.TrimSpace(raw)
		if len(trimmed) > 0 && trimmed[0] == '[' {
			end := bytes.IndexByte(trimmed, ']')
			if end < 0 {
				return p.err(ePos{n, bytes.IndexByte(raw, '[') + 1}, "", network.ErrSyntax, "section header without ']'")
			}
			name := strings.ToUpper(string(trimmed[1:end]))
			if !epanetRead[name] && !epanetSkipped[name] {
				return p.err(ePos{n, bytes.IndexByte(raw, '[') + 1}, "", network.ErrSyntax, "unknown section [%s]", parse.Excerpt(trimmed[1:end]))
			}
			sections++
			if name == "END" {
				return p.enough(n)
			}
			p.section = name
			continue
		}
		if p.section == "TITLE" {
			if p.title == "" && len(trimmed) > 0 && trimmed[0] != ';' {
				p.title = string(trimmed)
			}
			continue
		}
		toks := epanetTokens(raw)
		if len(toks) == 0 || epanetSkipped[p.section] {
			continue
		}
		if p.section == "" {
			return p.err(ePos{n, toks[0].col}, "", network.ErrSyntax,
				"%s outside a section: not an EPANET input file (want a section such as [JUNCTIONS] first)", parse.Quote(toks[0].text))
		}
		if err := p.line(eLine{n, toks}); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		var pe *network.ParseError
		if errors.As(err, &pe) { // the size cap or an I/O error
			return pe
		}
		if errors.Is(err, bufio.ErrTooLong) {
			return p.err(ePos{n + 1, 1}, "", network.ErrSyntax, "line longer than %d bytes", maxLine)
		}
		return p.err(ePos{n + 1, 1}, "", network.ErrSyntax, "%v", err)
	}
	if sections == 0 {
		return p.err(ePos{max(n, 1), 1}, "", network.ErrSyntax, "no [SECTION]: not an EPANET input file")
	}
	return p.enough(n)
}

// maxLine is the longest line read (bufio.Scanner's buffer): far above
// any real line, so that junk without line breaks is refused early.
const maxLine = 16 << 20

// enough checks that the file defines a node, as EPANET does ("not enough
// nodes in network", its error 223); n is the last line read.
func (p *eParser) enough(n int) error {
	if len(p.nodes) == 0 {
		return p.err(ePos{max(n, 1), 1}, "", network.ErrInvalid, "no junction, reservoir or tank: not a water network")
	}
	return nil
}

func (p *eParser) line(l eLine) error {
	switch p.section {
	case "JUNCTIONS":
		return p.junction(l)
	case "RESERVOIRS":
		return p.reservoir(l)
	case "TANKS":
		return p.tank(l)
	case "PIPES":
		return p.pipe(l)
	case "PUMPS":
		return p.pump(l)
	case "VALVES":
		return p.valve(l)
	case "DEMANDS":
		p.demands = append(p.demands, l)
	case "STATUS":
		p.status = append(p.status, l)
	case "COORDINATES":
		if nd := p.nodeIndex[l.toks[0].text]; nd != nil && len(p.coords) == 0 { // the usual order: place it now
			pt, err := p.point(l, "COORDINATES")
			nd.loc, nd.located = pt, true
			return err
		}
		p.coords = append(p.coords, l)
	case "VERTICES":
		if lk := p.linkIndex[l.toks[0].text]; lk != nil && len(p.vertices) == 0 {
			pt, err := p.point(l, "VERTICES")
			lk.vertices = append(lk.vertices, pt)
			return err
		}
		p.vertices = append(p.vertices, l)
	case "CURVES":
		return p.curve(l)
	case "PATTERNS":
		p.patterns[l.toks[0].text] = true
		for i := 1; i < len(l.toks); i++ {
			if _, err := p.number(l, i, "PATTERNS.multiplier"); err != nil {
				return err
			}
		}
	case "OPTIONS":
		return p.option(l)
	}
	return nil
}

func (p *eParser) addNode(l eLine, kind network.Kind) (*eNode, error) {
	id := l.toks[0].text
	if id == "" {
		return nil, p.err(l.pos(0), p.section+".id", network.ErrSyntax, "empty ID")
	}
	if old, dup := p.nodeIndex[id]; dup {
		return nil, p.err(l.pos(0), p.section+".id", network.ErrDuplicateID, "node %s already defined on line %d", parse.Quote(id), old.pos.line)
	}
	nd := &eNode{id: id, pos: l.pos(0), kind: kind}
	p.nodeIndex[id] = nd
	p.nodes = append(p.nodes, nd)
	return nd, nil
}

func (p *eParser) junction(l eLine) error {
	nd, err := p.addNode(l, network.KindJunction)
	if err != nil {
		return err
	}
	if nd.elev, err = p.number(l, 1, "JUNCTIONS.elevation"); err != nil {
		return err
	}
	if len(l.toks) > 2 {
		if nd.demand, err = p.number(l, 2, "JUNCTIONS.demand"); err != nil {
			return err
		}
	}
	if len(l.toks) > 3 {
		nd.pattern, nd.patternPos = l.toks[3].text, l.pos(3)
	}
	return nil
}

func (p *eParser) reservoir(l eLine) error {
	nd, err := p.addNode(l, network.KindReservoir)
	if err != nil {
		return err
	}
	if nd.elev, err = p.number(l, 1, "RESERVOIRS.head"); err != nil {
		return err
	}
	if len(l.toks) > 2 {
		nd.pattern, nd.patternPos = l.toks[2].text, l.pos(2)
	}
	return nil
}

func (p *eParser) tank(l eLine) error {
	nd, err := p.addNode(l, network.KindTank)
	if err != nil {
		return err
	}
	for i, f := range []struct {
		dst  *float64
		name string
	}{{&nd.elev, "elevation"}, {&nd.init, "init_level"}, {&nd.min, "min_level"}, {&nd.max, "max_level"},
		{&nd.diam, "diameter"}} {
		if *f.dst, err = p.number(l, i+1, "TANKS."+f.name); err != nil {
			return err
		}
	}
	if len(l.toks) > 6 {
		if nd.minVol, err = p.number(l, 6, "TANKS.min_volume"); err != nil {
			return err
		}
	}
	if len(l.toks) > 7 && l.toks[7].text != "*" {
		nd.curve, nd.curvePos = l.toks[7].text, l.pos(7)
	}
	switch {
	case nd.diam < 0:
		return p.err(l.pos(5), "TANKS.diameter", network.ErrInvalid, "negative diameter %v", nd.diam)
	case nd.minVol < 0:
		return p.err(l.pos(6), "TANKS.min_volume", network.ErrInvalid, "negative minimum volume %v", nd.minVol)
	case nd.min > nd.max:
		return p.err(l.pos(3), "TANKS.min_level", network.ErrInvalid, "minimum level %v above maximum level %v", nd.min, nd.max)
	case nd.init < nd.min || nd.init > nd.max:
		return p.err(l.pos(2), "TANKS.init_level", network.ErrInvalid, "initial level %v outside [%v, %v]", nd.init, nd.min, nd.max)
	}
	return nil
}

func (p *eParser) addLink(l eLine, kind network.Kind) (*eLink, error) {
	id := l.toks[0].text
	if id == "" {
		return nil, p.err(l.pos(0), p.section+".id", network.ErrSyntax, "empty ID")
	}
	if old, dup := p.linkIndex[id]; dup {
		return nil, p.err(l.pos(0), p.section+".id", network.ErrDuplicateID, "link %s already defined on line %d", parse.Quote(id), old.pos.line)
	}
	if len(l.toks) < 3 {
		return nil, p.missing(l, p.section+".node"+strconv.Itoa(len(l.toks)))
	}
	lk := &eLink{id: id, pos: l.pos(0), kind: kind, n1: l.toks[1].text, n2: l.toks[2].text, n1Pos: l.pos(1), n2Pos: l.pos(2)}
	if lk.n1 == lk.n2 {
		return nil, p.err(l.pos(2), p.section+".node2", network.ErrSelfLoop, "link %s joins node %s to itself", parse.Quote(id), parse.Quote(lk.n1))
	}
	p.linkIndex[id] = lk
	p.links = append(p.links, lk)
	return lk, nil
}

func (p *eParser) pipe(l eLine) error {
	lk, err := p.addLink(l, network.KindPipe)
	if err != nil {
		return err
	}
	for i, f := range []struct {
		dst  *float64
		name string
	}{{&lk.length, "length"}, {&lk.diam, "diameter"}, {&lk.rough, "roughness"}} {
		if *f.dst, err = p.number(l, i+3, "PIPES."+f.name); err != nil {
			return err
		}
		if *f.dst <= 0 {
			return p.err(l.pos(i+3), "PIPES."+f.name, network.ErrInvalid, "%s must be positive, got %v", f.name, *f.dst)
		}
	}
	statusAt := -1
	switch {
	case len(l.toks) == 7:
		// The seventh token is either the minor loss or the status.
		if isNumber(l.toks[6].text) {
			lk.minor, _ = parse.Number(l.toks[6].text)
		} else {
			statusAt = 6
		}
	case len(l.toks) >= 8:
		if lk.minor, err = p.number(l, 6, "PIPES.minor_loss"); err != nil {
			return err
		}
		statusAt = 7
	}
	if lk.minor < 0 {
		return p.err(l.pos(6), "PIPES.minor_loss", network.ErrInvalid, "negative minor loss %v", lk.minor)
	}
	if statusAt >= 0 {
		switch strings.ToUpper(l.toks[statusAt].text) {
		case "OPEN":
		case "CLOSED":
			lk.closed = true
		case "CV":
			lk.cv = true
		default:
			return p.err(l.pos(statusAt), "PIPES.status", network.ErrSyntax, "status %s (want Open, Closed or CV)", parse.Quote(l.toks[statusAt].text))
		}
	}
	return nil
}

func (p *eParser) pump(l eLine) error {
	lk, err := p.addLink(l, network.KindPump)
	if err != nil {
		return err
	}
	if len(l.toks) < 4 {
		return p.missing(l, "PUMPS.parameters")
	}
	if isNumber(l.toks[3].text) {
		return p.err(l.pos(3), "PUMPS.parameters", network.ErrSyntax, "obsolete numeric pump parameters (want HEAD, POWER, SPEED or PATTERN keywords)")
	}
	for i := 3; i < len(l.toks); i += 2 {
		kw := strings.ToUpper(l.toks[i].text)
		field := "PUMPS." + strings.ToLower(kw)
		if i+1 >= len(l.toks) {
			if kw == "HEAD" || kw == "POWER" || kw == "SPEED" || kw == "PATTERN" {
				return p.missing(l, field)
			}
		}
		switch kw {
		case "HEAD":
			lk.headCurve, lk.headPos = l.toks[i+1].text, l.pos(i+1)
		case "PATTERN":
			lk.speedPattern, lk.patPos = l.toks[i+1].text, l.pos(i+1)
		case "POWER":
			if lk.power, err = p.number(l, i+1, field); err != nil {
				return err
			}
			if lk.power <= 0 {
				return p.err(l.pos(i+1), field, network.ErrInvalid, "power must be positive, got %v", lk.power)
			}
			lk.hasPower = true
		case "SPEED":
			if lk.speed, err = p.number(l, i+1, field); err != nil {
				return err
			}
			if lk.speed < 0 {
				return p.err(l.pos(i+1), field, network.ErrInvalid, "negative speed %v", lk.speed)
			}
			lk.hasSpeed = true
		default:
			return p.err(l.pos(i), "PUMPS.parameters", network.ErrSyntax, "unknown pump keyword %s (want HEAD, POWER, SPEED or PATTERN)", parse.Quote(l.toks[i].text))
		}
	}
	if lk.headCurve == "" && !lk.hasPower {
		return p.err(l.pos(0), "PUMPS.parameters", network.ErrInvalid, "pump %s has neither a HEAD curve nor a POWER rating", parse.Quote(lk.id))
	}
	return nil
}

var epanetValveTypes = map[string]bool{"PRV": true, "PSV": true, "PBV": true, "FCV": true, "TCV": true, "GPV": true, "PCV": true}

func (p *eParser) valve(l eLine) error {
	lk, err := p.addLink(l, network.KindValve)
	if err != nil {
		return err
	}
	if lk.diam, err = p.number(l, 3, "VALVES.diameter"); err != nil {
		return err
	}
	if lk.diam <= 0 {
		return p.err(l.pos(3), "VALVES.diameter", network.ErrInvalid, "diameter must be positive, got %v", lk.diam)
	}
	if len(l.toks) < 5 {
		return p.missing(l, "VALVES.type")
	}
	lk.valveType = strings.ToUpper(l.toks[4].text)
	if !epanetValveTypes[lk.valveType] {
		return p.err(l.pos(4), "VALVES.type", network.ErrInvalid, "valve type %s (want PRV, PSV, PBV, FCV, TCV, GPV or PCV)", parse.Quote(l.toks[4].text))
	}
	if len(l.toks) < 6 {
		return p.missing(l, "VALVES.setting")
	}
	if lk.valveType == "GPV" {
		lk.settingCurve, lk.settingPos = l.toks[5].text, l.pos(5)
	} else {
		if lk.setting, err = p.number(l, 5, "VALVES.setting"); err != nil {
			return err
		}
		lk.hasSetting = true
	}
	if len(l.toks) > 6 {
		if lk.minor, err = p.number(l, 6, "VALVES.minor_loss"); err != nil {
			return err
		}
		if lk.minor < 0 {
			return p.err(l.pos(6), "VALVES.minor_loss", network.ErrInvalid, "negative minor loss %v", lk.minor)
		}
	}
	if len(l.toks) > 7 && lk.valveType == "PCV" {
		lk.valveCurve, lk.curvePos = l.toks[7].text, l.pos(7)
	}
	return nil
}

func (p *eParser) curve(l eLine) error {
	x, err := p.number(l, 1, "CURVES.x")
	if err != nil {
		return err
	}
	y, err := p.number(l, 2, "CURVES.y")
	if err != nil {
		return err
	}
	id := l.toks[0].text
	pts := p.curves[id]
	if n := len(pts); n > 0 && x <= pts[n-1].X {
		return p.err(l.pos(1), "CURVES.x", network.ErrInvalid, "curve %s: x values must increase (%v after %v)", parse.Quote(id), x, pts[n-1].X)
	}
	p.curves[id] = append(pts, network.Point{X: x, Y: y})
	return nil
}

func (p *eParser) option(l eLine) error {
	switch strings.ToUpper(l.toks[0].text) {
	case "UNITS":
		if len(l.toks) < 2 {
			return p.missing(l, "OPTIONS.units")
		}
		u := strings.ToUpper(l.toks[1].text)
		if _, ok := epanetFlowUnits[u]; !ok {
			return p.err(l.pos(1), "OPTIONS.units", network.ErrInvalid, "flow units %s (want CFS, GPM, MGD, IMGD, AFD, LPS, LPM, MLD, CMH, CMD or CMS)", parse.Quote(l.toks[1].text))
		}
		p.units, p.unitsPos = u, l.pos(1)
	case "DEMAND":
		if len(l.toks) >= 2 && strings.ToUpper(l.toks[1].text) == "MULTIPLIER" {
			v, err := p.number(l, 2, "OPTIONS.demand_multiplier")
			if err != nil {
				return err
			}
			if v < 0 {
				return p.err(l.pos(2), "OPTIONS.demand_multiplier", network.ErrInvalid, "negative demand multiplier %v", v)
			}
			p.multiplier = v
		}
	}
	return nil
}

// interpolate evaluates a curve at x as EPANET does: linear between points,
// extending the first and last segments beyond the ends.
func interpolate(c []network.Point, x float64) float64 {
	if len(c) == 1 {
		return c[0].Y
	}
	i := 1
	for i < len(c)-1 && x > c[i].X {
		i++
	}
	a, b := c[i-1], c[i]
	return a.Y + (x-a.X)*(b.Y-a.Y)/(b.X-a.X)
}

func (p *eParser) checkPattern(id string, pos ePos, field string) error {
	if id != "" && !p.patterns[id] {
		return p.err(pos, field, network.ErrUnknownID, "pattern %s is not in [PATTERNS]", parse.Quote(id))
	}
	return nil
}

func (p *eParser) checkCurve(id string, pos ePos, field string) error {
	if id != "" && p.curves[id] == nil {
		return p.err(pos, field, network.ErrUnknownID, "curve %s is not in [CURVES]", parse.Quote(id))
	}
	return nil
}

// resolve applies [DEMANDS], [STATUS], [COORDINATES] and [VERTICES] and
// checks every reference.
func (p *eParser) resolve() error {
	for _, nd := range p.nodes {
		field := "JUNCTIONS.pattern"
		if nd.kind == network.KindReservoir {
			field = "RESERVOIRS.pattern"
		}
		if err := p.checkPattern(nd.pattern, nd.patternPos, field); err != nil {
			return err
		}
		if err := p.checkCurve(nd.curve, nd.curvePos, "TANKS.volume_curve"); err != nil {
			return err
		}
	}
	for _, lk := range p.links {
		sec := map[network.Kind]string{network.KindPipe: "PIPES", network.KindPump: "PUMPS", network.KindValve: "VALVES"}[lk.kind]
		if p.nodeIndex[lk.n1] == nil {
			return p.err(lk.n1Pos, sec+".node1", network.ErrUnknownID, "link %s: node %s is not defined", parse.Quote(lk.id), parse.Quote(lk.n1))
		}
		if p.nodeIndex[lk.n2] == nil {
			return p.err(lk.n2Pos, sec+".node2", network.ErrUnknownID, "link %s: node %s is not defined", parse.Quote(lk.id), parse.Quote(lk.n2))
		}
		if err := p.checkCurve(lk.headCurve, lk.headPos, "PUMPS.head"); err != nil {
			return err
		}
		if err := p.checkPattern(lk.speedPattern, lk.patPos, "PUMPS.pattern"); err != nil {
			return err
		}
		if err := p.checkCurve(lk.settingCurve, lk.settingPos, "VALVES.setting"); err != nil {
			return err
		}
		if err := p.checkCurve(lk.valveCurve, lk.curvePos, "VALVES.curve"); err != nil {
			return err
		}
	}
	for _, l := range p.demands {
		nd := p.nodeIndex[l.toks[0].text]
		if nd == nil || nd.kind != network.KindJunction {
			return p.err(l.pos(0), "DEMANDS.junction", network.ErrUnknownID, "junction %s is not defined", parse.Quote(l.toks[0].text))
		}
		v, err := p.number(l, 1, "DEMANDS.demand")
		if err != nil {
			return err
		}
		if len(l.toks) > 2 {
			if err := p.checkPattern(l.toks[2].text, l.pos(2), "DEMANDS.pattern"); err != nil {
				return err
			}
		}
		nd.hasDemands = true
		nd.demandSum += v
	}
	for _, l := range p.status {
		if err := p.applyStatus(l); err != nil {
			return err
		}
	}
	for _, l := range p.coords {
		nd := p.nodeIndex[l.toks[0].text]
		if nd == nil {
			return p.err(l.pos(0), "COORDINATES.node", network.ErrUnknownID, "node %s is not defined", parse.Quote(l.toks[0].text))
		}
		pt, err := p.point(l, "COORDINATES")
		if err != nil {
			return err
		}
		nd.loc, nd.located = pt, true
	}
	for _, l := range p.vertices {
		lk := p.linkIndex[l.toks[0].text]
		if lk == nil {
			return p.err(l.pos(0), "VERTICES.link", network.ErrUnknownID, "link %s is not defined", parse.Quote(l.toks[0].text))
		}
		pt, err := p.point(l, "VERTICES")
		if err != nil {
			return err
		}
		lk.vertices = append(lk.vertices, pt)
	}
	return nil
}

func (p *eParser) point(l eLine, sec string) (network.Point, error) {
	x, err := p.number(l, 1, sec+".x")
	if err != nil {
		return network.Point{}, err
	}
	y, err := p.number(l, 2, sec+".y")
	if err != nil {
		return network.Point{}, err
	}
	pt := network.Point{X: x, Y: y}
	if err := p.crs.CheckPoint(pt); err != nil {
		return network.Point{}, p.err(l.pos(1), sec+".x", network.ErrOutOfRange, "(%v, %v) in %s", x, y, p.crs)
	}
	return pt, nil
}

func (p *eParser) applyStatus(l eLine) error {
	lk := p.linkIndex[l.toks[0].text]
	if lk == nil {
		return p.err(l.pos(0), "STATUS.id", network.ErrUnknownID, "link %s is not defined", parse.Quote(l.toks[0].text))
	}
	if len(l.toks) < 2 {
		return p.missing(l, "STATUS.status")
	}
	if len(l.toks) > 2 {
		return p.err(l.pos(2), "STATUS.status", network.ErrSyntax, "want a link ID and one status or setting")
	}
	word := strings.ToUpper(l.toks[1].text)
	if lk.kind == network.KindPipe && lk.cv {
		return p.err(l.pos(1), "STATUS.status", network.ErrInvalid, "the status of check valve %s cannot be changed", parse.Quote(lk.id))
	}
	switch word {
	case "OPEN":
		lk.closed = false
		return nil
	case "CLOSED":
		lk.closed = true
		return nil
	case "ACTIVE":
		if lk.kind == network.KindValve {
			lk.closed = false
			return nil
		}
	}
	v, err := parse.Number(l.toks[1].text)
	if err != nil || lk.kind == network.KindPipe {
		return p.err(l.pos(1), "STATUS.status", network.ErrSyntax, "status %s of %s %s", parse.Quote(l.toks[1].text), lk.kind, parse.Quote(lk.id))
	}
	switch lk.kind {
	case network.KindPump:
		if v < 0 {
			return p.err(l.pos(1), "STATUS.status", network.ErrInvalid, "negative pump speed %v", v)
		}
		lk.speed, lk.hasSpeed, lk.closed = v, true, v == 0
	case network.KindValve:
		if lk.valveType == "GPV" {
			return p.err(l.pos(1), "STATUS.status", network.ErrInvalid, "a GPV's setting is a curve, not %s", parse.Quote(l.toks[1].text))
		}
		lk.setting, lk.hasSetting, lk.closed = v, true, false
	}
	return nil
}

func (p *eParser) build(prefix string) (*network.Network, error) {
	if err := p.resolve(); err != nil {
		return nil, err
	}
	u, _ := epanetUnitsOf(p.units)
	b := network.NewBuilder()
	name := p.title
	if name == "" && p.file != "" {
		name = strings.TrimSuffix(filepath.Base(p.file), filepath.Ext(p.file))
	}
	b.SetName(name)
	b.SetCRS(p.crs)
	b.SetAttr(network.ParamFlowUnitM3s, u.flow)
	b.SetAttr(network.ParamDemandMultiplier, p.multiplier)
	npumps := 0
	for _, lk := range p.links {
		if lk.kind == network.KindPump {
			npumps++
		}
	}
	b.Grow(len(p.nodes)+npumps, len(p.links)+npumps, 0)
	loc := func(nd *eNode) *network.Point {
		if !nd.located {
			return nil
		}
		pt := nd.loc
		return &pt
	}
	for _, kind := range []network.Kind{network.KindJunction, network.KindReservoir, network.KindTank} {
		for _, nd := range p.nodes {
			if nd.kind != kind {
				continue
			}
			c := network.Component{ID: prefix + nd.id, Sector: network.Water, Kind: kind, Location: loc(nd)}
			switch kind {
			case network.KindJunction:
				native := nd.demand
				if nd.hasDemands {
					native = nd.demandSum
				}
				d := native * p.multiplier * u.flow
				if !parse.Finite(d) || !parse.Finite(native) {
					return nil, p.err(nd.pos, "JUNCTIONS.demand", network.ErrInvalid, "junction %s: demand %v × multiplier %v overflows", parse.Quote(nd.id), native, p.multiplier)
				}
				if d > 0 {
					c.Role, c.Demand = network.RoleConsumer, d
				}
				c.Params = map[network.Param]float64{network.ParamElevationM: nd.elev * u.length, network.ParamDemandNative: native}
			case network.KindReservoir:
				c.Role = network.RoleSource
				c.Params = map[network.Param]float64{network.ParamHeadM: nd.elev * u.length}
				if nd.pattern != "" {
					c.Tags = map[string]string{"head_pattern": nd.pattern}
				}
			case network.KindTank:
				c.Role = network.RoleSource
				area := math.Pi / 4 * nd.diam * nd.diam // file units²
				storage := area * (nd.init - nd.min) * u.length * u.length * u.length
				field := "TANKS.diameter"
				if nd.curve != "" {
					cv := p.curves[nd.curve]
					storage = (interpolate(cv, nd.init) - interpolate(cv, nd.min)) * u.volume
					c.Tags = map[string]string{"volume_curve": nd.curve}
					field = "TANKS.volume_curve"
				}
				if !(storage >= 0) || math.IsInf(storage, 0) {
					return nil, p.err(nd.pos, field, network.ErrInvalid, "tank %s: usable volume %v m³", parse.Quote(nd.id), storage)
				}
				c.Storage = storage
				c.Params = map[network.Param]float64{
					network.ParamElevationM: nd.elev * u.length, network.ParamInitLevelM: nd.init * u.length,
					network.ParamMinLevelM: nd.min * u.length, network.ParamMaxLevelM: nd.max * u.length,
					network.ParamDiameterM: nd.diam * u.length, network.ParamMinVolumeM3: nd.minVol * u.volume,
				}
			}
			b.AddComponent(c)
		}
	}
	pumpIDs := map[*eLink]string{}
	taken := map[string]bool{}
	for _, lk := range p.links {
		if lk.kind == network.KindPump {
			taken[lk.id] = true
		}
	}
	for _, lk := range p.links {
		if lk.kind != network.KindPump {
			continue
		}
		id := lk.id
		if p.nodeIndex[id] != nil {
			id += ":pump"
			if p.nodeIndex[id] != nil || taken[id] {
				return nil, p.err(lk.pos, "PUMPS.id", network.ErrDuplicateID, "pump %s: its component ID %s is taken", parse.Quote(lk.id), parse.Quote(id))
			}
			taken[id] = true
		}
		pumpIDs[lk] = id
		c := network.Component{ID: prefix + id, Sector: network.Water, Kind: network.KindPump, Role: network.RoleTransit,
			Tags: map[string]string{"epanet_id": lk.id}}
		if a, z := p.nodeIndex[lk.n1], p.nodeIndex[lk.n2]; a.located && z.located {
			c.Location = &network.Point{X: (a.loc.X + z.loc.X) / 2, Y: (a.loc.Y + z.loc.Y) / 2}
		}
		if lk.headCurve != "" {
			c.Tags["head_curve"] = lk.headCurve
		}
		if lk.speedPattern != "" {
			c.Tags["speed_pattern"] = lk.speedPattern
		}
		if lk.hasPower || lk.hasSpeed {
			c.Params = map[network.Param]float64{}
			if lk.hasPower {
				c.Params[network.ParamPowerKW] = lk.power * u.power
			}
			if lk.hasSpeed {
				c.Params[network.ParamSpeed] = lk.speed
			}
		}
		b.AddComponent(c)
	}
	geometry := func(lk *eLink) []network.Point {
		if len(lk.vertices) == 0 {
			return nil
		}
		g := make([]network.Point, 0, len(lk.vertices)+2)
		if a := p.nodeIndex[lk.n1]; a.located {
			g = append(g, a.loc)
		}
		g = append(g, lk.vertices...)
		if z := p.nodeIndex[lk.n2]; z.located {
			g = append(g, z.loc)
		}
		if len(g) < 2 {
			return nil // one vertex between unlocated ends is no polyline
		}
		return g
	}
	linkIDs := map[string]ePos{}
	addLink := func(l network.Link, pos ePos, field string) error {
		if old, dup := linkIDs[l.ID]; dup {
			return p.err(pos, field, network.ErrDuplicateID, "link ID %s already used for the link on line %d", parse.Quote(l.ID), old.line)
		}
		linkIDs[l.ID] = pos
		b.AddLink(l)
		return nil
	}
	for _, kind := range []network.Kind{network.KindPipe, network.KindPump, network.KindValve} {
		for _, lk := range p.links {
			if lk.kind != kind {
				continue
			}
			var err error
			switch kind {
			case network.KindPipe:
				err = addLink(network.Link{ID: prefix + lk.id, Kind: network.KindPipe, From: prefix + lk.n1, To: prefix + lk.n2,
					Directed: lk.cv, Length: lk.length * u.length, Diameter: lk.diam * u.diam, OutOfService: lk.closed,
					Geometry: geometry(lk), Params: map[network.Param]float64{network.ParamRoughness: lk.rough, network.ParamMinorLoss: lk.minor}},
					lk.pos, "PIPES.id")
			case network.KindPump:
				pump := prefix + pumpIDs[lk]
				err = addLink(network.Link{ID: prefix + lk.id + ":in", Kind: network.KindConnection, From: prefix + lk.n1, To: pump,
					Directed: true, OutOfService: lk.closed}, lk.pos, "PUMPS.id")
				if err == nil {
					err = addLink(network.Link{ID: prefix + lk.id + ":out", Kind: network.KindConnection, From: pump, To: prefix + lk.n2,
						Directed: true, OutOfService: lk.closed}, lk.pos, "PUMPS.id")
				}
			case network.KindValve:
				l := network.Link{ID: prefix + lk.id, Kind: network.KindValve, From: prefix + lk.n1, To: prefix + lk.n2,
					Directed: lk.valveType == "PRV" || lk.valveType == "PSV" || lk.valveType == "FCV",
					Diameter: lk.diam * u.diam, OutOfService: lk.closed, Geometry: geometry(lk),
					Params: map[network.Param]float64{network.ParamMinorLoss: lk.minor}, Tags: map[string]string{"type": lk.valveType}}
				if lk.hasSetting {
					l.Params[network.ParamSetting] = lk.setting
				}
				if lk.settingCurve != "" {
					l.Tags["headloss_curve"] = lk.settingCurve
				}
				if lk.valveCurve != "" {
					l.Tags["valve_curve"] = lk.valveCurve
				}
				err = addLink(l, lk.pos, "VALVES.id")
			}
			if err != nil {
				return nil, err
			}
		}
	}
	return parse.Build(b, p.file)
}
