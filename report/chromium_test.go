package report_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/report"
)

// chromium returns the path of Debian's chromium. When it is absent the test
// skips, unless LIFELINE_CHROMIUM=required (CI), where it fails.
func chromium(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("LIFELINE_CHROMIUM") == "required" {
			t.Fatalf("LIFELINE_CHROMIUM=required but chromium is not installed: %v", err)
		}
		t.Skip("chromium not installed (apt-get install chromium); set LIFELINE_CHROMIUM=required to fail instead")
	}
	return path
}

// consoleCatcher is put at the top of the page under test: it records
// script errors, failed loads (errors reach window in the capture phase),
// unhandled rejections and console errors and warnings into a
// <pre id="lifeline-console"> that --dump-dom shows.
const consoleCatcher = `<script>
(function () {
  var errs = [];
  function rec(m) {
    errs.push(String(m));
    var d = document.getElementById('lifeline-console');
    if (!d) { d = document.createElement('pre'); d.id = 'lifeline-console'; (document.body || document.documentElement).appendChild(d); }
    d.textContent = errs.join('\n');
  }
  window.addEventListener('error', function (e) {
    rec(e.message || ('failed to load ' + (e.target && (e.target.src || e.target.href || e.target.tagName))));
  }, true);
  window.addEventListener('unhandledrejection', function (e) { rec('unhandled rejection: ' + e.reason); });
  ['error', 'warn'].forEach(function (k) {
    var o = console[k];
    console[k] = function () { rec(k + ': ' + Array.prototype.join.call(arguments, ' ')); o.apply(console, arguments); };
  });
})();
</script>`

// runChromium runs headless chromium on a file with extra flags and returns
// its stdout and stderr. Every host name resolves to nothing, so a page that
// needed the network would fail to load something.
func runChromium(t *testing.T, bin, file string, flags ...string) (stdout, stderr string) {
	t.Helper()
	profile, err := os.MkdirTemp("", "lifeline-chromium-")
	require.NoError(t, err)
	defer os.RemoveAll(profile)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
		"--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=" + profile,
		"--enable-logging=stderr", "--v=0"}, flags...)
	cmd := exec.CommandContext(ctx, bin, append(args, "file://"+file)...)
	cmd.WaitDelay = 10 * time.Second
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	require.NoError(t, cmd.Run(), "chromium: %s", errb.String())
	return out.String(), errb.String()
}

// consoleLines returns what chromium logged from pages' consoles.
func consoleLines(stderr string) []string {
	var out []string
	for l := range strings.Lines(stderr) {
		if strings.Contains(l, ":CONSOLE") {
			out = append(out, strings.TrimSpace(l))
		}
	}
	return out
}

// pageErrors loads an HTML page with the console catcher and returns the
// console lines chromium logged and what the catcher caught.
func pageErrors(t *testing.T, bin string, html []byte) (logged []string, caught string) {
	t.Helper()
	page := bytes.Replace(html, []byte("<head>"), []byte("<head>\n"+consoleCatcher), 1)
	require.NotEqual(t, html, page, "the page has no <head>")
	file := filepath.Join(t.TempDir(), "page.html")
	require.NoError(t, os.WriteFile(file, page, 0o644))
	dom, stderr := runChromium(t, bin, file, "--dump-dom")
	require.Contains(t, dom, "</html>", "chromium dumped no DOM")
	if m := regexp.MustCompile(`(?s)<pre id="lifeline-console">(.*?)</pre>`).FindStringSubmatch(dom); m != nil {
		caught = m[1]
	}
	return consoleLines(stderr), caught
}

// Both checks catch what they must: chromium's log shows the console error
// and the script error, the catcher those and the missing image.
func TestChromiumCatchesErrors(t *testing.T) {
	bin := chromium(t)
	logged, caught := pageErrors(t, bin, []byte(`<!DOCTYPE html><html><head><title>x</title></head><body>
<img src="missing.png"><script>console.error("boom"); noSuchFunction();</script></body></html>`))
	all := strings.Join(logged, "\n")
	assert.Contains(t, all, "boom")
	assert.Contains(t, all, "noSuchFunction")
	assert.Contains(t, caught, "missing.png")
	assert.Contains(t, caught, "boom")
	assert.Contains(t, caught, "noSuchFunction")
}

// The report of tinyCity loads in headless chromium without a console
// error or a failed load, needs no network, and its screenshot is no blank
// page.
func TestChromiumReport(t *testing.T) {
	bin := chromium(t)
	var html bytes.Buffer
	require.NoError(t, report.WriteHTML(&html, tinyCity(t, network.CRS{}), report.HTMLOptions{}))
	assert.NotRegexp(t, `(?i)(src|href)\s*=\s*["']?\s*(https?:)?//|url\(`, html.String(), "no external resource")
	logged, caught := pageErrors(t, bin, html.Bytes())
	assert.Empty(t, logged)
	assert.Empty(t, caught)

	img := screenshot(t, bin, html.Bytes())
	assert.Equal(t, 1200, img.Bounds().Dx())
	// A blank page has variance 0 (checked below); the report's text,
	// tables and plots on white give far more than a few grey levels of
	// spread.
	assert.Greater(t, pixelVariance(img), 100.0)
	blank := screenshot(t, bin, []byte("<!DOCTYPE html><html><head><title>blank</title></head><body></body></html>"))
	assert.Less(t, pixelVariance(blank), 1.0)
}

// screenshot renders a page in headless chromium at 1200 × 2400 pixels.
func screenshot(t *testing.T, bin string, page []byte) image.Image {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "page.html")
	require.NoError(t, os.WriteFile(file, page, 0o644))
	shot := filepath.Join(dir, "shot.png")
	runChromium(t, bin, file, "--screenshot="+shot, "--window-size=1200,2400", "--hide-scrollbars")
	f, err := os.Open(shot)
	require.NoError(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(t, err)
	return img
}
