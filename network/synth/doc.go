// Package synth generates synthetic cities and research graphs.
package synth
