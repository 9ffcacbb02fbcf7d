package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/lifeline-sim/lifeline/metrics"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/report"
)

// The outages of the tiny city (see tinyCity in city_test.go): the line
// breaks at 1 h and is repaired at 6 h; sub and the hospital are out with
// it, the tower from 3 h, when its 2 h battery runs out.
func Example() {
	res, err := runTiny(network.CRS{}, 0)
	if err != nil {
		panic(err)
	}
	if err := report.WriteOutagesCSV(os.Stdout, res); err != nil {
		panic(err)
	}
	// Output:
	// entity,id,sector,kind,count,first_ns,first_h,total_ns,total_h
	// component,plant,power,generator,0,,,0,0
	// component,sub,power,substation,1,3600000000000,1,18000000000000,5
	// component,hospital,health,hospital,1,3600000000000,1,18000000000000,5
	// component,office,telecom,central_office,0,,,0,0
	// component,tower,telecom,cell_tower,1,10800000000000,3,10800000000000,3
	// link,line,power,line,1,3600000000000,1,18000000000000,5
	// link,fiber,telecom,fiber,0,,,0,0
}

// The timeline is the change log with its causes: each change's parent is
// the cause it descends from, back to the line's damage; the repair at 6 h
// is the crew's (hazard "responder").
func ExampleWriteTimelineCSV() {
	res, err := runTiny(network.CRS{}, 0)
	if err != nil {
		panic(err)
	}
	if err := report.WriteTimelineCSV(os.Stdout, res); err != nil {
		panic(err)
	}
	// Output:
	// time_ns,time_h,entity,id,sector,kind,old_status,new_status,old_factor,new_factor,mechanism,cause,parent,hazard
	// 3600000000000,1,link,line,power,line,up,damaged,1,1,impact,0,-1,
	// 3600000000000,1,component,sub,power,substation,up,unserved,1,1,service,1,0,
	// 3600000000000,1,component,hospital,health,hospital,up,unsupplied|unserved,1,1,requirement,2,1,
	// 3600000000000,1,component,tower,telecom,cell_tower,up,on-backup,1,1,requirement,3,1,
	// 10800000000000,3,component,tower,telecom,cell_tower,on-backup,unsupplied|unserved,1,1,buffer,4,1,
	// 21600000000000,6,link,line,power,line,damaged,up,1,1,impact,5,-1,responder
	// 21600000000000,6,component,hospital,health,hospital,unsupplied|unserved,up,1,1,requirement,6,5,responder
	// 21600000000000,6,component,tower,telecom,cell_tower,unsupplied|unserved,up,1,1,requirement,7,5,responder
	// 21600000000000,6,component,sub,power,substation,unserved,up,1,1,service,8,5,responder
}

// The power sector's figures by population: all 1000 people out for 5 h.
func ExampleWriteMetricsJSON() {
	res, err := runTiny(network.CRS{}, 0)
	if err != nil {
		panic(err)
	}
	var b bytes.Buffer
	if err := report.WriteMetricsJSON(&b, res); err != nil {
		panic(err)
	}
	var doc struct {
		Sectors []struct {
			Sector   string
			Weight   string
			LossH    float64 `json:"loss_h"`
			Unserved float64
			Unit     string `json:"unserved_unit"`
		}
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		panic(err)
	}
	for _, s := range doc.Sectors {
		if s.Sector == "power" {
			fmt.Printf("%s by %s: loss %v h, unserved %v %s\n", s.Sector, s.Weight, s.LossH, s.Unserved, s.Unit)
		}
	}
	// Output:
	// power by demand: loss 5 h, unserved 10 MWh
	// power by population: loss 5 h, unserved 5000 person_h
}

// A network in Web Mercator is written in WGS84 degrees.
func ExampleWriteGeoJSON() {
	res, err := runTiny(network.CRS{EPSG: 3857}, 0)
	if err != nil {
		panic(err)
	}
	var b bytes.Buffer
	if err := report.WriteGeoJSON(&b, res); err != nil {
		panic(err)
	}
	var fc struct {
		Features []struct {
			Geometry struct {
				Type        string
				Coordinates any
			}
			Properties struct {
				ID     string
				TotalH float64 `json:"total_h"`
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &fc); err != nil {
		panic(err)
	}
	for _, f := range fc.Features[:2] {
		fmt.Println(f.Properties.ID, f.Geometry.Type, f.Geometry.Coordinates, f.Properties.TotalH, "h")
	}
	// Output:
	// plant Point [10 50] 0 h
	// sub Point [10.02 50] 5 h
}

// Plots are gonum plots; WritePlot draws them as SVG or PNG.
func ExampleServicePlot() {
	res, err := runTiny(network.CRS{}, 0)
	if err != nil {
		panic(err)
	}
	p, err := report.ServicePlot(res, metrics.ByPopulation)
	if err != nil {
		panic(err)
	}
	var b bytes.Buffer
	if err := report.WritePlot(&b, p, report.SVG, report.Size{}); err != nil {
		panic(err)
	}
	svg := b.String()
	// 16 × 10 cm is 453.54 × 283.46 pt.
	fmt.Println(strings.Contains(svg, `<svg width="453.54pt" height="283.46pt"`))
	fmt.Println(p.Title.Text)
	// Output:
	// true
	// Service by sector, weighted by population
}

// The map colours every component and link by its outage time; its title
// gives the longest, the line's, sub's and the hospital's 5 h.
func ExampleMapPlot() {
	res, err := runTiny(network.CRS{}, 0)
	if err != nil {
		panic(err)
	}
	p, err := report.MapPlot(res)
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Title.Text)
	fmt.Println(p.X.Label.Text, "/", p.Y.Label.Text)
	// Output:
	// Outage time (longest 5 h)
	// longitude (°) / latitude (°)
}

// The HTML report holds its pictures inline and the top chains as text
// (cascade.Chain.WriteText): with Chains 1, the longest (the hospital's,
// the first of the longest in the log: hospital ← sub ← line), then the
// chain of the component out longest, sub's, which is part of it.
func ExampleWriteHTML() {
	res, err := runTiny(network.CRS{}, 0)
	if err != nil {
		panic(err)
	}
	var b bytes.Buffer
	if err := report.WriteHTML(&b, res, report.HTMLOptions{Title: "Line failure drill", Chains: 1}); err != nil {
		panic(err)
	}
	page := b.String()
	fmt.Println("pictures:", strings.Count(page, "<svg"))
	start := strings.Index(page, "<pre>")
	fmt.Print(page[start+len("<pre>") : strings.Index(page, "</pre>")])
	// Output:
	// pictures: 6
	// 1h      hospital (health hospital) down [unsupplied|unserved]: supply (requirement on sub, physical) changed
	//   ← 1h      sub (power substation) down [unserved]: sector service changed (cut off from, or rejoined to, its sources)
	//   ← 1h      link line: damage (input impact)
}

// WriteDir writes every output of a run into a directory.
func ExampleWriteDir() {
	res, err := runTiny(network.CRS{}, 0)
	if err != nil {
		panic(err)
	}
	dir, err := os.MkdirTemp("", "lifeline-report-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	written, skipped, err := report.WriteDir(context.Background(), dir, res)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(written), "files, skipped", len(skipped))
	fmt.Println(written[0], written[len(written)-1])
	// Output:
	// 20 files, skipped 0
	// timeline.csv report.html
}
