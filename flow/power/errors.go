package power

import "errors"

// Sentinel errors; returned errors wrap them with context (the case, the
// bus or branch at fault), so test with errors.Is.
var (
	// ErrSingular: the susceptance matrix is singular to working precision —
	// a bus or group of buses with no path to a reference bus, or
	// susceptances that cancel exactly.
	ErrSingular = errors.New("power: singular susceptance matrix")
	// ErrNoReference: no bus can be the angle reference (MATPOWER's
	// bustypes finds no in-service generator at a type-3 or type-2 bus).
	ErrNoReference = errors.New("power: no reference bus")
	// ErrInvalid: input the DC model cannot represent (an in-service
	// branch with zero or non-finite reactance, a non-finite injection,
	// an option out of range).
	ErrInvalid = errors.New("power: invalid input")
	// ErrIslanding: the outage of this branch splits the network (the
	// branch is a bridge), so a single-reference DC power flow has no
	// solution and the LODF would divide by zero.
	ErrIslanding = errors.New("power: outage splits the network")
)
