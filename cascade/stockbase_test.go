package cascade

import (
	"testing"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
	"github.com/stretchr/testify/require"
)

// TestStockKeepsItsBase: a store of 10,000 m³ draining 0.3 m³/s since time
// 0 has its outflow reported as 0.5 and then 0.3 again within the instant
// at 1 h (a re-admission tried and pruned). Nothing changed, so its level
// keeps its base: 10,000 m³ at 0 s, and 10,000 − 0.3 × 7,200 = 7,840 m³ at
// 2 h, computed from there in one step. Re-basing at 1 h (8,920 m³) would
// round once more, so how often a sector is recomputed would move a
// depletion by a nanosecond.
func TestStockKeepsItsBase(t *testing.T) {
	e, tk := reportedAndBack(t, 10000, 0.3, 0.5)
	require.Equal(t, stock{level: 10000, rate: 0.3, at: 0, ev: 1}, e.stocks[tk])
	require.Equal(t, 10000-0.3*7200, e.stockAt(tk, 2*sim.Hour))
}

// TestStockDueNowStaysDue: a store of 1,800 m³ draining 0.5 m³/s since 0
// is due to run dry at 1 h (1,800 / 0.5 = 3,600 s). Its outflow is
// reported as 0.6 and back to 0.5 at 1 h, before its empty event ran at
// that instant. Nothing changed, so the store must still run dry: its event
// stays pending or it is depleted now.
func TestStockDueNowStaysDue(t *testing.T) {
	e, tk := reportedAndBack(t, 1800, 0.5, 0.6)
	due := e.stocks[tk].ev != 0 || e.st.Flags(tk)&network.Depleted != 0
	require.True(t, due, "store at level 0 draining 0.5 m³/s neither due nor depleted: %+v", e.stocks[tk])
}

// reportedAndBack gives an engine whose store T (storage m³, full at 0 s,
// draining rate m³/s, its empty event pending) had its outflow reported as
// bounce and then rate again at 1 h, and watchStocks ran at 1 h.
func reportedAndBack(t *testing.T, storage, rate, bounce float64) (*Engine, int32) {
	c := newToy(t)
	c.add(network.Component{ID: "T", Sector: network.Water, Kind: network.KindTank, Role: network.RoleSource, Storage: storage})
	c.consumer("J", network.Water)
	c.link("P", "T", "J")
	n := c.build()
	e, err := New(n, Options{})
	require.NoError(t, err)
	tk, s := c.i("T"), n.ComponentSector(c.i("T"))
	e.stocks[tk] = stock{level: storage, rate: rate, at: 0, ev: 1}
	e.outflows.take(s, []flow.Value{{I: tk, V: bounce}})
	e.outflows.take(s, []flow.Value{{I: tk, V: rate}})
	e.watchStocks(s, sim.Hour)
	return e, tk
}
