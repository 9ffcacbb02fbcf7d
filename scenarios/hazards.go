package scenarios

import (
	"io/fs"
	"slices"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// hazardKind is implemented by the parameters of a GroupHazard kind: build
// checks them against the network and returns the hazard named name,
// reading the files it names through env. Errors are *network.ParseError
// values at the key at fault (or in the file read).
type hazardKind interface {
	build(env *buildEnv, name string) (hazard.Hazard, error)
}

// buildEnv is what hazards are built against: the network, and the
// scenario's files (fsys, with paths relative to dir).
type buildEnv struct {
	net  *network.Network
	fsys fs.FS
	dir  string
	// warnings collects what the hazards built can never do (warnings.go).
	warnings []Warning
	box      *extentBox // the network's extent, once asked for
}

// file resolves a path written at key of p to a name of env.fsys: relative
// to the scenario file's directory, inside the tree it can read, and
// present.
func (env *buildEnv) file(p *Pos, key, written string) (string, error) {
	return locate(env.fsys, env.dir, p, key, written)
}

// selectSpec picks the components a random or targeted hazard may hit.
type selectSpec struct {
	Sector string `yaml:"sector" doc:"only components of this sector (empty: all)"`
	Kind   string `yaml:"kind" doc:"only components of this kind, such as substation or cell_tower (empty: all)"`
	Pos    Pos
}

// selector checks the sector and kind against net.
func (s *selectSpec) selector(net *network.Network) (hazard.Selector, error) {
	sel := hazard.Selector{Sector: network.Sector(s.Sector), Kind: network.Kind(s.Kind)}
	if s.Sector != "" {
		if _, ok := net.SectorIndexOf(sel.Sector); !ok {
			return sel, s.Pos.Errorf("sector", ErrUnknownName, "%s", unknown("sector", s.Sector, sectorNames(net)))
		}
	}
	if s.Kind != "" {
		if kinds := componentKinds(net, sel.Sector); !slices.Contains(kinds, s.Kind) {
			return sel, s.Pos.Errorf("kind", ErrUnknownName, "%s", unknown("component kind", s.Kind, kinds))
		}
	}
	return sel, nil
}

// componentKinds lists the kinds of the components of net in sector (all
// sectors when empty), sorted.
func componentKinds(net *network.Network, sector network.Sector) []string {
	var kinds []string
	for i := range net.Components() {
		if sector != "" && net.SectorName(net.ComponentSector(i)) != sector {
			continue
		}
		if k := string(net.ComponentKind(i)); !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	slices.Sort(kinds)
	return kinds
}

// sectorNames lists the sectors of net, in index order.
func sectorNames(net *network.Network) []string {
	var names []string
	for _, s := range net.Sectors() {
		names = append(names, string(s))
	}
	return names
}

// hitEffect reads the effect of a random or targeted hazard: damage
// (the default), remove or suspend.
func hitEffect(p *Pos, s string) (hazard.ImpactKind, error) {
	switch s {
	case "", "damage":
		return hazard.Damage, nil
	case "remove":
		return hazard.Remove, nil
	case "suspend":
		return hazard.Suspend, nil
	}
	return 0, p.Errorf("effect", ErrUnknownName, "%s", unknown("effect", s, []string{"damage", "remove", "suspend"}))
}

// randomHazard is the random-fraction kind (hazard.RandomFraction).
type randomHazard struct {
	Select   selectSpec `yaml:"select" doc:"which components may be hit"`
	Fraction float64    `yaml:"fraction" doc:"probability that each selected component is hit, in [0, 1]"`
	At       Duration   `yaml:"at" doc:"when the hits happen, e.g. 1h"`
	Effect   string     `yaml:"effect" doc:"damage (default: down until repaired), remove or suspend"`
	Pos      Pos
}

func (r *randomHazard) build(env *buildEnv, name string) (hazard.Hazard, error) {
	net := env.net
	sel, err := r.Select.selector(net)
	if err != nil {
		return nil, err
	}
	eff, err := hitEffect(&r.Pos, r.Effect)
	if err != nil {
		return nil, err
	}
	if !(r.Fraction >= 0 && r.Fraction <= 1) {
		return nil, r.Pos.Errorf("fraction", network.ErrOutOfRange, "fraction %v outside [0, 1]", r.Fraction)
	}
	return &hazard.RandomFraction{Label: name, Select: sel, Fraction: r.Fraction, At: r.At.Time(), Effect: eff}, nil
}

// targetedHazard is the targeted kind (hazard.Targeted).
type targetedHazard struct {
	Select selectSpec `yaml:"select" doc:"which components may be hit"`
	By     string     `yaml:"by" doc:"ranking: degree (default), betweenness or population"`
	K      int        `yaml:"k" doc:"how many components are hit, ≥ 0"`
	At     Duration   `yaml:"at" doc:"when the hits happen"`
	Effect string     `yaml:"effect" doc:"damage (default), remove or suspend"`
	Pos    Pos
}

func (t *targetedHazard) build(env *buildEnv, name string) (hazard.Hazard, error) {
	net := env.net
	sel, err := t.Select.selector(net)
	if err != nil {
		return nil, err
	}
	eff, err := hitEffect(&t.Pos, t.Effect)
	if err != nil {
		return nil, err
	}
	var by hazard.Measure
	switch t.By {
	case "", "degree":
		by = hazard.Degree
	case "betweenness":
		by = hazard.Betweenness
	case "population":
		by = hazard.PopulationServed
	default:
		return nil, t.Pos.Errorf("by", ErrUnknownName, "%s", unknown("ranking", t.By, []string{"betweenness", "degree", "population"}))
	}
	if t.K < 0 {
		return nil, t.Pos.Errorf("k", network.ErrNegative, "k = %d", t.K)
	}
	return &hazard.Targeted{Label: name, Select: sel, By: by, K: t.K, At: t.At.Time(), Effect: eff}, nil
}

// listHazard is the list kind (hazard.List).
type listHazard struct {
	Impacts []impactSpec `yaml:"impacts" doc:"the impacts, in any order"`
	Pos     Pos
}

// impactSpec is one impact of a list hazard.
type impactSpec struct {
	At        Duration `yaml:"at" doc:"when"`
	Kind      string   `yaml:"kind" doc:"damage, remove, suspend, resume, set-factor, repair or restore"`
	Component string   `yaml:"component" doc:"the component's ID (or give link)"`
	Link      string   `yaml:"link" doc:"the link's ID (or give component)"`
	State     string   `yaml:"state" doc:"damage state of a damage impact: slight, moderate, extensive or complete (default)"`
	Factor    float64  `yaml:"factor" doc:"capacity factor after damage (0: down), or the factor of set-factor"`
	Param     string   `yaml:"param" doc:"what set-factor scales: capacity (default), demand, rating or travel_time"`
	Pos       Pos
}

// damageStates are the names of the Hazus damage states, by code
// (network.DamageNone … DamageComplete).
var damageStates = []string{"none", "slight", "moderate", "extensive", "complete"}

// impactKinds are the names a list impact's kind may take.
var impactKinds = []string{"damage", "remove", "repair", "restore", "resume", "set-factor", "suspend"}

func (l *listHazard) build(env *buildEnv, name string) (hazard.Hazard, error) {
	net := env.net
	h := &hazard.List{Label: name}
	for _, s := range l.Impacts {
		im, err := s.impact(net)
		if err != nil {
			return nil, err
		}
		h.Items = append(h.Items, im)
	}
	return h, nil
}

// impact resolves the impact's IDs and names against net.
func (s *impactSpec) impact(net *network.Network) (hazard.Impact, error) {
	im := hazard.Impact{Time: s.At.Time(), State: network.DamageComplete, Factor: s.Factor}
	var err error
	if im.Kind, err = hazard.ParseImpactKind(s.Kind); err != nil {
		return im, s.Pos.Errorf("kind", ErrUnknownName, "%s", unknown("impact kind", s.Kind, impactKinds))
	}
	switch {
	case (s.Component == "") == (s.Link == ""):
		return im, s.Pos.Errorf("", network.ErrInvalid, "give one of component and link")
	case s.Component != "":
		i, ok := net.ComponentIndex(s.Component)
		if !ok {
			return im, s.Pos.Errorf("component", network.ErrUnknownID, "no component %s in the network", quote(s.Component))
		}
		im.Target = i
	default:
		l, ok := net.LinkIndex(s.Link)
		if !ok {
			return im, s.Pos.Errorf("link", network.ErrUnknownID, "no link %s in the network", quote(s.Link))
		}
		im.Target, im.Link = l, true
	}
	if s.State != "" {
		k := slices.Index(damageStates, s.State)
		if k < 1 {
			return im, s.Pos.Errorf("state", ErrUnknownName, "%s", unknown("damage state", s.State, damageStates[1:]))
		}
		im.State = uint8(k)
	}
	if s.Param != "" {
		k := slices.IndexFunc([]hazard.Param{hazard.Capacity, hazard.Demand, hazard.Rating, hazard.TravelTime},
			func(p hazard.Param) bool { return p.String() == s.Param })
		if k < 0 {
			return im, s.Pos.Errorf("param", ErrUnknownName, "%s", unknown("parameter", s.Param, []string{"capacity", "demand", "rating", "travel_time"}))
		}
		im.Param = hazard.Param(k)
	}
	if err := im.Validate(net); err != nil {
		return im, s.Pos.Wrap("", err)
	}
	return im, nil
}

// striker is a hazard kind that strikes once, at the instant its key at
// gives: File.check refuses one that strikes after the horizon, which the
// run would end before reaching.
type striker interface {
	strikes() (at sim.Time, p *Pos)
}

func (r *randomHazard) strikes() (sim.Time, *Pos)   { return r.At.Time(), &r.Pos }
func (t *targetedHazard) strikes() (sim.Time, *Pos) { return t.At.Time(), &t.Pos }
func (q *quakeHazard) strikes() (sim.Time, *Pos)    { return q.At.Time(), &q.Pos }
func (g *gmfHazard) strikes() (sim.Time, *Pos)      { return g.At.Time(), &g.Pos }
