// Command city runs a synthetic city through a disaster chain with every
// sector model: DC power flow with protection trips, water supply with
// draining tanks, road travel times and hospital access, telecom backhaul
// with outage causes. A random share of components is damaged at the
// start; crews repair each damaged component after a random delay. It
// prints each sector's service Q on days 0–7, the telecom outage split, the
// road access to hospitals, the chain statistics, what is still down at
// the end, and the provenance of one outage.
//
// Every repair is done within the repair window, yet Q may stay below 1
// for good: power lines tripped by overloads during the chain are latched
// (open until reclosed or repaired), and this example neither recloses
// them (cascade.Protection.Reclose is off) nor sends crews to them (they
// repair only what the quake damaged). The lines left open keep parts of
// the grid in islands without generation; telecom sites there run their
// batteries empty, substations that need their SCADA follow, pumps stop
// and tanks drain. The "down at" line counts the components still down
// and the tripped lines; of the components, those whose last change
// traces back (Result.Explain) to a trip. The rest went down earlier, for
// the quake's damage, and the trips keep them from coming back: Explain
// explains a change, not the absence of one. At 100,000 components (seed
// 1), 91 lines stay tripped and a third of the power demand stays
// unserved on day 7; a Repair of every line on day 4 brings every sector
// back to 1. Reclosing (an hour after each trip) does not: lines
// reclosed one at a time into a stressed grid trip again.
//
// The provenance printed last is that of the first induced outage of a
// critical facility. A member cut off from its sources cites the elements
// its model names as the cut (power, roads, telecom, and water for a
// member cut off from the treatment plants); a member that loses water
// only when the tanks feeding it stop cites the first event that touched
// the water sector at that instant.
//
//	go run ./examples/city -components 5000 -damage 0.05 -seed 1
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/scenarios"
	"github.com/lifeline-sim/lifeline/sim"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "city:", err)
		os.Exit(2)
	}
}

func run(ctx context.Context, args []string, w io.Writer) error {
	fs := flag.NewFlagSet("city", flag.ContinueOnError)
	fs.SetOutput(w)
	size := fs.Int("components", 5000, "approximate size of the synthetic city")
	damage := fs.Float64("damage", 0.05, "share of components damaged at 1 h")
	repair := 3 * sim.Day
	fs.Func("repair", "repairs are uniform over this long after the damage, e.g. 36h or 1d12h (default 3d)", func(s string) (err error) {
		repair, err = sim.ParseDuration(s)
		return err
	})
	seed := fs.Uint64("seed", 1, "city and scenario seed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !(*damage >= 0 && *damage <= 1) || repair <= 0 {
		return errors.New("need 0 ≤ -damage ≤ 1 and -repair > 0")
	}
	net, err := synth.City(synth.CityParams{Components: *size, Seed: *seed})
	if err != nil {
		return err
	}
	// Damage at 1 h (each component decides on its own stream), each
	// damaged component repaired within the repair window (drawn from the
	// response stream of its ID): scenarios.Hazard.RepairWithin.
	quake := &hazard.RandomFraction{Label: "quake", Fraction: *damage, Effect: hazard.Damage, At: sim.Hour}
	sc := &scenarios.Scenario{Name: "city", Network: net, Models: scenarios.LifelineModels(),
		Hazards: []scenarios.Hazard{{Hazard: quake, RepairWithin: repair}}, Horizon: 8 * sim.Day, Seed: *seed}
	results, err := sc.Run(ctx, scenarios.RunOptions{})
	if err != nil {
		return err
	}
	res := results[0]
	hits, err := quake.Impacts(net, hazard.NewRand(sim.ReplicationSeed(*seed, 0), quake.Name()))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "city: %d components, %d links, %d requirements; %d damaged at 1h\n",
		net.NumComponents(), net.NumLinks(), net.NumRequirements(), len(hits))
	fmt.Fprintf(w, "chain: %d direct, %d induced losses (amplification %.2f), %d changes\n",
		res.Direct, res.Induced, res.Amplification(), len(res.Changes))
	days := []sim.Time{0, sim.Hour + sim.Minute, sim.Day, 3 * sim.Day, 7 * sim.Day}
	fmt.Fprintf(w, "%-11s", "Q")
	for _, d := range days {
		fmt.Fprintf(w, " %8v", d)
	}
	fmt.Fprintln(w)
	for _, s := range res.Series {
		q, by := s.Q, "demand"
		if s.TotalDemand == 0 {
			q, by = s.QPopulation, "population"
		}
		if s.TotalDemand == 0 && s.TotalPopulation == 0 {
			continue
		}
		fmt.Fprintf(w, "%-11s", s.Sector)
		for _, d := range days {
			fmt.Fprintf(w, " %8.4f", q(d))
		}
		fmt.Fprintf(w, "  (%s-weighted)\n", by)
	}
	for _, a := range res.Access {
		fmt.Fprintf(w, "%-11s", "hospitals")
		for _, d := range days {
			p := a.At(d)
			fmt.Fprintf(w, " %8.4f", frac(p.Reached, p.Total))
		}
		fmt.Fprintln(w, "  (share of population reaching a hospital)")
	}
	for _, c := range res.Classes {
		p := c.At(sim.Hour + sim.Minute)
		var parts []string
		for k, name := range c.Classes {
			parts = append(parts, fmt.Sprintf("%s %d", name, p.Count[k]))
		}
		fmt.Fprintf(w, "%s sites at 1h01: %s\n", c.Sector, strings.Join(parts, ", "))
	}
	leftDown(w, net, res)
	// The provenance of the first induced outage of a critical facility,
	// or else of any induced outage.
	for _, pass := range []bool{true, false} {
		for _, ch := range res.Changes {
			if ch.Link || !ch.Down() || res.Causes[ch.Cause].Mechanism == cascade.ByImpact ||
				(pass && !net.Critical(ch.Entity)) {
				continue
			}
			chain, _ := res.Explain(ch.Entity, ch.Time)
			fmt.Fprintf(w, "why is %s down at %v?\n%s", net.ComponentID(ch.Entity), ch.Time, chain)
			return nil
		}
	}
	return nil
}

// leftDown reports what is still down at the end of the run: the
// components, those of them whose last change traces back to an overload
// trip, and the links a trip left open (see the package doc).
func leftDown(w io.Writer, net *network.Network, res *cascade.Result) {
	throughTrip := func(c cascade.Chain) bool {
		for _, x := range c.Causes {
			if x.Mechanism == cascade.ByTrip && x.Link {
				return true
			}
		}
		return false
	}
	var lines, comps, byTrips int
	for l := range net.Links() {
		out := res.LinkOutages(l)
		if len(out) == 0 || out[len(out)-1][1] >= 0 {
			continue
		}
		if c, ok := res.ExplainLink(l, res.End); ok && c.Causes[0].Mechanism == cascade.ByTrip {
			lines++
		}
	}
	for i, f := range res.Final {
		if f&(network.DownFlags|network.Unserved) == 0 {
			continue
		}
		comps++
		if c, ok := res.Explain(int32(i), res.End); ok && throughTrip(c) {
			byTrips++
		}
	}
	if comps == 0 && lines == 0 {
		fmt.Fprintf(w, "down at %v: nothing\n", res.End)
		return
	}
	fmt.Fprintf(w, "down at %v: %d components (last change traced back to an overload trip: %d); %d links tripped by overload "+
		"(latched: neither reclosed nor repaired here)\n", res.End, comps, byTrips, lines)
}

func frac(a, b int64) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}
