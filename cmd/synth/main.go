// Command synth writes a synthetic briefing site of a chosen size, for
// benchmarks and scale tests (see package internal/synth):
//
//	go run ./cmd/synth -briefs 10000 -countries 200 -pledges 20000 -out /tmp/site10k
//
// The same flags always give the same bytes. -hugo writes the same briefs as
// a Hugo site instead, for comparison. The output folder must be empty or
// missing.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/briefing/briefing/internal/synth"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

func run(args []string, stderr io.Writer) int {
	flags := flag.NewFlagSet("synth", flag.ContinueOnError)
	flags.SetOutput(stderr)
	var cfg synth.Config
	flags.IntVar(&cfg.Briefs, "briefs", 1000, "number of briefs")
	flags.IntVar(&cfg.Countries, "countries", 200, fmt.Sprintf("number of countries, besides the coalition (at most %d)", synth.MaxCountries))
	flags.IntVar(&cfg.Pledges, "pledges", -1, "number of pledges (default: twice the briefs)")
	flags.IntVar(&cfg.Events, "events", -1, "number of timeline events (default: briefs/20 + 10)")
	flags.Uint64Var(&cfg.Seed, "seed", 1, "random seed; the same seed gives the same site")
	out := flags.String("out", "", "output `folder` (required; must be empty or missing)")
	hugo := flags.Bool("hugo", false, "write the briefs as a Hugo site instead")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if *out == "" || flags.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: synth [-briefs N] [-countries N] [-pledges N] [-events N] [-seed N] [-hugo] -out DIR")
		return 2
	}
	if cfg.Pledges < 0 {
		cfg.Pledges = 2 * cfg.Briefs
	}
	if entries, err := os.ReadDir(*out); err == nil && len(entries) > 0 {
		fmt.Fprintf(stderr, "synth: %s is not empty: choose a new folder or remove it\n", *out)
		return 2
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(stderr, "synth: %v\n", err)
		return 1
	}
	write := synth.WriteDir
	if *hugo {
		write = synth.WriteHugo
	}
	if err := write(*out, cfg); err != nil {
		fmt.Fprintf(stderr, "synth: %v\n", err)
		return 1
	}
	return 0
}
