// Package heat is the heat-wave hazard: an air temperature series over the
// city that raises power and water demand and derates power lines, so that
// a hot afternoon overloads lines and the power model's protection trips
// them.
//
// # Temperature
//
// Wave.Series gives the temperature in °C at instants (strictly
// increasing, ≥ 0); between samples it is linear, before the first and
// after the last it is held. It is the same everywhere (a city-scale
// wave; IntensityAt reports it for chains, see hazard/chain). The factors
// follow it in steps: they are set at time 0, at every sample and at every
// multiple of Step (default 1 h) between the first and the last sample
// (Instants), each to its value at that instant, and held until the next.
// Reader.ReadSeries reads a series from CSV (time,celsius), strictly:
// every problem is a *network.ParseError naming the file, line, column
// and column name.
//
// # Demand
//
// A consumer (a member of the power or water sector with positive demand
// or ParamPdMW) gets a SetFactor Demand impact of
//
//	factor = 1 + PerDegree × max(0, T − ThresholdC)
//
// whenever the factor changes. Power defaults: 2.5 % per °C above 19.4 °C.
// Santamouris, Cartalis, Synnefa and Kolokotsa, "On the impact of urban
// heat island and global warming on the power demand and electricity
// consumption of buildings — a review", Energy and Buildings 98 (2015)
// 119–124, found across eleven studies that peak electricity load grows
// by 0.45 % to 4.6 % per °C of ambient temperature; 2.5 % is an
// assumption within that range. The threshold is 67 °F, the best-fitting
// cooling-degree-day set point that Brown, Cox, Staver and Baer ("Climate
// change and energy demand in buildings", ACEEE Summer Study) found for
// residential and commercial buildings; applying a per-degree sensitivity
// above a set point combines the two studies and is an assumption. Water
// defaults (1 % per °C above 20 °C) are an assumption: the response of
// water demand to temperature is specific to each system, and should be
// fitted to its records.
//
// # Line ratings
//
// A rated link (Rating > 0) of the power sector gets a SetFactor Rating
// impact whenever its factor changes; the power model divides a line's
// flow by rating × factor (flow/power). The factor simplifies the
// steady-state heat balance of IEEE Std 738 (convective plus radiative
// cooling = solar heating + I²R): with solar heating neglected and the
// radiative term linearised into the convective one, the heat a conductor
// at its maximum temperature Tc sheds grows as Tc − Ta, so the current it
// can carry grows as √(Tc − Ta), and
//
//	factor = √((ConductorMaxC − T) ÷ (ConductorMaxC − RatingAmbientC)),
//
// held at 1 at or below the rating ambient (a static rating is never
// raised). Defaults: conductors at most 75 °C, ratings computed for 25 °C
// ambient (assumptions; set them from the utility's rating basis). At
// 40 °C that is √(35/50) ≈ 0.837. A temperature at or above the conductor
// maximum is refused.
//
// # Cost and contract
//
// Impacts costs O(instants + (consumers + rated lines) × changes); it
// draws nothing and is pure. Validate's errors wrap hazard.ErrInvalid;
// Temperature panics with a "heat:" prefix on an empty series.
package heat
