#!/usr/bin/env python3
"""Peer of BenchmarkPercolation: the Buldyrev et al. (2010) cascade on two
coupled Erdős–Rényi layers (k = 4, one-to-one coupling, a random 30 % of
layer A removed, p = 0.7), iterated to the fixed point: keep A's giant
component, drop the partners in B, keep B's giant component, drop the
partners in A, repeat. Two implementations:

  networkx  connected_components on subgraph views (NetworkX)
  scipy     scipy.sparse.csgraph.connected_components on edge-masked CSR

It prints the seconds per cascade (graph generation excluded) and P_inf for
each, at the sizes given (default 100000). Run with Debian's Python:

    apt-get install -y python3-networkx python3-scipy
    /usr/bin/python3 benchmarks/peers/percolation.py [nodes ...]
"""
import sys
import time

try:
    import numpy as np
    import networkx as nx
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components
except ImportError as e:  # the peer is optional
    print(f"percolation peer skipped: {e} (apt-get install python3-networkx python3-scipy)")
    sys.exit(0)

K, P = 4.0, 0.7


def er_edges(n, rng):
    m = int(K * n / 2)
    u = rng.integers(0, n, m)
    v = rng.integers(0, n, m)
    keep = u != v
    return u[keep], v[keep]


def cascade_networkx(n, ea, eb, removed):
    ga, gb = nx.Graph(), nx.Graph()
    ga.add_nodes_from(range(n))
    gb.add_nodes_from(range(n))
    ga.add_edges_from(zip(ea[0].tolist(), ea[1].tolist()))
    gb.add_edges_from(zip(eb[0].tolist(), eb[1].tolist()))
    t0 = time.perf_counter()
    alive_a = set(range(n)) - set(removed.tolist())
    alive_b = set(range(n))
    while True:
        giant_a = max(nx.connected_components(ga.subgraph(alive_a)), key=len, default=set())
        alive_b &= giant_a
        giant_b = max(nx.connected_components(gb.subgraph(alive_b)), key=len, default=set())
        if giant_b == giant_a:
            alive_a = giant_b
            break
        alive_a = giant_a & giant_b
    return time.perf_counter() - t0, len(alive_a) / n


def giant_mask(n, rows, cols, alive):
    keep = alive[rows] & alive[cols]
    g = csr_matrix((np.ones(keep.sum(), dtype=np.int8), (rows[keep], cols[keep])), shape=(n, n))
    _, labels = connected_components(g, directed=False)
    sizes = np.bincount(labels[alive], minlength=labels.max() + 1)
    if sizes.sum() == 0:
        return np.zeros(n, dtype=bool)
    return alive & (labels == sizes.argmax())


def cascade_scipy(n, ea, eb, removed):
    t0 = time.perf_counter()
    alive = np.ones(n, dtype=bool)
    alive[removed] = False
    while True:
        a = giant_mask(n, ea[0], ea[1], alive)
        b = giant_mask(n, eb[0], eb[1], a)
        if np.array_equal(a, b):
            break
        alive = b
    return time.perf_counter() - t0, b.sum() / n


def main():
    sizes = [int(x) for x in sys.argv[1:]] or [100000]
    for n in sizes:
        rng = np.random.default_rng(1)
        ea, eb = er_edges(n, rng), er_edges(n, rng)
        removed = np.flatnonzero(rng.random(n) >= P)
        for name, f in (("scipy", cascade_scipy), ("networkx", cascade_networkx)):
            if name == "networkx" and n > 300000:
                print(f"nodes={n} {name}: skipped (too slow)")
                continue
            best = min(f(n, ea, eb, removed) for _ in range(3))
            print(f"nodes={n} {name}: {best[0]*1e3:.1f} ms per cascade, P_inf={best[1]:.4f}")


if __name__ == "__main__":
    main()
