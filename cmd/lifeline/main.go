// Command lifeline simulates cascading disaster chains across a city's
// interdependent lifelines: power, water, transport and telecom. Run it
// without arguments for the list of commands; go doc
// github.com/lifeline-sim/lifeline/internal/cli documents them and their
// exit codes.
//
//	go run ./cmd/lifeline run
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/lifeline-sim/lifeline/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Execute(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
