// Package matpower reads MATPOWER case files (.m) and converts them into
// lifeline power networks.
//
// Parse reads a MATPOWER case file (.m) into a Case, the raw matrices with
// MATPOWER's column meanings, exactly as written (Inf stays ±Inf). Both
// formats are read:
//
//   - version 2: function mpc = NAME, with mpc.version, mpc.baseMVA, mpc.bus,
//     mpc.gen, mpc.branch and optional mpc.gencost;
//   - version 1: function [baseMVA, bus, gen, branch, …] = NAME, with bare
//     baseMVA, bus, gen, branch, areas and gencost variables.
//
// The reader understands the subset of MATLAB that case files use: `%`
// comments (also after values and as %{ … %} blocks), `...` continuations,
// numeric matrices whose rows end with `;` or a line break, numbers with an
// optional sign and exponent, Inf, -Inf and NaN (NaN is rejected), and
// strings. Other assignments (mpc.bus_name = {…}, mpc.gentype, areas, …) and
// other statements are skipped with balanced brackets. Columns beyond the
// standard ones are kept in each row's Extra. A struct case without
// mpc.version is version "1" when its gen matrix has fewer than 21 columns
// and "2" otherwise, as MATPOWER's loadcase decides.
//
// Errors are *network.ParseError values with the line and column (in bytes
// from 1; a tab is one column) of the offending token and Field =
// "matrix.COLUMN" (for example "branch.BR_X"); they wrap network.ErrSyntax
// (malformed text, ragged or short matrices), network.ErrInvalid (NaN, a bus
// number that is not a positive integer, a bus type outside 1…4, a missing
// matrix), network.ErrDuplicateID (a repeated bus number),
// network.ErrUnknownID (a gen or branch row naming a bus that does not exist),
// network.ErrVersion or network.ErrTooLarge (a file above opts.MaxBytes, 4
// GiB by default, for Import; Parse applies the default). Error messages
// quote at most 64 bytes of the offending text.
//
// The file is read line by line and each matrix is kept as one flat array
// of numbers (8 bytes a value, plus the places of each row's first two
// values for the errors), so that Import takes about the memory of
// building the same network with a Builder (benchmarks/README.md has the
// figures).
//
// # Conversion to a lifeline network
//
// Parameter names below are those of network's Param constants
// (network.ParamPdMW is "pd_mw", network.ParamGenRow "gen_row").
//
// Case.Network (and Import) builds a power network with these conventions, on
// which the DC power flow relies:
//
//   - Bus row → component "bus<BUS_I>", in file order: Sector Power, Kind
//     network.KindBus, Role network.RoleConsumer when PD > 0 and
//     network.RoleTransit otherwise, Demand = max(PD, 0) MW, no location.
//     Params: bus_i, bus_type, pd_mw (signed, exact), qd_mvar, gs_mw,
//     bs_mvar, vm_pu, va_deg, base_kv, area, zone, vmax_pu, vmin_pu. A type-4
//     (isolated) bus is kept; its bus_type says so.
//   - Generator row k (1-based) → component "gen<k>" after all buses: Kind
//     network.KindGenerator, Role network.RoleSource, Capacity = max(PMAX, 0)
//     MW. Capacity 0 means unlimited, which is what PMAX = Inf gives, but so
//     does PMAX ≤ 0: a flow model must read pmax_mw for the limit. Params:
//     gen_row = k, pg_mw, qg_mvar, qmax_mvar, qmin_mvar, vg_pu, mbase_mva,
//     pmax_mw, pmin_mw, and out_of_service = 1 when GEN_STATUS ≤ 0 (absent
//     otherwise). It is joined to its bus by the link "gen<k>:bus<BUS_I>" of
//     Kind network.KindConnection (zero impedance: Reactance 0), undirected,
//     which is OutOfService when the generator is, so that an out-of-service
//     generator supplies nothing in a connectivity model either.
//   - Branch row k (1-based) → link "br<k>" from "bus<F_BUS>" to
//     "bus<T_BUS>", undirected: Kind network.KindTransformer when TAP ≠ 0 or
//     SHIFT ≠ 0, else network.KindLine; Reactance = BR_X (pu on base_mva),
//     Rating = RATE_A (MVA taken as MW; 0 = unlimited, Inf gives 0), Tap =
//     TAP (0 means 1), Shift = SHIFT (degrees), OutOfService = BR_STATUS ≤ 0.
//     Params: branch_row = k, r_pu, b_pu, rate_b_mva, rate_c_mva, and
//     angmin_deg, angmax_deg when the row has those columns.
//   - Network: name = the function name (the file's base name when there is
//     none), attribute "base_mva", default CRS (no component is located).
//
// The lifeline model requires finite parameters, so an infinite value
// (JuliaGrid's cases have QMAX = Inf, QMIN = -Inf) is left out of Params (a
// compiled Network reads it as 0) and listed in the component's or link's
// "infinite" tag, for example "qmax_mvar=+Inf qmin_mvar=-Inf" (a NaN in a
// case built by hand is listed the same way); the exact value remains in the
// Case rows. An infinite PD, BR_X, TAP or SHIFT, or a negative TAP, cannot be
// represented and is an error.
package matpower
