package power

// CancellingBuilder is cancellingBuilder, for the external tests.
var CancellingBuilder = cancellingBuilder
