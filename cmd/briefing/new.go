package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/briefing/briefing/internal/content"
	"github.com/briefing/briefing/internal/date"
	"github.com/briefing/briefing/internal/slug"
)

const newUsage = `usage: briefing new <kind> [-src DIR] [flags]

kinds:
  brief "Title"  a new brief, a draft, in content/briefs/
  pledge         a pledge and its source, in the file of its country's pledges
  change         a pledge's change of status and its source (a [[pledge.history]] entry)
  source         a source, to cite by its id
  event          an event of the timeline and its source

run "briefing new <kind> -h" for its flags; at a terminal, it asks for the
required ones left out, listing the ids they take
`

// runNew is "briefing new"; stdin is where a person types answers to
// prompts, or nil when none is at the terminal.
func runNew(args []string, stdin io.Reader, stdout, stderr io.Writer, now time.Time) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, newUsage)
		return 2
	}
	switch args[0] {
	case "brief":
		return newBrief(args[1:], stdout, stderr, now)
	case "pledge", "change", "source", "event":
		return newEntry(args[0], args[1:], stdin, stdout, stderr, now)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, newUsage)
		return 0
	}
	fmt.Fprintf(stderr, "briefing new: unknown kind %q\n%s", args[0], newUsage)
	return 2
}

const newBriefUsage = `usage: briefing new brief [-src DIR] "Title"`

// newBrief writes the skeleton of a brief (content.Skeleton), a draft
// dated today, named from the day and the title; never over a file.
func newBrief(args []string, stdout, stderr io.Writer, now time.Time) int {
	flags, sf := newFlags("new brief", stderr)
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if flags.NArg() != 1 || strings.TrimSpace(flags.Arg(0)) == "" {
		fmt.Fprintln(stderr, newBriefUsage)
		return 2
	}
	title := strings.TrimSpace(flags.Arg(0))
	s := slug.Make(title)
	if s == "" {
		fmt.Fprintf(stderr, "briefing new: the title %q has no letters or digits to make a file name from\n", title)
		return 2
	}
	day := date.Of(now)
	name := filepath.Join(*sf.src, filepath.FromSlash(content.BriefsDir), day.String()+"-"+s+".md")
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		fmt.Fprintf(stderr, "briefing new: %v\n", err)
		return 1
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		fmt.Fprintf(stderr, "briefing new: %s already exists; not overwriting it (choose another title)\n", name)
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "briefing new: %v\n", err)
		return 1
	}
	_, err = f.Write(content.Skeleton(title, day))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(stderr, "briefing new: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, name)
	return 0
}
