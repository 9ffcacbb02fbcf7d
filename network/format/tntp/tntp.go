package tntp

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"strconv"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/internal/parse"
	"github.com/lifeline-sim/lifeline/sim"
)

// Options controls Import. The zero value reads node coordinates as
// WGS84 lon/lat, names nodes n<id> and links l<row>, keeps lengths as they
// are written (taken as metres) and reads free-flow times in minutes.
type Options struct {
	// CRS of the node file's coordinates. The InfraRisk Shelby County
	// network is Web Mercator (WebMercator); the InfraRisk Micropolis and
	// in2 networks are drawn on unreferenced planes (Local).
	CRS network.CRS
	// Prefix is put before a node's token to make its component ID;
	// "" means "n", unless BareNodeIDs.
	Prefix string
	// BareNodeIDs makes each node's token its component ID as written,
	// without a prefix, for files whose tokens are names already
	// (InfraRisk's T_J1); Prefix must then be "".
	BareNodeIDs bool
	// LinkPrefix is put before a link's 1-based row number to make its ID;
	// "" means "l".
	LinkPrefix string
	// LengthUnit is the number of metres in one unit of the length column;
	// 0 means 1 (the numbers are taken as metres). TNTP does not state its
	// units, so the caller must: miles are 1609.344, kilometres 1000. The
	// InfraRisk Shelby County lengths are kilometres on the Web Mercator
	// plane (each is at least the Mercator distance between its ends, the
	// median equal to it), about 1.22 times the ground length at 35°N.
	LengthUnit float64
	// TimeUnit is the duration of one unit of the free-flow time column;
	// 0 means sim.Minute, the usual TNTP unit.
	TimeUnit sim.Time
	// IgnoreCounts skips the check that <NUMBER OF LINKS> equals the number
	// of link rows and <NUMBER OF NODES> the number of nodes. InfraRisk's
	// reduced networks keep their original link count in the metadata
	// (Shelby County states 590 links and has 589 rows; Micropolis states
	// 210 and has 176), so reading them needs this.
	IgnoreCounts bool
	// MaxBytes caps the size of each file in bytes: a larger file is
	// refused with a *network.ParseError wrapping network.ErrTooLarge. 0
	// means the default, 4 GiB; a negative value means no cap.
	MaxBytes int64
}

// Validate checks the options: a valid CRS, a finite non-negative length
// unit, a non-negative time unit and no Prefix with BareNodeIDs.
func (o *Options) Validate() error {
	if err := o.CRS.Validate(); err != nil {
		return fmt.Errorf("tntp: %w", err)
	}
	if !parse.Finite(o.LengthUnit) {
		return fmt.Errorf("tntp: length unit: %w (%v)", network.ErrNotFinite, o.LengthUnit)
	}
	if o.LengthUnit < 0 {
		return fmt.Errorf("tntp: length unit: %w (%v)", network.ErrNegative, o.LengthUnit)
	}
	if o.TimeUnit < 0 {
		return fmt.Errorf("tntp: time unit: %w (%v)", network.ErrNegative, o.TimeUnit)
	}
	if o.BareNodeIDs && o.Prefix != "" {
		return fmt.Errorf("tntp: %w: a Prefix (%q) with BareNodeIDs", network.ErrInvalid, o.Prefix)
	}
	return nil
}

// Import reads the TNTP network file netFile of fsys and, unless nodeFile
// is "", the node file nodeFile with coordinates, as the package
// documentation describes. The network is named by netFile's last element
// (its file name, without the directories).
func Import(fsys fs.FS, netFile, nodeFile string, opts Options) (*network.Network, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if opts.Prefix == "" && !opts.BareNodeIDs {
		opts.Prefix = "n"
	}
	if opts.LinkPrefix == "" {
		opts.LinkPrefix = "l"
	}
	if opts.LengthUnit == 0 {
		opts.LengthUnit = 1
	}
	if opts.TimeUnit == 0 {
		opts.TimeUnit = sim.Minute
	}
	b := network.NewBuilder()
	b.SetName(path.Base(netFile))
	b.SetCRS(opts.CRS)
	known := map[string]bool{}
	var nodeCount *int
	if nodeFile != "" {
		var n int
		err := readFile(parse.Source{FS: fsys, Name: nodeFile, Max: opts.MaxBytes}, func(r io.Reader) (err error) {
			n, err = readTNTPNodes(b, r, nodeFile, &opts, known)
			return err
		})
		if err != nil {
			return nil, err
		}
		nodeCount = &n
	}
	err := readFile(parse.Source{FS: fsys, Name: netFile, Max: opts.MaxBytes}, func(r io.Reader) error {
		return readTNTPLinks(b, r, netFile, &opts, known, nodeCount)
	})
	if err != nil {
		return nil, err
	}
	return parse.Build(b, netFile)
}

// readFile opens the file of src (under its size cap) and hands it to
// read; a file that cannot be opened is a ParseError naming it.
func readFile(src parse.Source, read func(io.Reader) error) error {
	f, err := src.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	return read(f)
}

// tntpToken is a field of a TNTP line with its 1-based byte column.
type tntpToken struct {
	text string
	col  int
}

// tntpFields splits a line into fields separated by spaces and tabs, up to
// a ";" or a "~" comment. Anything but blanks, more ";" (InfraRisk's Shelby
// County file has a ";\t;") or a comment after the ";" is an error; the
// column of the offending byte is returned.
func tntpFields(line string) ([]tntpToken, int, error) {
	var toks []tntpToken
	start := -1
	flush := func(i int) {
		if start >= 0 {
			toks = append(toks, tntpToken{line[start:i], start + 1})
			start = -1
		}
	}
	for i := 0; i < len(line); i++ {
		switch c := line[i]; c {
		case ' ', '\t', '\r', '\v', '\f':
			flush(i)
		case '~':
			flush(i)
			return toks, 0, nil
		case ';':
			flush(i)
			for j := i + 1; j < len(line); j++ {
				switch line[j] {
				case ' ', '\t', '\r', '\v', '\f', ';':
				case '~':
					return toks, 0, nil
				default:
					return nil, j + 1, fmt.Errorf("%w: text after \";\"", network.ErrSyntax)
				}
			}
			return toks, 0, nil
		default:
			if start < 0 {
				start = i
			}
		}
	}
	flush(len(line))
	return toks, 0, nil
}

// tntpLines scans a TNTP file line by line with line numbers.
type tntpLines struct {
	file string
	sc   *bufio.Scanner
	n    int
}

// maxTNTPLine bounds the length of a line.
const maxTNTPLine = 1 << 20

func newTNTPLines(r io.Reader, file string) *tntpLines {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxTNTPLine)
	return &tntpLines{file: file, sc: sc}
}

func (l *tntpLines) next() (string, bool) {
	if !l.sc.Scan() {
		return "", false
	}
	l.n++
	return l.sc.Text(), true
}

// err reports a read error after next returned false.
func (l *tntpLines) err() error {
	err := l.sc.Err()
	if err == nil {
		return nil
	}
	var pe *network.ParseError
	if errors.As(err, &pe) { // the size cap or an I/O error
		return pe
	}
	if errors.Is(err, bufio.ErrTooLong) {
		err = fmt.Errorf("%w: line longer than %d bytes", network.ErrSyntax, maxTNTPLine)
	}
	return &network.ParseError{File: l.file, Line: l.n + 1, Err: err}
}

func (l *tntpLines) errAt(col int, field string, err error) *network.ParseError {
	return &network.ParseError{File: l.file, Line: l.n, Col: col, Field: field, Err: err}
}

// readTNTPNodes adds the nodes of a node file and returns how many.
func readTNTPNodes(b *network.Builder, r io.Reader, file string, opts *Options, known map[string]bool) (int, error) {
	lines := newTNTPLines(r, file)
	first := true
	count := 0
	for {
		line, ok := lines.next()
		if !ok {
			return count, lines.err()
		}
		toks, col, err := tntpFields(line)
		if err != nil {
			return 0, lines.errAt(col, "", err)
		}
		if len(toks) == 0 {
			continue
		}
		if first {
			first = false
			if len(toks) < 2 {
				continue // a one-word header
			}
			if _, err := parse.Number(toks[1].text); err != nil {
				continue // a header such as "Node X Y ;"
			}
		}
		if len(toks) < 3 {
			return 0, lines.errAt(toks[len(toks)-1].col, "", fmt.Errorf("%w: want \"node x y\"", network.ErrSyntax))
		}
		id := toks[0].text
		if known[id] {
			return 0, lines.errAt(toks[0].col, "node", fmt.Errorf("%w: node %s", network.ErrDuplicateID, parse.Quote(id)))
		}
		var p network.Point
		for i, dst := range []*float64{&p.X, &p.Y} {
			v, err := parse.Number(toks[1+i].text)
			if err != nil {
				return 0, lines.errAt(toks[1+i].col, [...]string{"x", "y"}[i], err)
			}
			*dst = v
		}
		if err := opts.CRS.CheckPoint(p); err != nil {
			return 0, lines.errAt(toks[1].col, "x", err)
		}
		known[id] = true
		count++
		b.AddComponent(network.Component{ID: opts.Prefix + id, Sector: network.Transport, Kind: network.KindIntersection, Location: &p})
	}
}

// tntpColumns names the ten standard columns of a link row; the last five
// are kept as the link's Params of the same names.
var tntpColumns = [...]string{"init_node", "term_node", "capacity", "length", "free_flow_time",
	string(network.ParamB), string(network.ParamPower), string(network.ParamSpeed), string(network.ParamToll), string(network.ParamLinkType)}

// tntpHeader reads the names of a tab-separated "~" header line.
func tntpHeader(line string) []string {
	if !strings.Contains(line, "\t") {
		return nil
	}
	var names []string
	for _, f := range strings.Split(strings.TrimLeft(line, " \t"), "\t") {
		f = strings.TrimSpace(f)
		f = strings.TrimSpace(strings.TrimPrefix(f, "~"))
		if f == "" || f == ";" {
			continue
		}
		names = append(names, parse.SnakeCase(f))
	}
	return names
}

// tntpMeta is a metadata value with its position.
type tntpMeta struct {
	value string
	line  int
	col   int
}

// readTNTPLinks adds the links of a network file. With a node file,
// nodeCount points at the number of nodes read; without one, endpoints are
// added as components when first seen.
func readTNTPLinks(b *network.Builder, r io.Reader, file string, opts *Options, known map[string]bool, nodeCount *int) error {
	lines := newTNTPLines(r, file)
	meta := map[string]tntpMeta{}
	var header []string
	// Metadata.
	for ended := false; !ended; {
		line, ok := lines.next()
		if !ok {
			if err := lines.err(); err != nil {
				return err
			}
			return &network.ParseError{File: file, Line: lines.n, Field: "END OF METADATA", Err: fmt.Errorf("%w: missing <END OF METADATA>", network.ErrSyntax)}
		}
		s := strings.TrimSpace(line)
		if s == "" || s[0] == '~' {
			continue
		}
		if s[0] != '<' {
			return lines.errAt(strings.Index(line, s)+1, "", fmt.Errorf("%w: want a metadata line \"<KEY> value\"", network.ErrSyntax))
		}
		end := strings.IndexByte(s, '>')
		if end < 0 {
			return lines.errAt(strings.Index(line, s)+1, "", fmt.Errorf("%w: unterminated metadata key", network.ErrSyntax))
		}
		key := strings.Join(strings.Fields(strings.ToUpper(s[1:end])), " ")
		rest := s[end+1:]
		val := ""
		if f := strings.Fields(rest); len(f) > 0 {
			val = f[0]
		}
		// 1-based column of the value: start of s, past "<KEY>", past blanks.
		col := strings.Index(line, s) + end + 2 + len(rest) - len(strings.TrimLeft(rest, " \t"))
		if key == "END OF METADATA" {
			ended = true
			continue
		}
		meta[key] = tntpMeta{val, lines.n, col}
	}
	counts := map[string]int64{}
	for _, key := range []string{"NUMBER OF NODES", "NUMBER OF LINKS"} {
		m, ok := meta[key]
		if !ok {
			return &network.ParseError{File: file, Line: lines.n, Field: key, Err: fmt.Errorf("%w: missing <%s>", network.ErrSyntax, key)}
		}
		v, err := parse.Count(m.value)
		if err != nil {
			return &network.ParseError{File: file, Line: m.line, Col: m.col, Field: key, Err: err}
		}
		counts[key] = v
	}
	// Links.
	row := 0
	for {
		line, ok := lines.next()
		if !ok {
			if err := lines.err(); err != nil {
				return err
			}
			break
		}
		if s := strings.TrimSpace(line); strings.HasPrefix(s, "~") {
			if header == nil {
				header = tntpHeader(s)
			}
			continue
		}
		toks, col, err := tntpFields(line)
		if err != nil {
			return lines.errAt(col, "", err)
		}
		if len(toks) == 0 {
			continue
		}
		if len(toks) < len(tntpColumns) {
			return lines.errAt(toks[len(toks)-1].col, tntpColumns[len(toks)], fmt.Errorf("%w: %d fields, want at least %d", network.ErrSyntax, len(toks), len(tntpColumns)))
		}
		row++
		l := network.Link{ID: opts.LinkPrefix + strconv.Itoa(row), Kind: network.KindRoad, Directed: true, Params: make(map[network.Param]float64, 5)}
		for i, end := range []*string{&l.From, &l.To} {
			id := toks[i].text
			if !known[id] {
				if nodeCount != nil {
					return lines.errAt(toks[i].col, tntpColumns[i], fmt.Errorf("%w: node %s is not in the node file", network.ErrUnknownID, parse.Quote(id)))
				}
				known[id] = true
				b.AddComponent(network.Component{ID: opts.Prefix + id, Sector: network.Transport, Kind: network.KindIntersection})
			}
			*end = opts.Prefix + id
		}
		if l.From == l.To {
			return lines.errAt(toks[1].col, "term_node", fmt.Errorf("%w: node %s", network.ErrSelfLoop, parse.Quote(toks[1].text)))
		}
		var v [len(tntpColumns)]float64
		for i := 2; i < len(tntpColumns); i++ {
			x, err := parse.Number(toks[i].text)
			if err != nil {
				return lines.errAt(toks[i].col, tntpColumns[i], err)
			}
			if i <= 4 && x < 0 {
				return lines.errAt(toks[i].col, tntpColumns[i], fmt.Errorf("%w: %v", network.ErrNegative, x))
			}
			v[i] = x
		}
		l.Capacity = v[2]
		l.Length = v[3] * opts.LengthUnit
		if !parse.Finite(l.Length) {
			return lines.errAt(toks[3].col, "length", fmt.Errorf("%w: %v × %v m", network.ErrNotFinite, v[3], opts.LengthUnit))
		}
		ff := v[4] * float64(opts.TimeUnit)
		if ff >= float64(network.MaxFreeFlow) {
			return lines.errAt(toks[4].col, "free_flow_time", fmt.Errorf("%w: %v × %v is not below 2^53 ns", network.ErrOutOfRange, v[4], opts.TimeUnit))
		}
		l.FreeFlow = sim.Time(math.Round(ff))
		for i := 5; i < len(tntpColumns); i++ {
			l.Params[network.Param(tntpColumns[i])] = v[i]
		}
		for i := len(tntpColumns); i < len(toks); i++ {
			name := "col" + strconv.Itoa(i+1)
			if len(header) == len(toks) && header[i] != "" {
				name = header[i]
			}
			if l.Tags == nil {
				l.Tags = map[string]string{}
			}
			l.Tags[name] = toks[i].text
		}
		b.AddLink(l)
	}
	if opts.IgnoreCounts {
		return nil
	}
	if m := meta["NUMBER OF LINKS"]; counts["NUMBER OF LINKS"] != int64(row) {
		return &network.ParseError{File: file, Line: m.line, Col: m.col, Field: "NUMBER OF LINKS",
			Err: fmt.Errorf("%w: metadata says %d links, the file has %d rows", network.ErrInvalid, counts["NUMBER OF LINKS"], row)}
	}
	m, want := meta["NUMBER OF NODES"], counts["NUMBER OF NODES"]
	switch {
	case nodeCount != nil && want != int64(*nodeCount):
		return &network.ParseError{File: file, Line: m.line, Col: m.col, Field: "NUMBER OF NODES",
			Err: fmt.Errorf("%w: metadata says %d nodes, the node file has %d", network.ErrInvalid, want, *nodeCount)}
	case nodeCount == nil && want < int64(len(known)):
		return &network.ParseError{File: file, Line: m.line, Col: m.col, Field: "NUMBER OF NODES",
			Err: fmt.Errorf("%w: metadata says %d nodes, the links join %d", network.ErrInvalid, want, len(known))}
	}
	return nil
}
