// Package flood is lifeline's flood and rainstorm hazard: water depth that
// varies in space and time, and what it does to roads, road nodes and
// equipment.
//
// # Depth
//
// Depth is in metres above ground, as a Hydrograph per place: piecewise
// linear between its steps, holding its first depth before them and its
// last after them. A Flood takes depth from
//
//   - Areas: polygons (Polygon, with holes) each with one hydrograph,
//     read from GeoJSON by Reader.ReadAreas (the hydrograph is the
//     feature's properties.hydrograph, an array of [time, depth] pairs:
//     [["0s", 0], ["2h", 0.5], ["8h", 0]]);
//   - Frames: a gridded depth series, one ESRI ASCII grid per instant,
//     read by Reader.ReadGrid, or by Reader.ReadSeries from a manifest
//     CSV ("time,file" header, one line per grid); at a place the depth
//     is each grid's bilinear sample (Grid.Sample: between cell centres,
//     clamped to the outermost centres within the grid, its edges
//     included; a cell without data, NODATA_value, counts as dry; 0
//     outside the grid) at its instant and linear in time between grids.
//
// Where several sources cover a place, the deeper water counts (Max, the
// upper envelope, again piecewise linear). Flood.IntensityAt reports the depth
// at any place and instant (hazard.Intensity), which chained hazards
// read (hazard/chain: a landslide when the water passes a depth). A component's depth is taken
// at its Location; a road link's is the deepest along its Geometry (or
// the segment between its ends' locations): every area the polyline
// touches, exactly, and the grids sampled at its corners and at points no
// further apart than half the finest cell (at most 4096 per segment). Components and links without
// a location are dry. Coordinates are in the network's CRS, or in WGS84
// longitude/latitude with Flood.WGS84 (GeoJSON's own CRS), the network's
// locations then being converted (exactly, for Web Mercator).
// IntensityAt (hazard.Intensity) is the depth at a place and an instant,
// so that a chain's trigger can start a hazard when the water somewhere
// passes a depth (hazard/chain).
//
// # Effects
//
// Rules say what water does, by kind:
//
//   - Road links (Kind road) close above Rules.RoadClosure (default
//     0.3 m, after Pregnolato et al. 2017): Suspend when the depth rises
//     above it, Resume when it falls back. Below it they slow down: the
//     range (0, closure] is cut into steps of Rules.DepthStep (default
//     0.05 m) and in each step the link's travel-time factor (SetFactor
//     TravelTime) is the depth–speed relation of Pregnolato et al. (2017,
//     PregnolatoSpeed) at the step's deepest water over the road's free
//     speed (network.ParamSpeedKmh, else Length ÷ FreeFlow), at most 1;
//     the factor returns to 1 when the road is dry again.
//   - Road nodes (Kind intersection or bridge of the transport sector)
//     close above the same depth.
//   - Components of the kinds in Rules.Equipment (by default substations,
//     pumps and central offices, DefaultEquipment) are out of action
//     while the water is deeper than their equipment height (the kind's,
//     or the component's own positive network.ParamEquipmentHeightM):
//     Suspend, then Resume when it recedes. With a depth–damage curve
//     (Rules.Damage, by kind) a component is also damaged with the curve's
//     probability at its peak depth above the equipment: a Damage impact
//     (the curve's state, by default complete: down until repaired) at the
//     instant the water first reaches the equipment. The draw is the first
//     uniform of the component's own stream (hazard.Rand.Component), so
//     every variant of a scenario damages the same components (common
//     random numbers), and a deeper flood damages a superset. Without a
//     curve a component recovers when the water recedes.
//
// # Bundled depth–damage curves
//
// Rules whose Damage is nil use DefaultDamage: the utility facility
// functions of the FEMA Hazus 6.1 flood model (table flUtilFltyDmgFn) for
// substations ("ESS": 0, 2, 4, 6, 7, 8, 9, 10, 12, 14, 15 % at 0 … 10 ft
// above grade) and pumps ("PPP-above", pumping plants above grade: 0, 1,
// 2, 5, 15, 30, 40 … 40 %), for the kinds that have an equipment height.
// HazusDamage has these and the other bundled rows (pumping plants below
// grade, treatment plants open and closed, wells, wastewater treatment) to
// give to other kinds. The curves are kept as published in an embedded
// table whose rows cite their source (data/SOURCE.md) and converted when
// read: 1 ft = 0.3048 m (Foot), percent ÷ 100, linear between whole feet,
// the 10 ft value beyond. Hazus has no communication facility function:
// central offices have no default and recover when the water recedes. An
// empty, non-nil Damage turns damage off.
//
// Two readings are lifeline's assumptions: Hazus's damage is a percentage
// of replacement value, read here as the probability that the facility is
// damaged (down until repaired); and Hazus's depth is above grade with the
// facility's equipment height built into the curve, which matches Rules'
// depth above the equipment only for equipment at ground level (the
// default): a component with its own equipment height shifts the curve up
// by that height.
//
// Other kinds (lines, pipes, fiber, towers, junctions) are not affected.
// The engine therefore sees both the failures and the recoveries.
//
// # Exact crossing times
//
// The instant a piecewise-linear depth crosses a level is computed
// analytically on the segment that crosses it (Hydrograph.Crossings) and
// rounded to the nearest nanosecond; "above" is strict, so water that
// only reaches a level does not cross it. Impacts come sorted
// (hazard.Sort).
//
// # Files
//
// The readers are strict: every problem is a *network.ParseError naming
// the file, line, column and field, wrapping network's sentinels
// (ErrSyntax, ErrInvalid, ErrNotFinite, ErrNegative, ErrTooLarge); no
// input makes them panic. Each file is capped at Reader.MaxBytes
// (DefaultMaxBytes, 1 GiB), and a grid's header cannot ask for more cells
// than its file could hold.
//
// # Cost
//
// Impacts costs O(C·(A·V + F) + L·(A·V·S + F·P)) for C located components,
// L road links of S segments sampled at P points, A areas of V corners in
// all and F frames, plus the sorting of the impacts. A hazard is pure: it
// never modifies the network, and the same Rand gives the same impacts.
// Extent, the water's bounding box, costs O(A·V + F): nothing outside it
// is ever wet, so a flood whose extent misses a network's (metres given
// to a lon/lat network, or lon/lat to one in metres without WGS84) is
// found before it is run.
package flood
