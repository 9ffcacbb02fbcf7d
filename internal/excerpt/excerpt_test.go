package excerpt

import (
	"strings"
	"testing"
)

func TestOf(t *testing.T) {
	a := strings.Repeat("a", Max-1)
	for _, c := range []struct{ in, want, quoted string }{
		{"abc", "abc", `"abc"`},
		{a + "b", a + "b", `"` + a + `b"`},          // exactly Max bytes: whole
		{a + "bc", a + "b…", `"` + a + `b"…`},       // one over
		{a + "é", a + "…", `"` + a + `"…`},          // é straddles the cut: left out whole
		{"\x00" + a, "\x00" + a, `"\x00` + a + `"`}, // quoting escapes
	} {
		if got := Of(c.in); got != c.want {
			t.Errorf("Of(%.10q…) = %.10q…, want %.10q…", c.in, got, c.want)
		}
		if got := Of([]byte(c.in)); got != c.want {
			t.Errorf("Of([]byte) differs from Of(string) for %.10q…", c.in)
		}
		if got := Quote(c.in); got != c.quoted {
			t.Errorf("Quote(%.10q…) = %s, want %s", c.in, got, c.quoted)
		}
	}
}
