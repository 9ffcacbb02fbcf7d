package network

// Param names a sector-specific number: a network attribute (Attr,
// SetAttr) or an entry of a component's or link's Params (ComponentParam,
// LinkParam). Names are snake_case with the unit as suffix. Any name is
// legal, so a model or an importer may carry numbers of its own; the names
// below are the well-known ones that more than one package reads or
// writes, each documented once here with its unit, so that a misspelt
// name fails to compile instead of reading as 0.
//
// Which importer writes which name is documented in the importer's
// package; flow models document the names they read.
type Param string

// Network attributes.
const (
	// ParamBaseMVA is the system base power in MVA: per-unit quantities
	// (Link.Reactance, ParamRPU, ParamBPU) are on this base. MATPOWER's
	// baseMVA, pandapower's sn_mva; the DC power flow reads it.
	ParamBaseMVA Param = "base_mva"
	// ParamFrequencyHz is the nominal frequency in Hz (pandapower's f_hz).
	ParamFrequencyHz Param = "f_hz"
	// ParamFlowUnitM3s is the size of an EPANET file's flow unit in m³/s
	// (6.309e-5 for GPM, 1e-3 for LPS), the factor that turned its
	// demands into m³/s.
	ParamFlowUnitM3s Param = "flow_unit_m3s"
	// ParamDemandMultiplier is EPANET's Demand Multiplier option
	// (dimensionless), already applied to every junction's Demand.
	ParamDemandMultiplier Param = "demand_multiplier"
)

// Power buses (MATPOWER bus matrix, pandapower and Shelby buses).
const (
	// ParamBusI is a MATPOWER bus number (BUS_I), a positive integer.
	ParamBusI Param = "bus_i"
	// ParamBusType is a MATPOWER bus type (BUS_TYPE): 1 PQ, 2 PV, 3
	// reference (slack), 4 isolated. The DC power flow takes type 3 as the
	// angle reference of its island.
	ParamBusType Param = "bus_type"
	// ParamPdMW is a bus's real power demand in MW (MATPOWER PD), signed and
	// exact: a negative demand is an injection, while Component.Demand is
	// max(PD, 0).
	ParamPdMW Param = "pd_mw"
	// ParamQdMVAr is a bus's reactive power demand in MVAr (MATPOWER QD).
	ParamQdMVAr Param = "qd_mvar"
	// ParamGsMW is a bus's shunt conductance as MW demanded at 1 pu voltage
	// (MATPOWER GS); the DC power flow treats it as demand.
	ParamGsMW Param = "gs_mw"
	// ParamBsMVAr is a bus's shunt susceptance as MVAr injected at 1 pu
	// voltage (MATPOWER BS).
	ParamBsMVAr Param = "bs_mvar"
	// ParamVmPU is a bus's voltage magnitude in pu (MATPOWER VM).
	ParamVmPU Param = "vm_pu"
	// ParamVaDeg is a bus's voltage angle in degrees (MATPOWER VA); the DC
	// power flow fixes the reference bus at it.
	ParamVaDeg Param = "va_deg"
	// ParamBaseKV is a bus's base voltage in kV (MATPOWER BASE_KV).
	ParamBaseKV Param = "base_kv"
	// ParamArea is a bus's area number (MATPOWER BUS_AREA).
	ParamArea Param = "area"
	// ParamZone is a bus's loss zone number (MATPOWER ZONE); not to be
	// confused with Component.Zone.
	ParamZone Param = "zone"
	// ParamVmaxPU is a bus's maximum voltage magnitude in pu (MATPOWER
	// VMAX).
	ParamVmaxPU Param = "vmax_pu"
	// ParamVminPU is a bus's minimum voltage magnitude in pu (MATPOWER
	// VMIN).
	ParamVminPU Param = "vmin_pu"
	// ParamVnKV is a bus's or a substation's nominal voltage in kV
	// (pandapower vn_kv; the kV of a Shelby substation's label).
	ParamVnKV Param = "vn_kv"
)

// Generators (MATPOWER gen matrix, pandapower gen and sgen).
const (
	// ParamGenRow is the 1-based row of a generator in its MATPOWER gen
	// matrix; the DC power flow takes a component with it as a MATPOWER
	// generator (dispatch ParamPgMW within ParamPminMW…ParamPmaxMW).
	ParamGenRow Param = "gen_row"
	// ParamPgMW is a generator's real power output (dispatch) in MW
	// (MATPOWER PG).
	ParamPgMW Param = "pg_mw"
	// ParamPMW is a pandapower generator's real power set point in MW
	// (p_mw, times scaling for a static generator); the DC power flow
	// reads it when ParamPgMW is absent.
	ParamPMW Param = "p_mw"
	// ParamQgMVAr is a generator's reactive power output in MVAr (MATPOWER
	// QG).
	ParamQgMVAr Param = "qg_mvar"
	// ParamQmaxMVAr is a generator's maximum reactive output in MVAr
	// (MATPOWER QMAX).
	ParamQmaxMVAr Param = "qmax_mvar"
	// ParamQminMVAr is a generator's minimum reactive output in MVAr
	// (MATPOWER QMIN).
	ParamQminMVAr Param = "qmin_mvar"
	// ParamVgPU is a generator's voltage set point in pu (MATPOWER VG).
	ParamVgPU Param = "vg_pu"
	// ParamMBaseMVA is a generator's own base power in MVA (MATPOWER MBASE).
	ParamMBaseMVA Param = "mbase_mva"
	// ParamPmaxMW is a generator's maximum real output in MW (MATPOWER
	// PMAX); Component.Capacity holds it too, except that an unlimited or
	// non-positive PMAX gives Capacity 0.
	ParamPmaxMW Param = "pmax_mw"
	// ParamPminMW is a generator's minimum real output in MW (MATPOWER
	// PMIN).
	ParamPminMW Param = "pmin_mw"
	// ParamOutOfService is 1 on a MATPOWER generator whose GEN_STATUS is
	// ≤ 0 (absent otherwise).
	ParamOutOfService Param = "out_of_service"
)

// Power branches (MATPOWER branch matrix).
const (
	// ParamBranchRow is the 1-based row of a branch in its MATPOWER branch
	// matrix.
	ParamBranchRow Param = "branch_row"
	// ParamRPU is a branch's series resistance in pu on ParamBaseMVA
	// (MATPOWER BR_R).
	ParamRPU Param = "r_pu"
	// ParamBPU is a branch's total line charging susceptance in pu on
	// ParamBaseMVA (MATPOWER BR_B).
	ParamBPU Param = "b_pu"
	// ParamRateBMVA is a branch's short-term rating in MVA (MATPOWER
	// RATE_B; RATE_A is Link.Rating).
	ParamRateBMVA Param = "rate_b_mva"
	// ParamRateCMVA is a branch's emergency rating in MVA (MATPOWER
	// RATE_C).
	ParamRateCMVA Param = "rate_c_mva"
	// ParamAngminDeg is a branch's minimum angle difference in degrees
	// (MATPOWER ANGMIN).
	ParamAngminDeg Param = "angmin_deg"
	// ParamAngmaxDeg is a branch's maximum angle difference in degrees
	// (MATPOWER ANGMAX).
	ParamAngmaxDeg Param = "angmax_deg"
)

// Water (EPANET nodes and links, flow/water).
const (
	// ParamElevationM is a junction's or a tank's elevation in metres.
	ParamElevationM Param = "elevation_m"
	// ParamDemandNative is a junction's signed base demand in its EPANET
	// file's flow unit, before the demand multiplier (see
	// ParamFlowUnitM3s).
	ParamDemandNative Param = "demand_native"
	// ParamHeadM is a reservoir's total head in metres.
	ParamHeadM Param = "head_m"
	// ParamInitLevelM is a tank's initial water level in metres above its
	// elevation.
	ParamInitLevelM Param = "init_level_m"
	// ParamMinLevelM is a tank's minimum water level in metres.
	ParamMinLevelM Param = "min_level_m"
	// ParamMaxLevelM is a tank's maximum water level in metres.
	ParamMaxLevelM Param = "max_level_m"
	// ParamDiameterM is a tank's diameter in metres (a pipe's diameter is
	// Link.Diameter).
	ParamDiameterM Param = "diameter_m"
	// ParamMinVolumeM3 is a tank's volume at its minimum level in m³.
	ParamMinVolumeM3 Param = "min_volume_m3"
	// ParamRefillM3s is the rate in m³/s at which flow/water refills a
	// tank (> 0; absent means its default).
	ParamRefillM3s Param = "refill_m3s"
	// ParamPowerKW is a constant-power pump's power in kW.
	ParamPowerKW Param = "power_kw"
	// ParamRoughness is a pipe's roughness coefficient as its EPANET file
	// writes it, for the file's head-loss formula (Hazen-Williams C,
	// Darcy-Weisbach ε in the file's unit, Chezy-Manning n); not converted.
	ParamRoughness Param = "roughness"
	// ParamMinorLoss is a pipe's or a valve's minor loss coefficient
	// (dimensionless).
	ParamMinorLoss Param = "minor_loss"
	// ParamSetting is a valve's numeric setting as its EPANET file writes
	// it, in the file's units (a pressure for PRV, PSV and PBV, a flow for
	// FCV, a loss coefficient for TCV, a percentage open for PCV); not
	// converted.
	ParamSetting Param = "setting"
)

// Roads (TNTP links, synthetic cities).
const (
	// ParamB is the BPR coefficient b of a TNTP link (dimensionless).
	ParamB Param = "b"
	// ParamPower is the BPR exponent of a TNTP link (dimensionless).
	ParamPower Param = "power"
	// ParamSpeed is a number named speed, as the source writes it: a TNTP
	// link's speed limit in the file's unit, or an EPANET pump's relative
	// speed (1 = nominal).
	ParamSpeed Param = "speed"
	// ParamToll is a TNTP link's toll, in the file's unit.
	ParamToll Param = "toll"
	// ParamLinkType is a TNTP link's type code as written.
	ParamLinkType Param = "link_type"
	// ParamSpeedKmh is a road segment's speed limit in km/h.
	ParamSpeedKmh Param = "speed_kmh"
)

// Costs (the Shelby County INDP arcs).
const (
	// ParamFixedCost is an arc's INDP fixed restoration cost, in the data
	// set's cost unit.
	ParamFixedCost Param = "fixed_cost"
	// ParamFlowCost is an arc's INDP unit flow cost, in the data set's cost
	// unit.
	ParamFlowCost Param = "flow_cost"
)

// Protection (the cascade engine).
const (
	// ParamProtectionDelayS is how long, in seconds, an overloaded
	// component or link may stay above its rating before it trips,
	// overriding the engine's Protection.Delay; 0 (as when unset) keeps
	// the engine's delay. ≥ 0, not NaN.
	ParamProtectionDelayS Param = "protection_delay_s"
)

// Hazards (hazard/flood).
const (
	// ParamEquipmentHeightM is the height in metres above ground of a
	// component's flood-sensitive equipment (switchgear, motors,
	// electronics): hazard/flood takes the component down while the water
	// is deeper. A positive value overrides the flood's height for the
	// component's kind; 0 (as when unset) keeps it.
	ParamEquipmentHeightM Param = "equipment_height_m"
)
