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
	"github.com/briefing/briefing/internal/slug"
)

const newUsage = `usage: briefing new brief [-src DIR] "Title"`

func runNew(args []string, stdout, stderr io.Writer, now time.Time) int {
	if len(args) == 0 || args[0] != "brief" {
		fmt.Fprintln(stderr, newUsage)
		return 2
	}
	flags, sf := newFlags("new brief", stderr)
	if err := flags.Parse(args[1:]); err != nil {
		return 2
	}
	if flags.NArg() != 1 || strings.TrimSpace(flags.Arg(0)) == "" {
		fmt.Fprintln(stderr, newUsage)
		return 2
	}
	title := strings.TrimSpace(flags.Arg(0))
	s := slug.Make(title)
	if s == "" {
		fmt.Fprintf(stderr, "briefing new: the title %q has no letters or digits to make a file name from\n", title)
		return 2
	}
	day := now.Format("2006-01-02")
	name := filepath.Join(*sf.src, filepath.FromSlash(content.BriefsDir), day+"-"+s+".md")
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
	_, err = fmt.Fprintf(f, `+++
title     = %s
date      = %s
summary   = ""    # one or two sentences for lists and previews (required)
countries = []    # country codes from content/data/countries.toml, e.g. ["FR", "DE"]
sources   = []    # source ids from content/data/sources.toml, e.g. ["paris-report"]
draft     = true  # delete this line to publish
+++

Write the brief here, in Markdown. Quote people exactly, in quotation marks, and say who said it.
`, tomlString(title), day)
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

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
