// Package excerpt cuts the input text an error message quotes, so that a
// huge cell or token gives a short message: at most Max bytes, cut at a
// UTF-8 boundary and marked with "…". It is the one home of that rule for
// every parser of the module (network's formats and importers, the
// hazards' readers), under the root internal/ so that both layers may
// import it. Standard library only; nothing here panics.
package excerpt

import (
	"strconv"
	"unicode/utf8"
)

// Max is the most bytes of input text that an error message quotes.
const Max = 64

// Of returns s, or its first Max bytes or fewer (cut at a UTF-8 boundary)
// followed by "…" when it is longer.
func Of[T string | []byte](s T) string {
	if len(s) <= Max {
		return string(s)
	}
	n := Max
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return string(s[:n]) + "…"
}

// Quote returns s as a Go string literal (strconv.Quote), cut as Of cuts
// it: the "…" of a cut text follows the closing quote.
func Quote[T string | []byte](s T) string {
	if len(s) <= Max {
		return strconv.Quote(string(s))
	}
	e := Of(s)
	return strconv.Quote(e[:len(e)-len("…")]) + "…"
}
