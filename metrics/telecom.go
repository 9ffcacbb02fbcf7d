package metrics

import (
	"fmt"
	"iter"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// TelecomPoint is one step of the telecom outage split: from Time on, the
// telecom sector's sites (members) out of service by cause, the way the
// FCC's Disaster Information Reporting System counts cell sites out:
// damaged, no power, transport (backhaul) lost; and those working on
// backup power.
type TelecomPoint struct {
	Time sim.Time
	// Damaged: damaged, removed, suspended (flooded) or tripped.
	Damaged int32
	// NoPower: down for an expired requirement on the power sector (its
	// battery or generator ran out, or it had none).
	NoPower int32
	// OtherSupply: down for another expired requirement (cooling water, a
	// SCADA link).
	OtherSupply int32
	// Backhaul: working but cut off from every core: transport lost.
	Backhaul int32
	// OnBackup: delivering on a battery or generator (not out).
	OnBackup int32
}

// Out returns the sites out of service: Damaged + NoPower + OtherSupply +
// Backhaul.
func (p TelecomPoint) Out() int32 { return p.Damaged + p.NoPower + p.OtherSupply + p.Backhaul }

// TelecomSeries is the telecom outage split over a run, a step function
// like Curve (the last step held after End).
type TelecomSeries struct {
	// Sites is the number of members of the telecom sector.
	Sites int
	// Classified is true when the split comes from the telecom model's
	// own classification (cascade.Result.Classes, flow/telecom). When
	// the run used a model that does not classify, the split comes from
	// cascade.Result.Reasons, which cannot tell which requirement
	// expired: every unsupplied site then counts as NoPower and
	// OtherSupply is 0.
	Classified bool
	// End is the instant the run reached.
	End sim.Time
	// Points are the steps in time order.
	Points []TelecomPoint
}

// TelecomCauses returns the telecom sector's outage split over the run.
// The split is read from the class split the telecom model records
// (classes named "up", "on-backup", "damaged", "no-power",
// "other-supply", "backhaul"), or else from the reasons split (see
// TelecomSeries.Classified). A network without a telecom sector is an
// error wrapping ErrNoSector; a class split with a class of another name,
// one wrapping ErrNotRecorded. Cost: O(steps × classes).
func TelecomCauses(r *cascade.Result) (TelecomSeries, error) {
	s, ok := r.Sector(network.Telecom)
	if !ok {
		return TelecomSeries{}, fmt.Errorf("%w: %q", ErrNoSector, network.Telecom)
	}
	k, _ := r.Network.SectorIndexOf(network.Telecom)
	ts := TelecomSeries{Sites: len(r.Network.SectorMembers(k)), End: r.End}
	if s.Classes == nil {
		for _, p := range s.Reasons.Points {
			c := &p.Count
			ts.Points = append(ts.Points, TelecomPoint{Time: p.Time,
				Damaged: c[cascade.ReasonDamaged] + c[cascade.ReasonSuspended], NoPower: c[cascade.ReasonUnsupplied],
				Backhaul: c[cascade.ReasonUnserved], OnBackup: c[cascade.ReasonOnBackup]})
		}
		return ts, nil
	}
	ts.Classified = true
	field := make([]func(*TelecomPoint) *int32, len(s.Classes.Classes))
	for j, name := range s.Classes.Classes {
		switch name {
		case "up":
			field[j] = nil
		case "on-backup":
			field[j] = func(p *TelecomPoint) *int32 { return &p.OnBackup }
		case "damaged":
			field[j] = func(p *TelecomPoint) *int32 { return &p.Damaged }
		case "no-power":
			field[j] = func(p *TelecomPoint) *int32 { return &p.NoPower }
		case "other-supply":
			field[j] = func(p *TelecomPoint) *int32 { return &p.OtherSupply }
		case "backhaul":
			field[j] = func(p *TelecomPoint) *int32 { return &p.Backhaul }
		default:
			return TelecomSeries{}, fmt.Errorf("%w: telecom class %q", ErrNotRecorded, name)
		}
	}
	for _, cp := range s.Classes.Points {
		p := TelecomPoint{Time: cp.Time}
		for j, n := range cp.Count {
			if f := field[j]; f != nil {
				*f(&p) += n
			}
		}
		ts.Points = append(ts.Points, p)
	}
	return ts, nil
}

// At returns the split in force at t: the last step at or before t, all
// zero before the first. O(log steps).
func (s *TelecomSeries) At(t sim.Time) TelecomPoint {
	k := stepIndex(len(s.Points), s.at, t)
	if k < 0 {
		return TelecomPoint{Time: t}
	}
	return s.Points[k]
}

func (s *TelecomSeries) at(k int) sim.Time { return s.Points[k].Time }

// Sample returns the split at every instant of grid (its Time set to the
// instant). O(log steps) per instant.
func (s *TelecomSeries) Sample(grid iter.Seq[sim.Time]) iter.Seq[TelecomPoint] {
	return func(yield func(TelecomPoint) bool) {
		for t := range grid {
			p := s.At(t)
			p.Time = t
			if !yield(p) {
				return
			}
		}
	}
}

// TelecomHours are site-hours by cause over a window.
type TelecomHours struct {
	Damaged, NoPower, OtherSupply, Backhaul, OnBackup float64
}

// Hours returns the site-hours spent in each cause over the window
// [from, to): Σ count × duration, summed exactly in 128-bit integers and
// rounded once. The last step is held past End. It panics unless
// 0 ≤ from ≤ to. Cost: O(log steps + steps in the window).
func (s *TelecomSeries) Hours(from, to sim.Time) TelecomHours {
	checkWindow(from, to)
	var a [5]Area
	for k, d := range overlaps(len(s.Points), s.at, from, to) {
		p := s.Points[k]
		for j, n := range [5]int32{p.Damaged, p.NoPower, p.OtherSupply, p.Backhaul, p.OnBackup} {
			a[j] = a[j].addProduct(uint64(n), d)
		}
	}
	return TelecomHours{a[0].Hours(), a[1].Hours(), a[2].Hours(), a[3].Hours(), a[4].Hours()}
}
