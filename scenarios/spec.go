package scenarios

import (
	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
)

// Version is the scenario format version this package reads and writes.
const Version = 1

// File is a scenario file as written: the keys of its top-level mapping.
// Parse fills it; Load also builds what it names (Scenario). Fields with a
// yaml tag are the format's keys; a doc tag is their description in the
// JSON Schema.
type File struct {
	Version      int                  `yaml:"version" doc:"scenario format version; 1"`
	Name         string               `yaml:"name" doc:"the scenario's name in results"`
	Description  string               `yaml:"description" doc:"what the scenario is about, in a sentence or two"`
	Network      NetworkSpec          `yaml:"network" doc:"the city: a bundled city or files read and merged into one network"`
	Models       map[string]ModelSpec `yaml:"models" doc:"sector name → its service model; sectors not listed use connectivity (standalone without sources)"`
	Hazards      []HazardSpec         `yaml:"hazards" doc:"what happens to the city; each hazard has a unique name"`
	Horizon      Duration             `yaml:"horizon" doc:"the last instant simulated (0: until no event remains), e.g. 8d"`
	Seed         uint64               `yaml:"seed" doc:"scenario seed: replication i runs with seed sim.ReplicationSeed(seed, i)"`
	Replications int                  `yaml:"replications" doc:"number of replications, ≥ 1 (0 means 1)"`
	Protection   ProtectionSpec       `yaml:"protection" doc:"overload protection of rated lines: trips, reclosing"`
	Outputs      Outputs              `yaml:"outputs" doc:"what lifeline run writes with --out"`
	Response     ResponseSpec         `yaml:"response" doc:"repair crews, emergency units, their policy, the repair-time model and scripted actions"`
	Pos          Pos
}

// reservedKeys refuses the keys kept for what the format will hold.
func (*File) reservedKeys() map[string]string {
	return map[string]string{
		"variants": "variants (what-ifs) come with the analysis layer",
		"events":   "event sets with annual rates come with the analysis layer",
	}
}

// NetworkSpec says where the city comes from: a bundled city, or one or
// more files merged into one network (network.Merge), with the
// requirements that couple them.
type NetworkSpec struct {
	City         string     `yaml:"city" doc:"a bundled city by name (lifeline scenarios lists them); excludes files"`
	Files        []FileSpec `yaml:"files" doc:"network files, merged in order into one city"`
	Requirements string     `yaml:"requirements" doc:"a CSV of requirements coupling the files: dependent, providers (;-separated), logic, k, lag, buffer, recharge, effect, factor, kind"`
	Name         string     `yaml:"name" doc:"the merged network's name"`
	WGS84        bool       `yaml:"wgs84" doc:"reproject every file to WGS84 lon/lat when merging"`
	Pos          Pos
}

// FileSpec is one network file: its format (a registry kind of
// GroupFormat) chooses the options it takes beside path, prefix and name.
type FileSpec struct {
	// Format is the format's registry name, set by the decoder.
	Format string
	Path   string `yaml:"path" doc:"the file or directory, relative to the scenario file"`
	Prefix string `yaml:"prefix" doc:"put before every component and link ID of this file, to keep IDs apart when merging"`
	Name   string `yaml:"name" doc:"the part's name in errors"`
	// Params are the format's options.
	Params formatKind
	Pos    Pos
}

func (*FileSpec) selector() (string, Group) { return "format", GroupFormat }
func (f *FileSpec) setKind(name string, p any) {
	f.Format, f.Params = name, p.(formatKind)
}

// ModelSpec is the service model of one sector: its kind (a registry kind
// of GroupModel) chooses its options.
type ModelSpec struct {
	// Kind is the model's registry name, set by the decoder.
	Kind string
	// Params are the model's options.
	Params modelKind
	Pos    Pos
}

func (*ModelSpec) selector() (string, Group) { return "kind", GroupModel }
func (m *ModelSpec) setKind(name string, p any) {
	m.Kind, m.Params = name, p.(modelKind)
}

// HazardSpec is one hazard: its kind (a registry kind of GroupHazard)
// chooses its parameters beside name and repair_within.
type HazardSpec struct {
	// Kind is the hazard's registry name, set by the decoder.
	Kind         string
	Name         string   `yaml:"name" doc:"the hazard's unique name: it names it in results and keys its random stream"`
	RepairWithin Duration `yaml:"repair_within" doc:"repair each component or link the hazard damages after a delay drawn uniformly up to this long (0: never)"`
	// Params are the hazard's parameters.
	Params hazardKind
	Pos    Pos
}

func (*HazardSpec) selector() (string, Group) { return "kind", GroupHazard }

// build builds the hazard the spec describes.
func (h *HazardSpec) build(env *buildEnv) (hazard.Hazard, error) {
	return h.Params.build(env, h.Name)
}

// checkNames checks that h and the hazards it holds (a chain's, a
// sequence's) are named, each with a name not in names (which it fills),
// and that only a top-level hazard has repair_within.
func (h *HazardSpec) checkNames(names map[string]bool, top bool) error {
	switch {
	case h.Name == "":
		return h.Pos.Errorf("name", network.ErrInvalid, "missing name: every hazard needs its own (it keys its random stream)")
	case names[h.Name]:
		return h.Pos.Errorf("name", network.ErrInvalid, "hazard name %s given twice: every hazard needs its own", quote(h.Name))
	case h.Name == cascade.ResponderAction:
		return h.Pos.Errorf("name", network.ErrInvalid, "hazard name %s is reserved for responders' actions", quote(h.Name))
	case !top && h.Pos.Has("repair_within"):
		return h.Pos.Errorf("repair_within", network.ErrInvalid, "repair_within belongs to the top-level hazard: it repairs what all its parts damage")
	}
	names[h.Name] = true
	if n, ok := h.Params.(nested); ok {
		for _, c := range n.hazards() {
			if err := c.checkNames(names, false); err != nil {
				return err
			}
		}
	}
	return nil
}
func (h *HazardSpec) setKind(name string, p any) {
	h.Kind, h.Params = name, p.(hazardKind)
}

// Outputs says what lifeline run writes to its output directory.
type Outputs struct {
	Dir   string   `yaml:"dir" doc:"the output directory when --out is not given (relative to the working directory)"`
	Write []string `yaml:"write" doc:"which outputs (report.Outputs): files (timelines, outages, metrics, GeoJSON, plots, HTML), series, summary (default all)"`
	Pos   Pos
}

// ProtectionSpec configures overload trips of rated links
// (cascade.Protection).
type ProtectionSpec struct {
	Delay        Duration `yaml:"delay" doc:"how long a line may stay above its rating before it trips; 0 means 1m"`
	HardLimit    float64  `yaml:"hard_limit" doc:"loading at which a line trips at once, above 1; 0 means 2"`
	Reclose      bool     `yaml:"reclose" doc:"reclose tripped lines reclose_delay after their trip"`
	RecloseDelay Duration `yaml:"reclose_delay" doc:"delay before a tripped line recloses; positive when reclose is on"`
	Off          bool     `yaml:"off" doc:"switch overload protection off: nothing trips"`
	Pos          Pos
}

// protection checks the spec and returns the engine's configuration.
func (p *ProtectionSpec) protection() (cascade.Protection, error) {
	c := cascade.Protection{Delay: p.Delay.Time(), HardLimit: p.HardLimit, Reclose: p.Reclose,
		RecloseDelay: p.RecloseDelay.Time(), Off: p.Off}
	if err := c.Validate(); err != nil {
		key := "hard_limit"
		if p.Reclose && p.RecloseDelay == 0 {
			key = "reclose_delay"
		}
		return c, p.Pos.Wrap(key, err)
	}
	return c, nil
}
