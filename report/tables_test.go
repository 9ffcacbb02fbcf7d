package report_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/metrics"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/report"
	"github.com/lifeline-sim/lifeline/sim"
)

// readCSV returns the rows of a CSV document keyed by its header.
func readCSV(t *testing.T, b []byte) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, recs)
	var rows []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for k, h := range recs[0] {
			m[h] = r[k]
		}
		rows = append(rows, m)
	}
	return rows
}

// The outages of tinyCity by hand (see tinyCity): hours 1 → 6 for the line,
// sub and the hospital, 3 → 6 for the tower, none for the rest.
func TestOutagesCSV(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, report.WriteOutagesCSV(&b, tinyCity(t, network.CRS{})))
	want := map[string][4]string{ // count, first_h, total_ns, total_h
		"component/plant":    {"0", "", "0", "0"},
		"component/sub":      {"1", "1", "18000000000000", "5"},
		"component/hospital": {"1", "1", "18000000000000", "5"},
		"component/office":   {"0", "", "0", "0"},
		"component/tower":    {"1", "3", "10800000000000", "3"},
		"link/line":          {"1", "1", "18000000000000", "5"},
		"link/fiber":         {"0", "", "0", "0"},
	}
	rows := readCSV(t, b.Bytes())
	require.Len(t, rows, len(want))
	for _, r := range rows {
		w, ok := want[r["entity"]+"/"+r["id"]]
		require.True(t, ok, r["id"])
		assert.Equal(t, w, [4]string{r["count"], r["first_h"], r["total_ns"], r["total_h"]}, r["id"])
	}
	assert.Equal(t, "3600000000000", rows[1]["first_ns"])
}

func TestOutagesJSON(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, report.WriteOutagesJSON(&b, tinyCity(t, network.CRS{})))
	var doc struct {
		EndNs   int64 `json:"end_ns"`
		Outages []struct {
			ID      string   `json:"id"`
			FirstNs *int64   `json:"first_ns"`
			TotalH  float64  `json:"total_h"`
			FirstH  *float64 `json:"first_h"`
		}
	}
	require.NoError(t, json.Unmarshal(b.Bytes(), &doc))
	assert.Equal(t, int64(6*3600e9), doc.EndNs)
	require.Len(t, doc.Outages, 7)
	assert.Nil(t, doc.Outages[0].FirstNs, "plant never failed")
	assert.Equal(t, "tower", doc.Outages[4].ID)
	assert.Equal(t, 3.0, doc.Outages[4].TotalH)
	assert.Equal(t, 3.0, *doc.Outages[4].FirstH)
}

// The timeline of tinyCity: the line's damage at 1 h is the root; sub is cut
// off by it; the hospital and the tower (going on battery) lose their
// requirement through sub; the tower's battery runs out at 3 h; the crew's
// repair at 6 h brings everything back.
func TestTimelineCSV(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, report.WriteTimelineCSV(&b, tinyCity(t, network.CRS{})))
	rows := readCSV(t, b.Bytes())
	got := make([]string, len(rows))
	for k, r := range rows {
		got[k] = strings.Join([]string{r["time_h"], r["id"], r["old_status"], r["new_status"], r["mechanism"], r["hazard"]}, " ")
	}
	assert.Equal(t, []string{
		"1 line up damaged impact ",
		"1 sub up unserved service ",
		"1 hospital up unsupplied|unserved requirement ",
		"1 tower up on-backup requirement ",
		"3 tower on-backup unsupplied|unserved buffer ",
		"6 line damaged up impact responder",
	}, got[:6])
	assert.Len(t, rows, 9, "the repair brings back the line, sub, the hospital and the tower")
	// Parents: sub's loss cites the line's damage, the hospital's cites sub's.
	assert.Equal(t, rows[0]["cause"], rows[1]["parent"])
	assert.Equal(t, rows[1]["cause"], rows[2]["parent"])
	assert.Equal(t, "-1", rows[0]["parent"])
	assert.Equal(t, "10800000000000", rows[4]["time_ns"])
}

func TestTimelineWithoutLog(t *testing.T) {
	res := tinyCity(t, network.CRS{})
	res.Changes, res.Causes = nil, nil
	err := report.WriteTimelineCSV(&bytes.Buffer{}, res)
	assert.ErrorIs(t, err, metrics.ErrNoChangeLog)
	err = report.WriteTimelineJSON(&bytes.Buffer{}, res)
	assert.ErrorIs(t, err, metrics.ErrNoChangeLog)
}

func TestTimelineJSON(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, report.WriteTimelineJSON(&b, tinyCity(t, network.CRS{})))
	var doc struct {
		Network string
		Changes []struct {
			TimeNs    int64   `json:"time_ns"`
			TimeH     float64 `json:"time_h"`
			Entity    string
			ID        string
			Mechanism string
		}
	}
	require.NoError(t, json.Unmarshal(b.Bytes(), &doc))
	assert.Equal(t, "tiny", doc.Network)
	require.Len(t, doc.Changes, 9)
	assert.Equal(t, "tower", doc.Changes[4].ID)
	assert.Equal(t, "buffer", doc.Changes[4].Mechanism)
	assert.Equal(t, 3.0, doc.Changes[4].TimeH)
	assert.Equal(t, "link", doc.Changes[0].Entity)
}

// The figures of tinyCity by hand: power loses its 1000 people and 2 MW for
// 5 h (loss 5 h, 5000 person-hours, 10 MWh), back in full at 6 h, 5 h after
// the loss; telecom loses its 1000 people for 3 h (3000 person-hours) from
// 3 h; telecom and health have no demand and the hospital no people, so
// those curves stay at 1.
func TestMetricsCSV(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, report.WriteMetricsCSV(&b, tinyCity(t, network.CRS{})))
	rows := readCSV(t, b.Bytes())
	require.Len(t, rows, 6, "three sectors, two weights")
	byKey := map[string]map[string]string{}
	for _, r := range rows {
		byKey[r["sector"]+"/"+r["weight"]] = r
	}
	check := func(key string, want map[string]string) {
		t.Helper()
		r := byKey[key]
		require.NotNil(t, r, key)
		for k, v := range want {
			assert.Equal(t, v, r[k], key+" "+k)
		}
	}
	check("power/demand", map[string]string{"total": "2000000", "min_q": "0", "min_at_h": "1", "loss_h": "5",
		"unserved": "10", "unserved_unit": "MWh", "recover_100_h": "5", "recover_90_ns": "18000000000000", "q_day1": "1"})
	check("power/population", map[string]string{"total": "1000", "loss_h": "5", "unserved": "5000", "unserved_unit": "person_h"})
	check("telecom/population", map[string]string{"min_at_ns": "10800000000000", "loss_h": "3", "unserved": "3000", "recover_95_h": "3"})
	check("telecom/demand", map[string]string{"total": "0", "min_q": "1", "loss_h": "0", "recover_100_h": "0"})
	check("health/population", map[string]string{"total": "0", "min_q": "1"})
}

// A run that ends with the sector still down has no time to recover: empty
// cells in CSV, null in JSON.
func TestMetricsNotRecovered(t *testing.T) {
	res := tinyRun(t, network.CRS{}, 2*sim.Hour)
	var b bytes.Buffer
	require.NoError(t, report.WriteMetricsCSV(&b, res))
	for _, r := range readCSV(t, b.Bytes()) {
		if r["sector"] == "power" {
			assert.Equal(t, "", r["recover_90_ns"])
			assert.Equal(t, "", r["recover_100_h"])
			assert.Equal(t, "0", r["q_day1"])
		}
	}
}

func TestMetricsJSON(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, report.WriteMetricsJSON(&b, tinyCity(t, network.CRS{})))
	var doc struct {
		Sectors []struct {
			Sector   string
			Weight   string
			Unserved float64
			Recovery []struct {
				Level float64
				Ns    *int64
			}
		}
		Chains struct {
			Direct, Induced int
			Amplification   float64
			Longest         struct {
				ID     string
				Length int
			}
		}
		Telecom struct {
			Sites     int
			SiteHours map[string]float64 `json:"site_hours"`
		}
		Facilities []struct {
			ID     string
			Supply []struct {
				Sector string
				TotalH float64 `json:"total_h"`
			}
			Road *struct{}
		}
	}
	require.NoError(t, json.Unmarshal(b.Bytes(), &doc))
	require.Len(t, doc.Sectors, 6)
	assert.Equal(t, 5000.0, doc.Sectors[3].Unserved)
	assert.Equal(t, int64(5*3600e9), *doc.Sectors[0].Recovery[2].Ns)
	// One direct loss (the line); induced: sub, hospital, tower.
	assert.Equal(t, 1, doc.Chains.Direct)
	assert.Equal(t, 3, doc.Chains.Induced)
	assert.Equal(t, 4.0, doc.Chains.Amplification)
	// Two sites (office, tower); the tower: 2 h on battery, 3 h without power.
	assert.Equal(t, 2, doc.Telecom.Sites)
	assert.Equal(t, 3.0, doc.Telecom.SiteHours["no_power"])
	assert.Equal(t, 2.0, doc.Telecom.SiteHours["on_backup"])
	require.Len(t, doc.Facilities, 1)
	assert.Equal(t, "hospital", doc.Facilities[0].ID)
	require.Len(t, doc.Facilities[0].Supply, 1)
	assert.Equal(t, "power", doc.Facilities[0].Supply[0].Sector)
	assert.Equal(t, 5.0, doc.Facilities[0].Supply[0].TotalH)
	assert.Nil(t, doc.Facilities[0].Road, "access not recorded")
}

// WriteFile replaces a file only when the whole write succeeds and leaves
// no temporary file behind either way.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	require.NoError(t, os.WriteFile(path, []byte("old"), 0o644))
	boom := errors.New("boom")
	err := report.WriteFile(path, func(w io.Writer) error {
		io.WriteString(w, "half")
		return boom
	})
	require.ErrorIs(t, err, boom)
	got, _ := os.ReadFile(path)
	assert.Equal(t, "old", string(got))
	require.NoError(t, report.WriteFile(path, func(w io.Writer) error {
		_, err := io.WriteString(w, "new")
		return err
	}))
	got, _ = os.ReadFile(path)
	assert.Equal(t, "new", string(got))
	entries, _ := os.ReadDir(dir)
	assert.Len(t, entries, 1, "no temporary file left")
	err = report.WriteFile(filepath.Join(dir, "missing", "x.csv"), func(io.Writer) error { return nil })
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

// The JSON rows carry the CSV's columns as keys, no more, no fewer.
func TestJSONKeysAreCSVColumns(t *testing.T) {
	res := tinyCity(t, network.CRS{})
	for _, tc := range []struct {
		key          string
		csv, jsonDoc func(io.Writer, *cascade.Result) error
	}{
		{"changes", report.WriteTimelineCSV, report.WriteTimelineJSON},
		{"outages", report.WriteOutagesCSV, report.WriteOutagesJSON},
	} {
		var c, j bytes.Buffer
		require.NoError(t, tc.csv(&c, res))
		require.NoError(t, tc.jsonDoc(&j, res))
		header, err := csv.NewReader(&c).Read()
		require.NoError(t, err)
		var raw map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(j.Bytes(), &raw))
		rows := []map[string]any{}
		require.NoError(t, json.Unmarshal(raw[tc.key], &rows))
		require.NotEmpty(t, rows)
		for _, r := range rows {
			var keys []string
			for k := range r {
				keys = append(keys, k)
			}
			assert.ElementsMatch(t, header, keys, tc.key)
		}
	}
}
