package scenarios

import (
	"cmp"
	"slices"

	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/response"
	"github.com/lifeline-sim/lifeline/sim"
)

// The response section builds a response.Plan: each team, unit, repair
// model and action is checked by response's own Validate (on a plan of
// that one part, so that its error is placed at the part's mapping), and
// what names the network (depots, sectors, kinds, zones, facilities) is
// checked here at its key, with the closest valid name suggested; New
// then binds the whole plan to the network.

// ResponseSpec is the response section: repair crews, emergency units,
// the policy they follow, the repair-time model and scripted actions.
type ResponseSpec struct {
	Policy  string       `yaml:"policy" kinds:"policy" doc:"the teams' policy unless a team names its own (default nearest-first)"`
	Reroute bool         `yaml:"reroute" doc:"members under way take the fastest route again when the roads change (default: a route is fixed at departure)"`
	Repair  RepairSpec   `yaml:"repair" doc:"how long repairs take (without it: Hazus restoration times by class, as by-class, with the default model where Hazus has none)"`
	Teams   []TeamSpec   `yaml:"teams" doc:"repair crews; a damaged component or link goes to the first team whose sector and kinds fit it"`
	Units   []UnitSpec   `yaml:"units" doc:"emergency units: mobile generators, cells on wheels, water trucks, fuel trucks"`
	Script  []ActionSpec `yaml:"script" doc:"scripted actions, each once, at a time or when a condition holds"`
	Pos     Pos
}

// TeamSpec is a team of repair crews (a response.Team doing
// response.Repair).
type TeamSpec struct {
	Name    string   `yaml:"name" doc:"the team's unique name; its crews are NAME-1, NAME-2, …"`
	Count   int      `yaml:"count" doc:"number of crews, ≥ 1"`
	Depot   string   `yaml:"depot" doc:"ID of the component where the crews start (a road node, or a component placed on the roads)"`
	Sector  string   `yaml:"sector" doc:"the sector whose damage the crews repair"`
	Kinds   []string `yaml:"kinds" doc:"the component and link kinds the crews repair, their skills (default: every kind of the sector)"`
	Policy  string   `yaml:"policy" kinds:"policy" doc:"the team's own policy (default: the response's)"`
	Reroute bool     `yaml:"reroute" doc:"the team's own rerouting (default: the response's)"`
	Pos     Pos
}

// UnitSpec is a team of emergency units: its kind (a registry kind of
// GroupUnit) chooses the work and the parameters beside name, count,
// depot and sector.
type UnitSpec struct {
	// Kind is the unit's registry name, set by the decoder.
	Kind    string
	Name    string `yaml:"name" doc:"the team's unique name (teams and units share names); its units are NAME-1, NAME-2, …"`
	Count   int    `yaml:"count" doc:"number of units, ≥ 1"`
	Depot   string `yaml:"depot" doc:"ID of the component where the units start"`
	Sector  string `yaml:"sector" doc:"only sites of this sector (default: every sector)"`
	Policy  string `yaml:"policy" kinds:"policy" doc:"the units' own policy (default: the response's)"`
	Reroute bool   `yaml:"reroute" doc:"the units' own rerouting (default: the response's)"`
	// Params are the kind's parameters.
	Params unitKind
	Pos    Pos
}

func (*UnitSpec) selector() (string, Group) { return "kind", GroupUnit }
func (u *UnitSpec) setKind(name string, p any) {
	u.Kind, u.Params = name, p.(unitKind)
}

// unitKind is implemented by the parameters of a GroupUnit kind: team
// sets the work and the kind's fields of t.
type unitKind interface {
	team(t *response.Team)
}

// generatorUnit is the generator kind: response.Generate.
type generatorUnit struct {
	Autonomy Duration `yaml:"autonomy" doc:"how long the generator's fuel lasts at a site, > 0"`
}

func (g *generatorUnit) team(t *response.Team) {
	t.Work, t.Autonomy = response.Generate, g.Autonomy.Time()
}

// substituteUnit is the cells-on-wheels and water-truck kinds:
// response.Substitute at sites of its kinds.
type substituteUnit struct {
	Fraction float64  `yaml:"fraction" doc:"share of its service a site gets while the unit serves it, in (0, 1] (default 1)"`
	Autonomy Duration `yaml:"autonomy" doc:"how long at most the unit stays (default: until the site delivers on its own)"`
	Kinds    []string `yaml:"kinds" doc:"the component kinds the unit serves"`
	// kinds are the default kinds.
	kinds []network.Kind
}

func (s *substituteUnit) team(t *response.Team) {
	t.Work, t.Fraction, t.Autonomy, t.Kinds = response.Substitute, s.Fraction, s.Autonomy.Time(), s.kinds
}

// fuelTruckUnit is the fuel-truck kind: response.Refuel.
type fuelTruckUnit struct {
	Amount Duration `yaml:"amount" doc:"autonomy a visit adds to each buffer of a site on backup (default: a full refill)"`
	OnSite Duration `yaml:"on_site" doc:"how long a visit takes"`
}

func (f *fuelTruckUnit) team(t *response.Team) {
	t.Work, t.Amount, t.OnSite = response.Refuel, f.Amount.Time(), f.OnSite.Time()
}

// RepairSpec is the repair-time model: its model (a registry kind of
// GroupRepair) chooses its parameters.
type RepairSpec struct {
	// Model is the model's registry name, set by the decoder ("" when the
	// file has no repair key: then the plan has no model and
	// response.HazusRepair applies, which is by-class with the default
	// model as its fallback, not the kind named default).
	Model string
	// Params are the model's parameters.
	Params repairKind
	Pos    Pos
}

func (*RepairSpec) selector() (string, Group) { return "model", GroupRepair }
func (r *RepairSpec) setKind(name string, p any) {
	r.Model, r.Params = name, p.(repairKind)
}

// repairKind is implemented by the parameters of a GroupRepair kind.
type repairKind interface {
	model() response.RepairModel
}

// defaultRepair is the default model (response.DefaultRepair).
type defaultRepair struct{}

func (defaultRepair) model() response.RepairModel { return response.DefaultRepair() }

// fixedRepair is the fixed model (response.Fixed).
type fixedRepair struct {
	Time Duration `yaml:"time" doc:"how long every repair takes"`
}

func (f *fixedRepair) model() response.RepairModel { return response.Fixed(f.Time.Time()) }

// byClassRepair is the by-class model (response.ByClass on the Hazus
// restoration functions of hazard/fragility).
type byClassRepair struct {
	Fallback Duration `yaml:"fallback" doc:"fixed time of a repair the table has nothing for: no fragility class, or a trip (default: the default model)"`
	Pos      Pos
}

func (b *byClassRepair) model() response.RepairModel {
	m := response.ByClass{Table: fragility.Hazus()}
	if b.Pos.Has("fallback") {
		m.Fallback = response.Fixed(b.Fallback.Time())
	}
	return m
}

// policyKind is implemented by the entries of GroupPolicy.
type policyKind interface {
	policy() response.Policy
}

// builtinPolicy is one of response's policies.
type builtinPolicy struct{ p response.Policy }

func (b *builtinPolicy) policy() response.Policy { return b.p }

// ActionSpec is a scripted action: its effect (do:, a registry kind of
// GroupAction) chooses its parameters beside name, at and when.
type ActionSpec struct {
	// Do is the effect's registry name, set by the decoder.
	Do   string
	Name string     `yaml:"name" doc:"the action's name in messages"`
	At   Duration   `yaml:"at" doc:"when the action runs, or, with when, from when its condition is watched"`
	When actionWhen `yaml:"when" doc:"run at the first settled instant from at on at which this holds"`
	// Params are the effect's parameters.
	Params actionKind
	Pos    Pos
}

func (*ActionSpec) selector() (string, Group) { return "do", GroupAction }
func (a *ActionSpec) setKind(name string, p any) {
	a.Do, a.Params = name, p.(actionKind)
}

// actionWhen is the condition of a scripted action.
type actionWhen struct {
	Fails failsSpec `yaml:"fails" doc:"a component fails: has one of the states given"`
	Pos   Pos
}

// actionKind is implemented by the parameters of a GroupAction kind:
// effect checks them against env and returns the effect.
type actionKind interface {
	effect(env *responseEnv) (response.Effect, error)
}

// responseEnv is what a response section is checked against.
type responseEnv struct {
	net   *network.Network
	teams []string
}

// shedLoadAction is the shed-load effect (response.ShedLoad).
type shedLoadAction struct {
	Zone   string  `yaml:"zone" doc:"the district whose demand is shed"`
	Sector string  `yaml:"sector" doc:"the sector whose demand is shed, such as power"`
	Factor float64 `yaml:"factor" doc:"the new demand factor, in [0, 1] (0 sheds everything)"`
	Pos    Pos
}

func (s *shedLoadAction) effect(env *responseEnv) (response.Effect, error) {
	if err := checkZoneSector(env.net, &s.Pos, s.Zone, s.Sector); err != nil {
		return nil, err
	}
	e := response.ShedLoad{Zone: s.Zone, Sector: network.Sector(s.Sector), Factor: s.Factor}
	if err := e.Check(env.net); err != nil {
		return nil, s.Pos.Errorf("factor", network.ErrOutOfRange, "%v", err)
	}
	return e, nil
}

// isolateAction is the isolate effect (response.Isolate).
type isolateAction struct {
	Zone   string `yaml:"zone" doc:"the zone cut off: every link of the sector crossing its boundary closes"`
	Sector string `yaml:"sector" doc:"the sector whose boundary links close, such as water"`
	Pos    Pos
}

func (s *isolateAction) effect(env *responseEnv) (response.Effect, error) {
	if err := checkZoneSector(env.net, &s.Pos, s.Zone, s.Sector); err != nil {
		return nil, err
	}
	return response.Isolate{Zone: s.Zone, Sector: network.Sector(s.Sector)}, nil
}

// checkZoneSector checks the zone and sector keys of p against net.
func checkZoneSector(net *network.Network, p *Pos, zone, sector string) error {
	var zones []string
	for z := range int32(net.NumZones()) {
		zones = append(zones, net.ZoneName(z))
	}
	if !slices.Contains(zones, zone) {
		return p.Errorf("zone", ErrUnknownName, "%s", unknown("zone", zone, zones))
	}
	return checkSector(net, p, "sector", sector)
}

// checkSector checks a sector name written at key of p.
func checkSector(net *network.Network, p *Pos, key, sector string) error {
	if names := sectorNames(net); !slices.Contains(names, sector) {
		return p.Errorf(key, ErrUnknownName, "%s", unknown("sector", sector, names))
	}
	return nil
}

// backupAction is the backup effect (response.Backup).
type backupAction struct {
	Facility string   `yaml:"facility" doc:"ID of the facility switched to its own generator"`
	For      Duration `yaml:"for" doc:"how long (default: for good)"`
	Pos      Pos
}

func (s *backupAction) effect(env *responseEnv) (response.Effect, error) {
	if err := checkID(env.net, &s.Pos, "facility", s.Facility); err != nil {
		return nil, err
	}
	e := response.Backup{Facility: s.Facility, For: s.For.Time()}
	if err := e.Check(env.net); err != nil {
		return nil, s.Pos.Errorf("facility", network.ErrInvalid, "%v", err)
	}
	return e, nil
}

// prepositionAction is the preposition effect (response.Preposition).
type prepositionAction struct {
	Team string `yaml:"team" doc:"the team whose idle members move"`
	To   string `yaml:"to" doc:"ID of the component they move to (its road node)"`
	Pos  Pos
}

func (s *prepositionAction) effect(env *responseEnv) (response.Effect, error) {
	if !slices.Contains(env.teams, s.Team) {
		return nil, s.Pos.Errorf("team", ErrUnknownName, "%s", unknown("team", s.Team, env.teams))
	}
	if err := checkID(env.net, &s.Pos, "to", s.To); err != nil {
		return nil, err
	}
	return response.Preposition{Team: s.Team, At: s.To}, nil
}

// checkID checks a component ID written at key of p: an unknown one is
// network.ErrUnknownID, with the closest ID when one is close.
func checkID(net *network.Network, p *Pos, key, id string) error {
	if _, ok := net.ComponentIndex(id); ok {
		return nil
	}
	msg := "no component " + quote(id) + " in the network"
	var ids []string
	for i := range net.Components() {
		ids = append(ids, net.ComponentID(i))
	}
	if best, ok := Closest(id, ids); ok {
		msg += "; did you mean " + quote(best) + "?"
	}
	return p.Errorf(key, network.ErrUnknownID, "%s", msg)
}

// entityKinds lists the kinds of the components and links of net in
// sector (every sector when empty), sorted.
func entityKinds(net *network.Network, sector string) []string {
	kinds := componentKinds(net, network.Sector(sector))
	for l := range net.Links() {
		if sector != "" && string(net.SectorName(net.LinkSector(l))) != sector {
			continue
		}
		if k := string(net.LinkKind(l)); !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	slices.Sort(kinds)
	return kinds
}

// plan checks the section against net and returns the plan it describes.
func (r *ResponseSpec) plan(net *network.Network) (response.Plan, []Warning, error) {
	var plan response.Plan
	pol, err := policyOf(&r.Pos, "policy", r.Policy, r.Reroute)
	if err != nil {
		return plan, nil, err
	}
	plan.Policy = pol
	if r.Repair.Params != nil {
		plan.Repair = r.Repair.Params.model()
		if err := (&response.Plan{Repair: plan.Repair}).Validate(); err != nil {
			return plan, nil, r.Repair.Pos.Wrap("", err)
		}
	}
	env := &responseEnv{net: net}
	add := func(p *Pos, t response.Team, policy string, reroute bool) error {
		if slices.Contains(env.teams, t.Name) {
			return p.Errorf("name", network.ErrInvalid, "team name %s given twice: teams and units need their own", quote(t.Name))
		}
		env.teams = append(env.teams, t.Name)
		if t.Sector != "" {
			if err := checkSector(net, p, "sector", string(t.Sector)); err != nil {
				return err
			}
		}
		if t.Depot != "" {
			if err := checkID(net, p, "depot", t.Depot); err != nil {
				return err
			}
		}
		if p.Has("policy") || p.Has("reroute") {
			if !p.Has("reroute") {
				reroute = r.Reroute
			}
			pol, err := policyOf(p, "policy", cmp.Or(policy, r.Policy), reroute)
			if err != nil {
				return err
			}
			t.Policy = pol
		}
		if err := (&response.Plan{Teams: []response.Team{t}}).Validate(); err != nil {
			return p.Wrap("", err)
		}
		plan.Teams = append(plan.Teams, t)
		return nil
	}
	for i := range r.Teams {
		s := &r.Teams[i]
		t := response.Team{Name: s.Name, Work: response.Repair, Count: s.Count, Depot: s.Depot, Sector: network.Sector(s.Sector)}
		if s.Sector == "" {
			return plan, nil, s.Pos.Errorf("sector", network.ErrInvalid, "missing sector: the sector whose damage the crews repair")
		}
		if err := checkSector(net, &s.Pos, "sector", s.Sector); err != nil {
			return plan, nil, err
		}
		kinds, err := kindsOf(&s.Pos, s.Kinds, entityKinds(net, s.Sector))
		if err != nil {
			return plan, nil, err
		}
		t.Kinds = kinds
		if err := add(&s.Pos, t, s.Policy, s.Reroute); err != nil {
			return plan, nil, err
		}
	}
	for i := range r.Units {
		s := &r.Units[i]
		t := response.Team{Name: s.Name, Count: s.Count, Depot: s.Depot, Sector: network.Sector(s.Sector)}
		if sub, ok := s.Params.(*substituteUnit); ok && sub.Kinds != nil {
			kinds, err := kindsOf(&s.Pos, sub.Kinds, componentKinds(net, t.Sector))
			if err != nil {
				return plan, nil, err
			}
			sub.kinds = kinds
		}
		s.Params.team(&t)
		if err := add(&s.Pos, t, s.Policy, s.Reroute); err != nil {
			return plan, nil, err
		}
	}
	for i := range r.Script {
		s := &r.Script[i]
		eff, err := s.Params.effect(env)
		if err != nil {
			return plan, nil, err
		}
		a := response.Action{Name: s.Name, At: s.At.Time(), Do: eff}
		if s.Pos.Has("when") {
			w := &s.When
			if !w.Pos.Has("fails") {
				return plan, nil, w.Pos.Errorf("", network.ErrInvalid, "give a condition: fails")
			}
			i, flags, err := w.Fails.condition(net)
			if err != nil {
				return plan, nil, err
			}
			if flags == 0 {
				flags = network.OwnDownFlags
			}
			a.When = func(_ sim.Time, v network.View) bool { return v.Flags(i)&flags != 0 }
		}
		if err := (&response.Plan{Script: []response.Action{a}}).Validate(); err != nil {
			return plan, nil, s.Pos.Wrap("", err)
		}
		plan.Script = append(plan.Script, a)
	}
	res, err := response.New(net, plan)
	if err != nil {
		return plan, nil, r.Pos.Wrap("", err)
	}
	return plan, r.shadowWarnings(res, plan), nil
}

// kindsOf checks the kinds written at key kinds of p against valid.
func kindsOf(p *Pos, kinds []string, valid []string) ([]network.Kind, error) {
	var out []network.Kind
	for _, k := range kinds {
		if !slices.Contains(valid, k) {
			return nil, p.Errorf("kinds", ErrUnknownName, "%s", unknown("kind", k, valid))
		}
		out = append(out, network.Kind(k))
	}
	return out, nil
}

// policyOf returns the policy named name (nearest-first when empty),
// wrapped in response.Rerouting when reroute is set; an unknown name is
// reported at key of p.
func policyOf(p *Pos, key, name string, reroute bool) (response.Policy, error) {
	k, ok := lookup(GroupPolicy, cmp.Or(name, "nearest-first"))
	if !ok {
		return nil, p.Errorf(key, ErrUnknownName, "%s", unknown("policy", name, Names(GroupPolicy)))
	}
	pol := k.New().(policyKind).policy()
	if reroute {
		pol = response.Rerouting{Policy: pol}
	}
	return pol, nil
}
