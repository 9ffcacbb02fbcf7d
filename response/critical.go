package response

import "github.com/lifeline-sim/lifeline/network"

// criticalSites returns the critical sites of n (see Decision.Critical):
// per component and per link, whether it belongs to the closure of the
// critical components under "the providers of its requirements" and "its
// step towards the nearest source of its sector".
//
// In a sector with sources, the hop distance from the nearest source over
// the links in service (network.Network.OutOfService false; a directed
// link carries service from its From end) is computed once, by one
// breadth-first search from all the sector's sources, the first time a
// site of the sector is added. A site at distance d > 0 then adds its
// predecessor: the neighbour at distance d − 1 reaching it over a link in
// service, the lowest component index first (then the lowest link index),
// and that link. Following predecessors from a site is one shortest path
// to a nearest source, the same path whichever site it was reached from,
// so each site adds at most one step and the paths of a sector form a
// forest. A site no source reaches adds no path.
//
// Cost: O(C + L + R) at most: one search per sector holding a site, over
// that sector's members and links, plus, per site added, its in-links
// and its requirements' providers.
func criticalSites(n *network.Network) (comp, link []bool) {
	nc := n.NumComponents()
	comp, link = make([]bool, nc), make([]bool, n.NumLinks())
	var dist []int32 // hop distance from the nearest source, −1 none; per sector once searched
	searched := make([]bool, n.NumSectors())
	var queue []int32
	add := func(i int32) {
		if !comp[i] {
			comp[i] = true
			queue = append(queue, i)
		}
	}
	for i := range n.Components() {
		if n.Critical(i) {
			add(i)
		}
	}
	for k := 0; k < len(queue); k++ {
		i := queue[k]
		for _, q := range n.RequirementsOf(i) {
			for _, p := range n.Providers(q) {
				add(p)
			}
		}
		s := n.ComponentSector(i)
		if len(n.Sources(s)) == 0 {
			continue
		}
		if !searched[s] {
			if dist == nil {
				dist = filled(nc, -1)
			}
			searchSources(n, s, dist)
			searched[s] = true
		}
		d := dist[i]
		if d <= 0 {
			continue // a source, or no source reaches it
		}
		pred, via := int32(-1), int32(-1)
		nb, ls := n.In(i)
		for k, u := range nb {
			l := ls[k]
			if n.OutOfService(l) || dist[u] != d-1 {
				continue
			}
			if pred < 0 || u < pred || (u == pred && l < via) {
				pred, via = u, l
			}
		}
		link[via] = true
		add(pred)
	}
	return comp, link
}

// searchSources fills dist for the members of sector s with their hop
// distance from the nearest source of s over links in service, following
// directed links from their From end; members no source reaches keep −1.
func searchSources(n *network.Network, s network.SectorIndex, dist []int32) {
	queue := append([]int32(nil), n.Sources(s)...)
	for _, i := range queue {
		dist[i] = 0
	}
	for k := 0; k < len(queue); k++ {
		u := queue[k]
		nb, ls := n.Out(u)
		for j, v := range nb {
			if dist[v] < 0 && !n.OutOfService(ls[j]) {
				dist[v] = dist[u] + 1
				queue = append(queue, v)
			}
		}
	}
}
