package flow

import "github.com/lifeline-sim/lifeline/network"

// Connectivity serves a member while a path of working links and
// functional components joins it to a functional source of its sector,
// following link directions. Islands that hold a source keep running;
// islands without one go dark.
//
// It keeps a spanning forest of the served members rooted at the
// functional sources and updates it with what changed (see the package
// documentation's model table): a failure detaches the subtrees below the
// failed elements, re-hangs each whole from another served member with a
// working link into it when it has one, and searches only what could not be
// re-hung; a restoration searches from the newly working elements into
// what was unserved. It reports only the members whose served status
// flipped, and for each functional member that lost service the elements
// that cut it off (Output.Cut): the components and links that failed since
// its last call, lie next to the functional region the member was left in,
// and just before reached a source without passing through that region.
//
// Cost per Serve: O(changes) plus the region the changes cut off or
// reconnect, and the walks up the forest that find a re-hung subtree's
// new feed (about the forest's depth each); the cut of a lost member costs
// a reverse search of its region (shared by the region's members when the
// sector's links are undirected). O(members + links) after Changes.All
// (a breadth-first search) and in the worst case (a region that really
// goes dark, a subtree re-hung only member by member).
type Connectivity struct {
	net          *network.Network
	sector       network.SectorIndex
	r            *Reach
	valid        bool // r reflects the state of the last call
	lost, gained []int32
}

// NewConnectivity returns a Connectivity model for sector s of n.
func NewConnectivity(n *network.Network, s network.SectorIndex) (*Connectivity, error) {
	if err := checkSector(n, s); err != nil {
		return nil, err
	}
	return &Connectivity{net: n, sector: s, r: NewReach(n, s, n.Sources(s))}, nil
}

// ConnectivityFactory is a Factory for Connectivity.
func ConnectivityFactory(n *network.Network, s network.SectorIndex) (Model, error) {
	return NewConnectivity(n, s)
}

// Name returns "connectivity".
func (*Connectivity) Name() string { return "connectivity" }

// Serve brings the set of members reachable from functional sources up to
// date, reports the members whose served status changed (every member
// after Changes.All) and the cut of every functional member that lost
// service (unless Changes.NoCut).
func (c *Connectivity) Serve(st *network.State, ch *Changes, out *Output) error {
	if err := CheckState(c.net, st); err != nil {
		return err
	}
	if ch.All || !c.valid {
		c.r.Reset(st)
		c.valid = true
		for _, i := range c.net.SectorMembers(c.sector) {
			out.Served = append(out.Served, Value{i, b2f(c.r.Served(i))})
		}
		return nil
	}
	c.lost, c.gained = c.lost[:0], c.gained[:0]
	c.r.Update(st, ch.Components, ch.Links, &c.lost, &c.gained)
	for _, i := range c.lost {
		out.Served = append(out.Served, Value{i, 0})
		if ch.NoCut {
			continue
		}
		start := len(out.CutElements)
		out.CutElements = c.r.Cut(i, out.CutElements)
		if end := len(out.CutElements); end > start {
			out.Cut = append(out.Cut, Cut{I: i, Start: int32(start), End: int32(end)})
		}
	}
	for _, i := range c.gained {
		out.Served = append(out.Served, Value{i, 1})
	}
	return nil
}

// Served reports whether member i was served at the last Serve.
func (c *Connectivity) Served(i int32) bool { return c.r.Served(i) }
