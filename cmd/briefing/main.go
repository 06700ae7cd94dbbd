// Command briefing builds, checks and previews the briefing site.
//
//	briefing build [-src DIR] [-out DIR] [-base-url URL] [-drafts]
//	briefing check [-src DIR] [-drafts]
//	briefing serve [-src DIR] [-addr 127.0.0.1:8080] [-drafts]
//	briefing new brief [-src DIR] "Title"
//	briefing new pledge|change|source|event [-src DIR] [-field value ...]
//	briefing list [-src DIR] [-json] statuses|categories|locations|conditions|roles|countries|sources|instruments|pledges
//
// Exit status: 0 on success, 1 when the build cannot be made (the content has
// errors, all of them printed as file:line:col: message, or the output folder
// cannot be used), 2 on bad usage (an unknown command, flag or argument).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/build"
	"github.com/briefing/briefing/internal/date"
	"github.com/briefing/briefing/internal/diag"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage: briefing <command> [flags]

commands:
  build   build the site into a folder
  check   validate the site and every link in it, without writing anything
  serve   preview the site, rebuilding and reloading on every change
  new     add to the briefing without writing TOML by hand: a brief's skeleton
          (briefing new brief "Title"), a pledge, a change of status, a source,
          an event ("briefing new -h" lists them)
  list    the ids of one kind, with their labels, to write in the dataset and
          the flags of new: briefing list statuses (-json for scripts)

run "briefing <command> -h" for a command's flags
`

// run is the whole program, minus the process: tests call it directly.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return runBuild(args[1:], stdout, stderr)
	case "check":
		return runCheck(args[1:], stdout, stderr)
	case "serve":
		return runServe(args[1:], stdout, stderr)
	case "new":
		return runNew(args[1:], terminal(os.Stdin), stdout, stderr, time.Now())
	case "list":
		return runList(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "briefing: unknown command %q\n%s", args[0], usage)
	return 2
}

// siteFlags are the flags every command that reads a site shares.
type siteFlags struct {
	src    *string
	drafts *bool
}

func newFlags(name string, stderr io.Writer) (*flag.FlagSet, siteFlags) {
	flags := flag.NewFlagSet(name, flag.ContinueOnError)
	flags.SetOutput(stderr)
	return flags, siteFlags{
		src:    flags.String("src", ".", "site `folder`: site.toml, content/, templates/, static/"),
		drafts: flags.Bool("drafts", false, "include briefs marked draft"),
	}
}

// parse parses args and refuses leftover arguments.
func parse(flags *flag.FlagSet, args []string, stderr io.Writer) bool {
	if err := flags.Parse(args); err != nil {
		return false
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "briefing %s: unexpected argument %q\n", flags.Name(), flags.Arg(0))
		return false
	}
	return true
}

// buildOptions are what every command builds with; today decides which
// briefs are still scheduled.
func buildOptions(sf siteFlags, now time.Time) build.Options {
	return build.Options{Drafts: *sf.drafts, Theme: briefing.Theme, Today: date.Of(now)}
}

// report prints every error, with paths as the user named the site folder,
// so an editor's tools can open them.
func report(w io.Writer, src string, err error) {
	var list diag.List
	if errors.As(err, &list) {
		err = list.In(src)
	}
	fmt.Fprintln(w, err)
}
