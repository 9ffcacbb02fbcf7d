module github.com/lifeline-sim/lifeline

go 1.26

require (
	github.com/dominikbraun/graph v0.23.0
	github.com/stretchr/testify v1.12.1
	go.yaml.in/yaml/v3 v3.0.6
	gonum.org/v1/gonum v0.17.0
)
