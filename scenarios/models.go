package scenarios

import (
	"slices"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/power"
	"github.com/lifeline-sim/lifeline/flow/roads"
	"github.com/lifeline-sim/lifeline/flow/telecom"
	"github.com/lifeline-sim/lifeline/flow/water"
	"github.com/lifeline-sim/lifeline/network"
)

// modelKind is implemented by the parameters of a GroupModel kind: factory
// checks them and returns the model's factory. Errors are
// *network.ParseError values at the key at fault.
type modelKind interface {
	factory() (flow.Factory, error)
}

type connectivityModel struct{}

func (connectivityModel) factory() (flow.Factory, error) { return flow.ConnectivityFactory, nil }

type giantModel struct{}

func (giantModel) factory() (flow.Factory, error) { return flow.GiantComponentFactory, nil }

type standaloneModel struct{}

func (standaloneModel) factory() (flow.Factory, error) { return flow.StandaloneFactory, nil }

type overloadModel struct {
	Alpha float64 `yaml:"alpha" doc:"tolerance: capacity = (1 + alpha) × intact load, ≥ 0"`
	Pos   Pos
}

func (m *overloadModel) factory() (flow.Factory, error) {
	if !(m.Alpha >= 0) {
		return nil, m.Pos.Errorf("alpha", network.ErrNegative, "alpha = %v", m.Alpha)
	}
	return flow.OverloadFactory(m.Alpha), nil
}

type powerModel struct {
	RatingParam string `yaml:"rating_param" doc:"link parameter holding the rating in MW (rate_b_mva, rate_c_mva); empty uses each link's rating"`
	Pos         Pos
}

func (m *powerModel) factory() (flow.Factory, error) {
	o := power.Options{RatingParam: network.Param(m.RatingParam)}
	if err := o.Validate(); err != nil {
		return nil, m.Pos.Wrap("rating_param", err)
	}
	return o.Factory, nil
}

type waterModel struct {
	Refill Duration `yaml:"refill" doc:"how long a connected tank takes to refill from empty; 0 means 24h"`
	Pos    Pos
}

func (m *waterModel) factory() (flow.Factory, error) {
	o := water.Options{Refill: m.Refill.Time()}
	if err := o.Validate(); err != nil {
		return nil, m.Pos.Wrap("refill", err)
	}
	return o.Factory, nil
}

type roadsModel struct {
	Threshold float64           `yaml:"threshold" doc:"multiple of the normal travel time within which a zone still reaches a facility, in [1, 1e6]; 0 means 2"`
	Kinds     []string          `yaml:"kinds" doc:"kinds of critical facility the road service counts; default [hospital]"`
	Centroids map[string]string `yaml:"centroids" doc:"zone name → the road component that represents it"`
	Pos       Pos
}

func (m *roadsModel) factory() (flow.Factory, error) {
	o := roads.Options{Threshold: m.Threshold, Centroids: m.Centroids}
	for _, k := range m.Kinds {
		o.Kinds = append(o.Kinds, network.Kind(k))
	}
	if err := o.Validate(); err != nil {
		return nil, m.Pos.Wrap("threshold", err)
	}
	return o.Factory, nil
}

type telecomModel struct{}

func (telecomModel) factory() (flow.Factory, error) { return telecom.Options{}.Factory, nil }

// modelsFor checks the models of a file against net and returns the
// engine's map.
func modelsFor(f *File, net *network.Network) (map[network.Sector]flow.Factory, error) {
	out := map[network.Sector]flow.Factory{}
	names := sectorNames(net)
	keys := make([]string, 0, len(f.Models))
	for k := range f.Models {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, sector := range keys {
		m := f.Models[sector]
		if !slices.Contains(names, sector) {
			return nil, m.Pos.Errorf("", ErrUnknownName, "%s", unknown("sector", sector, names))
		}
		fac, err := m.Params.factory()
		if err != nil {
			return nil, err
		}
		out[network.Sector(sector)] = fac
	}
	return out, nil
}
