package scenarios

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/power"
	"github.com/lifeline-sim/lifeline/flow/roads"
	"github.com/lifeline-sim/lifeline/flow/telecom"
	"github.com/lifeline-sim/lifeline/flow/water"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/format"
	"github.com/lifeline-sim/lifeline/report"
	"github.com/lifeline-sim/lifeline/response"
	"github.com/lifeline-sim/lifeline/sim"
)

// Errors, beside network's sentinels (ErrSyntax, ErrInvalid, ErrUnknownID,
// ErrNegative, ErrOutOfRange, ErrNotFinite, ErrVersion, ErrTooLarge) that
// the errors of this package also wrap.
var (
	// ErrType: a value of the wrong type (a list where a number belongs).
	ErrType = errors.New("wrong type")
	// ErrUnknownKey: a key the mapping does not have.
	ErrUnknownKey = errors.New("unknown key")
	// ErrUnknownKind: a kind (hazard, model, format) the registry does not
	// have.
	ErrUnknownKind = errors.New("unknown kind")
	// ErrUnknownName: a name that is none of its field's values (a sector,
	// an effect, a damage state, a bundled city or scenario).
	ErrUnknownName = errors.New("unknown name")
	// ErrNotSupported: a key reserved for what the format will hold
	// (variants, events).
	ErrNotSupported = errors.New("not supported yet")
)

// DefaultMaxBytes caps the size of a scenario file: 4 MiB, far above
// any scenario written by hand, so that a huge or runaway input is refused
// before it is parsed.
const DefaultMaxBytes = 4 << 20

// Scenario is a scenario ready to run: the network, the sector models,
// the hazards, the horizon, seed and replications. Load builds one from a
// file; Go users may also fill one in directly.
type Scenario struct {
	// Name names the scenario in results (Load: the file's name: key, or
	// else the file's base name without .yaml).
	Name string
	// Description says what it is about.
	Description string
	// Network is the city.
	Network *network.Network
	// Models chooses sector models by sector name (cascade.Options.Models).
	Models map[network.Sector]flow.Factory
	// Hazards are the hazards, each with its own name.
	Hazards []Hazard
	// Horizon is the last instant simulated; 0 runs until no event remains.
	Horizon sim.Time
	// Seed is the scenario seed; replication i runs with
	// sim.ReplicationSeed(Seed, i).
	Seed uint64
	// Replications is the number of replications; 0 means 1.
	Replications int
	// Protection configures overload trips (cascade.Options.Protection).
	Protection cascade.Protection
	// Outputs says what lifeline run writes.
	Outputs Outputs
	// Response is the crews, units, policy, repair model and scripted
	// actions (response.Plan); the zero value responds to nothing. Each
	// engine gets its own Responder (response.New).
	Response response.Plan
	// File is the file the scenario was read from ("" when built in Go).
	File string

	warnings []Warning // what Load found that can do nothing (Warnings)
}

// Hazard is a hazard of a scenario and the repairs of what it damages.
type Hazard struct {
	hazard.Hazard
	// RepairWithin, when positive, repairs every component or link the
	// hazard damages (a Damage impact) after a delay drawn uniformly in
	// [0, RepairWithin) from a stream of the entity's ID key
	// (hazard.Repairs), so that an entity gets the same repair time in
	// every variant of a scenario (common random numbers).
	RepairWithin sim.Time
}

// LifelineModels returns the service model of each of the four lifelines
// with default options: DC power flow for power, water supply for water,
// roads for transport, telecom for telecom — the models a synthetic city
// (network/synth) is built for.
func LifelineModels() map[network.Sector]flow.Factory {
	return map[network.Sector]flow.Factory{
		network.Power:     power.Options{}.Factory,
		network.Water:     water.Options{}.Factory,
		network.Transport: roads.Options{}.Factory,
		network.Telecom:   telecom.Options{}.Factory,
	}
}

// Parse decodes a scenario file and checks what can be checked without
// building its network: the format version, the keys and the types of
// their values, the kinds, durations, unique hazard names and one network
// source. Errors are *network.ParseError values naming file, line, column
// and field. Parse never panics on bad input.
func Parse(data []byte, file string) (*File, error) {
	root, err := parseYAML(data, file)
	if err != nil {
		return nil, err
	}
	var f File
	d := decoder{file: file}
	if err := d.decodeStructs(root, "", []reflect.Value{reflect.ValueOf(&f).Elem()}, nil); err != nil {
		return nil, err
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	return &f, nil
}

// check validates a decoded file on its own.
func (f *File) check() error {
	p := &f.Pos
	switch {
	case !p.Has("version"):
		return p.Errorf("version", network.ErrVersion, "missing version: write version: %d first", Version)
	case f.Version != Version:
		return p.Errorf("version", network.ErrVersion, "version %d (this lifeline reads version %d)", f.Version, Version)
	case f.Replications < 0:
		return p.Errorf("replications", network.ErrNegative, "replications = %d", f.Replications)
	}
	n := &f.Network
	switch {
	case !p.Has("network"):
		return p.Errorf("network", network.ErrInvalid, "missing network: give a bundled city (network: {city: NAME}) or files")
	case (n.City == "") == (len(n.Files) == 0):
		return n.Pos.Errorf("", network.ErrInvalid, "give one of city and files")
	case n.City != "" && (n.Requirements != "" || n.Name != "" || n.WGS84):
		return n.Pos.Errorf("city", network.ErrInvalid, "a bundled city takes no requirements, name or wgs84")
	}
	if n.City != "" && !slices.Contains(CityNames(), n.City) {
		return n.Pos.Errorf("city", ErrUnknownName, "%s", unknown("bundled city", n.City, CityNames()))
	}
	for i := range n.Files {
		if n.Files[i].Path == "" {
			return n.Files[i].Pos.Errorf("path", network.ErrInvalid, "missing path")
		}
	}
	names := map[string]bool{}
	for i := range f.Hazards {
		if err := f.Hazards[i].checkNames(names, true); err != nil {
			return err
		}
	}
	if horizon := f.Horizon.Time(); horizon > 0 {
		for i := range f.Hazards {
			if s, ok := f.Hazards[i].Params.(striker); ok {
				if at, p := s.strikes(); at > horizon {
					return p.Errorf("at", network.ErrOutOfRange, "at %v is after the horizon %v: the run would end before the hazard strikes", at, horizon)
				}
			}
		}
	}
	if len(f.Response.Teams) > 0 {
		for i := range f.Hazards {
			if h := &f.Hazards[i]; h.RepairWithin > 0 {
				return h.Pos.Errorf("repair_within", network.ErrInvalid, "crews repair what the hazards damage: a file with response teams gives no repair_within")
			}
		}
	}
	if _, err := f.Protection.protection(); err != nil {
		return err
	}
	for _, w := range f.Outputs.Write {
		if !slices.Contains(report.Outputs, w) {
			return f.Outputs.Pos.Errorf("write", ErrUnknownName, "%s", unknown("output", w, report.Outputs))
		}
	}
	return nil
}

// Loader loads scenario files under a size cap.
type Loader struct {
	// MaxBytes caps the scenario file's size; 0 means DefaultMaxBytes.
	// Network files keep their readers' caps.
	MaxBytes int64
}

// Load reads a scenario file as Loader.Load does with the default cap.
func Load(fsys fs.FS, name string) (*Scenario, error) {
	return Loader{}.Load(fsys, name)
}

// Load reads the scenario file name of fsys and builds what it names: the
// network (a bundled city, or its files read from fsys, relative to the
// scenario file's directory, and merged), the models and the hazards,
// checked against the network. Errors are *network.ParseError values: those
// of the scenario name its file, line, column and field; those of a network
// file name that file.
func (l Loader) Load(fsys fs.FS, name string) (*Scenario, error) {
	f, err := l.ParseFile(fsys, name)
	if err != nil {
		return nil, err
	}
	return Build(f, fsys, path.Dir(name))
}

// ParseFile reads and parses the scenario file name of fsys under the size
// cap, without building its network.
func (l Loader) ParseFile(fsys fs.FS, name string) (*File, error) {
	data, err := readCapped(fsys, name, cmpOr(l.MaxBytes, DefaultMaxBytes))
	if err != nil {
		return nil, err
	}
	return Parse(data, name)
}

func cmpOr(a, b int64) int64 {
	if a > 0 {
		return a
	}
	return b
}

// readCapped reads a file of at most max bytes; a larger one is refused
// before it is read further.
func readCapped(fsys fs.FS, name string, max int64) ([]byte, error) {
	r, err := fsys.Open(name)
	if err != nil {
		return nil, &network.ParseError{File: name, Err: err}
	}
	defer r.Close()
	if st, err := r.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > max {
		return nil, &network.ParseError{File: name, Err: fmt.Errorf("%w: %d bytes (a scenario file holds at most %d)", network.ErrTooLarge, st.Size(), max)}
	}
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, io.LimitReader(r, max+1)); err != nil {
		return nil, &network.ParseError{File: name, Err: err}
	}
	if int64(buf.Len()) > max {
		return nil, &network.ParseError{File: name, Err: fmt.Errorf("%w: more than %d bytes (the cap of a scenario file)", network.ErrTooLarge, max)}
	}
	return buf.Bytes(), nil
}

// Build builds the scenario a parsed file describes; its network files are
// read from fsys relative to dir (an absolute path from the root of fsys).
func Build(f *File, fsys fs.FS, dir string) (*Scenario, error) {
	net, err := buildNetwork(&f.Network, fsys, dir)
	if err != nil {
		return nil, err
	}
	models, err := modelsFor(f, net)
	if err != nil {
		return nil, err
	}
	prot, err := f.Protection.protection()
	if err != nil {
		return nil, err
	}
	name := cmp.Or(f.Name, strings.TrimSuffix(strings.TrimSuffix(path.Base(f.Pos.File), ".yaml"), ".yml"))
	s := &Scenario{Protection: prot, Name: name, Description: f.Description, Network: net, Models: models,
		Horizon: f.Horizon.Time(), Seed: f.Seed, Replications: f.Replications, Outputs: f.Outputs, File: f.Pos.File}
	env := &buildEnv{net: net, fsys: fsys, dir: dir}
	if f.Pos.Has("response") {
		var ws []Warning
		if s.Response, ws, err = f.Response.plan(net); err != nil {
			return nil, err
		}
		env.warnings = append(env.warnings, ws...)
	}
	for i := range f.Hazards {
		h := &f.Hazards[i]
		hz, err := h.build(env)
		if err != nil {
			return nil, err
		}
		s.Hazards = append(s.Hazards, Hazard{Hazard: hz, RepairWithin: h.RepairWithin.Time()})
	}
	sortWarnings(env.warnings)
	s.warnings = env.warnings
	return s, nil
}

// resolve turns a path written in a scenario file into a name of its fs.FS:
// relative to dir, or from the root when it starts with "/".
func resolve(dir, p string) string {
	if strings.HasPrefix(p, "/") {
		return path.Clean(strings.TrimLeft(p, "/"))
	}
	return path.Join(dir, p)
}

// buildNetwork reads the network a file names.
func buildNetwork(n *NetworkSpec, fsys fs.FS, dir string) (*network.Network, error) {
	if n.City != "" {
		return BuildCity(n.City)
	}
	parts := make([]network.Part, len(n.Files))
	for i := range n.Files {
		spec := &n.Files[i]
		name, err := locate(fsys, dir, &spec.Pos, "path", spec.Path)
		if err != nil {
			return nil, err
		}
		net, err := spec.Params.read(fsys, name, func(p string) string { return resolve(dir, p) }, 0)
		if err != nil {
			return nil, err
		}
		parts[i] = network.Part{Name: cmp.Or(spec.Name, spec.Path), Network: net, Prefix: spec.Prefix}
	}
	if len(parts) == 1 && parts[0].Prefix == "" && n.Requirements == "" && n.Name == "" && !n.WGS84 {
		return parts[0].Network, nil
	}
	opts := network.MergeOptions{Name: n.Name, WGS84: n.WGS84}
	if n.Requirements != "" {
		known := func(id string) bool {
			for _, p := range parts {
				if rest, ok := strings.CutPrefix(id, p.Prefix); ok {
					if _, ok := p.Network.ComponentIndex(rest); ok {
						return true
					}
				}
			}
			return false
		}
		name, err := locate(fsys, dir, &n.Pos, "requirements", n.Requirements)
		if err != nil {
			return nil, err
		}
		reqs, err := format.ReadRequirementsCSV(fsys, name, known)
		if err != nil {
			return nil, err
		}
		opts.Requirements = reqs
	}
	net, err := network.Merge(parts, opts)
	if err != nil {
		return nil, n.Pos.Wrap("files", err)
	}
	return net, nil
}

// locate resolves the path written at key of p (relative to dir) to a
// name of fsys, and checks that it stays inside the tree the scenario can
// read and that the file or directory is there, so that a bad path is
// reported at the key that names it.
func locate(fsys fs.FS, dir string, p *Pos, key, written string) (string, error) {
	name := resolve(dir, written)
	if !fs.ValidPath(name) {
		return "", p.Errorf(key, network.ErrInvalid, "%s leaves the directory the scenario can read", quote(written))
	}
	if _, err := fs.Stat(fsys, name); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", p.Errorf(key, fs.ErrNotExist, "no file or directory %s", quote(written))
		}
		return "", p.Wrap(key, err)
	}
	return name, nil
}

// Progress is what a run reports while it goes: the replication running
// (0-based) of how many, and the simulated time it reached of the horizon
// (0 when the scenario has none).
type Progress struct {
	Replication, Replications int
	Time, Horizon             sim.Time
}

// RunOptions configure Run.
type RunOptions struct {
	// Progress, when set, is called at the start of each replication, about
	// every hundredth of the horizon of simulated time, and at the end of
	// each replication. It runs on the caller's goroutine and must be quick.
	Progress func(Progress)
	// Observer, when set, sees every event and random draw of the runs (a
	// *sim.Fingerprint).
	Observer interface {
		sim.Observer
		sim.DrawObserver
	}
	// NoChangeLog switches the change log off (cascade.Options).
	NoChangeLog bool
	// FacilityAccess records the road access to each critical facility
	// alone (cascade.Options.FacilityAccess), which the reports show; it
	// costs a search per facility at every instant the roads change.
	FacilityAccess bool
}

// replications returns the number of replications (at least 1).
func (s *Scenario) replications() int { return max(s.Replications, 1) }

// Engine returns an engine for the scenario's network and models, with
// the scenario's horizon and its own Responder when the scenario has a
// response (one per worker). Errors of the plan wrap response.ErrPlan.
func (s *Scenario) Engine(opts RunOptions) (*cascade.Engine, error) {
	o := cascade.Options{Horizon: s.Horizon, Models: s.Models, NoChangeLog: opts.NoChangeLog, Protection: s.Protection,
		FacilityAccess: opts.FacilityAccess}
	if opts.Observer != nil {
		o.Observer = opts.Observer
	}
	if len(s.Response.Teams) > 0 || len(s.Response.Script) > 0 {
		r, err := response.New(s.Network, s.Response)
		if err != nil {
			return nil, fmt.Errorf("scenarios: %w", err)
		}
		o.Responder = r
	}
	return cascade.New(s.Network, o)
}

// Input returns what replication rep runs: the hazards, the repairs of
// what they damage, and the replication seed sim.ReplicationSeed(Seed,
// rep). It is a pure function of the scenario and rep, so replications may
// run on any worker in any order. O(impacts of the hazards with repairs).
func (s *Scenario) Input(rep int) (cascade.Input, error) {
	rs := sim.ReplicationSeed(s.Seed, rep)
	in := cascade.Input{Seed: rs}
	for _, h := range s.Hazards {
		in.Hazards = append(in.Hazards, h.Hazard)
		if h.RepairWithin <= 0 {
			continue
		}
		hits, err := h.Impacts(s.Network, hazard.NewRand(rs, h.Name()))
		if err != nil {
			return in, fmt.Errorf("scenarios: hazard %q: %w", h.Name(), err)
		}
		in.Impacts = append(in.Impacts, hazard.Repairs(s.Network, hits, rs, h.RepairWithin)...)
	}
	return in, nil
}

// Run runs every replication of the scenario in order on one engine and
// returns their results, by replication index. A cancelled context stops
// the run: the results so far are returned (the last marked incomplete)
// with an error wrapping ctx.Err().
func (s *Scenario) Run(ctx context.Context, opts RunOptions) ([]*cascade.Result, error) {
	n := s.replications()
	po := &progressObserver{inner: opts.Observer, fn: opts.Progress, total: n, horizon: s.Horizon}
	ro := opts
	if opts.Progress != nil {
		ro.Observer = po
	}
	e, err := s.Engine(ro)
	if err != nil {
		return nil, err
	}
	var out []*cascade.Result
	for rep := range n {
		in, err := s.Input(rep)
		if err != nil {
			return out, err
		}
		po.start(rep)
		res, err := e.Run(ctx, in)
		if res != nil {
			out = append(out, res)
		}
		if err != nil {
			return out, err
		}
		po.report(res.End)
	}
	return out, nil
}

// progressObserver reports a run's progress from the events it sees,
// passing them on to the caller's observer.
type progressObserver struct {
	inner interface {
		sim.Observer
		sim.DrawObserver
	}
	fn         func(Progress)
	rep, total int
	horizon    sim.Time
	next, step sim.Time
}

func (p *progressObserver) start(rep int) {
	p.rep, p.next, p.step = rep, 0, p.horizon/100
	if p.step <= 0 {
		p.step = sim.MaxTime
	}
	p.report(0)
}

func (p *progressObserver) report(t sim.Time) {
	if p.fn != nil {
		p.fn(Progress{Replication: p.rep, Replications: p.total, Time: t, Horizon: p.horizon})
	}
}

// ObserveEvent reports progress every hundredth of the horizon.
func (p *progressObserver) ObserveEvent(ev sim.Event) {
	if p.inner != nil {
		p.inner.ObserveEvent(ev)
	}
	if ev.Time >= p.next {
		p.next = ev.Time.Add(p.step)
		p.report(ev.Time)
	}
}

// ObserveDraw passes draws on.
func (p *progressObserver) ObserveDraw(id sim.StreamID, entity int64, raw uint64) {
	if p.inner != nil {
		p.inner.ObserveDraw(id, entity, raw)
	}
}

// wrapf wraps sentinel with a message.
func wrapf(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))
}

// ReadNetwork reads one network file as an entry of a scenario's
// network.files would: entry holds the entry's keys (format, path, prefix,
// and the format's options) with their values as they would be written
// in the file ("true", "EPSG:3857"); path is relative to dir of fsys. The
// command line's import reads through it. Errors are *network.ParseError
// values; those of the entry itself name the input file (path) and the key
// as its field, with no line or column.
func ReadNetwork(fsys fs.FS, dir string, entry map[string]string) (*network.Network, error) {
	// The entry has no file of its own: its nodes have no line or column,
	// and its errors name the file it reads.
	m := &yaml.Node{Kind: yaml.MappingNode}
	keys := slices.Sorted(maps.Keys(entry))
	for _, k := range keys {
		var v yaml.Node
		if err := yaml.Unmarshal([]byte(entry[k]), &v); err != nil || v.Kind != yaml.DocumentNode || len(v.Content) != 1 {
			v = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!str", Value: entry[k]}}}
		}
		unplace(v.Content[0])
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}, v.Content[0])
	}
	var spec NetworkSpec
	d := decoder{file: entry["path"]}
	var f FileSpec
	if err := d.decode(m, reflect.ValueOf(&f).Elem(), ""); err != nil {
		return nil, err
	}
	if f.Path == "" {
		return nil, f.Pos.Errorf("path", network.ErrInvalid, "missing path")
	}
	spec.Files = []FileSpec{f}
	return buildNetwork(&spec, fsys, dir)
}

// unplace clears the line and column of n and the nodes under it.
func unplace(n *yaml.Node) {
	n.Line, n.Column = 0, 0
	for _, c := range n.Content {
		unplace(c)
	}
}
