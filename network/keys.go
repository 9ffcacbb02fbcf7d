package network

// Entity keys: a stable 63-bit hash of each component's and link's ID,
// computed once at Build. Random draws are keyed by them (never by the
// dense index, which shifts when a variant adds or removes entities), so a
// component gets the same random numbers in every network that holds it.
// Components and links hash in separate key spaces: a component and a link
// with the same ID get different keys.

// Key domains, hashed before the ID.
const (
	componentDomain byte = 'c'
	linkDomain      byte = 'l'
)

// entityKey returns the 64-bit FNV-1a hash of the domain byte, a zero
// byte and id, with the top bit cleared (a key is a non-negative int64, so
// it never collides with the "whole stream" entity −1 of sim.NewStream).
func entityKey(domain byte, id string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	h = (h ^ uint64(domain)) * prime
	h *= prime // the zero byte: h ^ 0 = h
	for i := 0; i < len(id); i++ {
		h = (h ^ uint64(id[i])) * prime
	}
	return h &^ (1 << 63)
}

// computeKeys fills the entity keys of a network being built.
func (n *Network) computeKeys() {
	n.cKey = make([]uint64, n.NumComponents())
	for i := range n.cKey {
		n.cKey[i] = entityKey(componentDomain, n.ComponentID(int32(i)))
	}
	n.lKey = make([]uint64, n.NumLinks())
	for l := range n.lKey {
		n.lKey[l] = entityKey(linkDomain, n.LinkID(int32(l)))
	}
}

// ComponentKey returns component i's entity key: a stable hash of its ID
// (the 64-bit FNV-1a hash of "c", a zero byte and the ID, top bit cleared),
// the same in every network that holds a component of that ID. Random
// streams are keyed by it. O(1), no allocation.
func (n *Network) ComponentKey(i int32) uint64 { return n.cKey[i] }

// LinkKey returns link l's entity key, computed like ComponentKey with "l":
// links and components never share a key space.
func (n *Network) LinkKey(l int32) uint64 { return n.lKey[l] }
