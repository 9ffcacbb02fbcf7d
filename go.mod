module github.com/lifeline-sim/lifeline

go 1.26
