// Package metrics computes resilience figures from one run's record.
package metrics
