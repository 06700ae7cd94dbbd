package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/date"
	"github.com/briefing/briefing/internal/entry"
	"github.com/briefing/briefing/internal/suggest"
)

// field is one flag of "briefing new pledge|change|source|event", named as
// the key it fills (but -source, which fills a citation's ref).
type field struct {
	name     string
	usage    string
	required bool
	many     bool   // may be given again, for each citation (-source, -quote, -speaker)
	split    bool   // a list: comma-separated, or given again (-conditions)
	list     string // the kind of "briefing list" whose ids it takes, if any
	// keep, when set, narrows the ids a prompt offers (the countries that
	// may have pledges).
	keep func(row []string) bool
	vals []string
}

func (f *field) String() string { return strings.Join(f.vals, ",") }

func (f *field) Set(s string) error {
	switch {
	case f.split:
		for _, v := range strings.Split(s, ",") {
			if v = strings.TrimSpace(v); v != "" {
				f.vals = append(f.vals, v)
			}
		}
	case f.many || len(f.vals) == 0:
		f.vals = append(f.vals, s)
	default:
		return fmt.Errorf("given twice (%q, then %q)", f.vals[0], s)
	}
	return nil
}

// one is the field's value, or "".
func (f *field) one() string {
	if len(f.vals) == 0 {
		return ""
	}
	return f.vals[0]
}

// pledgers keeps the countries that may have pledges: those who give or
// refuse the guarantees, alone or together.
func pledgers(row []string) bool { return dataset.Part(row[3]).Pledges() }

// forms are the flags of each kind of entry, in the order a prompt asks.
func form(kind string) []*field {
	cite := func(quoteRequired bool) []*field {
		return []*field{
			{name: "source", usage: "the `id` of a [[source]] cited; again for each citation", required: true, many: true, list: "sources"},
			{name: "quote", usage: "the exact `words` the source says, in its own spelling; one for each -source, in order", required: quoteRequired, many: true},
			{name: "speaker", usage: "who said the words, by `name` (empty for the source's own); one for each -source, in order", many: true},
		}
	}
	switch kind {
	case "pledge":
		return append([]*field{
			{name: "id", usage: "the pledge's `id` (default: the country's code in lowercase, a dash, the category: \"de-monitoring\")"},
			{name: "country", usage: "the `code` of the country or group that pledges", required: true, list: "countries", keep: pledgers},
			{name: "category", usage: "the `id` of its kind of commitment", required: true, list: "categories"},
			{name: "status", usage: "the `id` of its stage", required: true, list: "statuses"},
			{name: "location", usage: "`id`: where the forces would be, when the source says", list: "locations"},
			{name: "date", usage: "when it was made: `YYYY-MM-DD`", required: true},
			{name: "summary", usage: "what was pledged, in one or two `sentences`", required: true},
			{name: "conditions", usage: "`ids` of what it waits on, comma-separated", split: true, list: "conditions"},
			{name: "instruments", usage: "`ids` of the documents that record it, comma-separated", split: true, list: "instruments"},
		}, cite(true)...)
	case "change":
		return append([]*field{
			{name: "pledge", usage: "the `id` of the pledge whose status changed", required: true, list: "pledges"},
			{name: "date", usage: "when the status changed: `YYYY-MM-DD`", required: true},
			{name: "status", usage: "the `id` of its new stage", required: true, list: "statuses"},
			{name: "note", usage: "what happened, in a `sentence`", required: true},
			{name: "summary", usage: "what the pledge now is, in a `sentence`, when that changed too"},
		}, cite(true)...)
	case "source":
		return []*field{
			{name: "id", usage: "the source's `id`: lowercase letters, digits and dashes, like \"berlin-statement\"", required: true},
			{name: "title", usage: "its `title`", required: true},
			{name: "publisher", usage: "who published it: a `name`"},
			{name: "date", usage: "when it was published: `YYYY-MM-DD`", required: true},
			{name: "url", usage: "its `URL`, when known: never invent one"},
		}
	case "event":
		return append([]*field{
			{name: "date", usage: "when it happened: `YYYY-MM-DD`, YYYY-MM or YYYY", required: true},
			{name: "title", usage: "what happened, as a `headline`", required: true},
			{name: "summary", usage: "a `sentence` or two more"},
			{name: "countries", usage: "`codes` of the countries it concerns, comma-separated", split: true, list: "countries"},
		}, cite(false)...)
	}
	return nil
}

// newEntry is "briefing new pledge|change|source|event": it takes the
// entry's values from flags, asks for the required ones left out when a
// person is at the terminal (stdin is not nil), and adds the entry.
func newEntry(kind string, args []string, stdin io.Reader, stdout, stderr io.Writer, now time.Time) int {
	name := "new " + kind
	flags := flag.NewFlagSet(name, flag.ContinueOnError)
	flags.SetOutput(stderr)
	src := flags.String("src", ".", "site `folder`")
	fields := form(kind)
	for _, f := range fields {
		flags.Var(f, f.name, f.usage)
	}
	draft := new(bool)
	if kind == "change" {
		draft = flags.Bool("draft", false, "an entry prepared ahead: shown only in a preview with -drafts")
	}
	if !parse(flags, args, stderr) {
		return 2
	}
	data, err := entry.Open(*src, date.Of(now))
	if err != nil {
		fmt.Fprintf(stderr, "briefing %s: %v\n", name, err)
		return 1
	}
	if err := data.Err(); err != nil {
		fmt.Fprintf(stderr, "briefing %s: the dataset has problems already; fix them first (nothing was written):\n", name)
		report(stderr, *src, err)
		return 1
	}
	get := map[string]*field{}
	for _, f := range fields {
		get[f.name] = f
	}
	if missing := fill(fields, data.Dataset(), stdin, stderr); len(missing) > 0 {
		for _, m := range missing {
			fmt.Fprintf(stderr, "briefing %s: %s\n", name, m)
		}
		fmt.Fprintf(stderr, "run \"briefing %s -h\" for every flag, \"briefing list\" for the ids\n", name)
		return 2
	}
	if kind == "pledge" && get["id"].one() == "" {
		get["id"].vals = []string{strings.ToLower(get["country"].one()) + "-" + get["category"].one()}
	}
	day, err := date.Parse(get["date"].one())
	if err != nil {
		fmt.Fprintf(stderr, "briefing %s: -date: %v\n", name, err)
		return 2
	}
	cites, err := citations(get)
	if err != nil {
		fmt.Fprintf(stderr, "briefing %s: %v\n", name, err)
		return 2
	}

	var added entry.Added
	switch v := func(n string) string { return get[n].one() }; kind {
	case "pledge":
		added, err = data.AddPledge(&dataset.Pledge{ID: v("id"), Country: v("country"), Category: v("category"), Status: v("status"),
			Location: v("location"), Date: day, Summary: v("summary"), Conditions: get["conditions"].vals, Instruments: get["instruments"].vals, Sources: cites})
	case "change":
		added, err = data.AddChange(v("pledge"), &dataset.Change{Date: day, Status: v("status"), Note: v("note"), Summary: v("summary"), Draft: *draft, Sources: cites})
	case "source":
		added, err = data.AddSource(&dataset.Source{ID: v("id"), Title: v("title"), Publisher: v("publisher"), Date: day, URL: v("url")})
	case "event":
		added, err = data.AddEvent(&dataset.Event{Date: day, Title: v("title"), Summary: v("summary"), Countries: get["countries"].vals, Sources: cites})
	}
	var refused *entry.Refused
	switch {
	case errors.As(err, &refused):
		for _, p := range refused.Problems {
			fmt.Fprintf(stderr, "briefing %s: %s\n", name, flagMessage(p, get, len(cites)))
		}
		if len(refused.Elsewhere) > 0 {
			report(stderr, *src, refused.Elsewhere)
		}
		fmt.Fprintln(stderr, "nothing was written")
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "briefing %s: %v\n", name, err)
		return 1
	}
	fmt.Fprintf(stdout, "%s:%d: added %s\n", filepath.Join(*src, filepath.FromSlash(added.File)), added.Line, describe(kind, get))
	return 0
}

// fill gives the required fields left out a value: asked for at a
// terminal (stdin not nil), with the ids each takes. It returns what is
// still missing, each with what it takes.
func fill(fields []*field, set *dataset.Dataset, stdin io.Reader, stderr io.Writer) []string {
	var ask *prompter
	if stdin != nil {
		ask = &prompter{in: bufio.NewReader(stdin), out: stderr}
	}
	sources := 0
	var missing []string
	for _, f := range fields {
		if f.name == "source" {
			sources = len(f.vals)
		}
		// Several citations are checked one by one, after.
		if !f.required || len(f.vals) > 0 || f.name == "quote" && sources > 1 {
			continue
		}
		var offer [][2]string
		if f.list != "" {
			offer = choices(set, f.list, f.keep)
		}
		if ask != nil {
			if v, ok := ask.ask(f, offer); ok {
				f.vals = []string{v}
				continue
			}
		}
		msg := "missing -" + f.name
		switch {
		case len(offer) > maxOffer:
			msg += fmt.Sprintf(": one of the %d ids \"briefing list %s\" prints", len(offer), f.list)
		case len(offer) > 0:
			ids := make([]string, len(offer))
			for i, o := range offer {
				ids[i] = o[0]
			}
			msg += ": one of " + strings.Join(ids, ", ")
		}
		missing = append(missing, msg)
	}
	return missing
}

// citations pairs the i-th -source with the i-th -quote and -speaker.
func citations(get map[string]*field) ([]*dataset.Citation, error) {
	s := get["source"]
	if s == nil {
		return nil, nil
	}
	q, sp := get["quote"].vals, get["speaker"].vals
	if len(q) > len(s.vals) || len(sp) > len(s.vals) {
		return nil, fmt.Errorf("%d -source, %d -quote and %d -speaker: give a -source for each -quote and -speaker, in order", len(s.vals), len(q), len(sp))
	}
	var cites []*dataset.Citation
	for i, ref := range s.vals {
		c := &dataset.Citation{Ref: ref}
		if i < len(q) {
			c.Quote = q[i]
		}
		if i < len(sp) {
			c.Speaker = sp[i]
		}
		cites = append(cites, c)
	}
	return cites, nil
}

// describe names what was added, for the line that says where.
func describe(kind string, get map[string]*field) string {
	switch kind {
	case "pledge", "source":
		return fmt.Sprintf("%s %q", kind, get["id"].one())
	case "change":
		return fmt.Sprintf("a change of pledge %q to %q", get["pledge"].one(), get["status"].one())
	}
	return fmt.Sprintf("event %q", get["title"].one())
}

// fieldRE is how validation starts a message about one field.
var fieldRE = regexp.MustCompile(`^field "[^"]*"`)

// flagMessage says a problem of an entry in terms of the flags: `field
// "status": ...` becomes `-status: ...`, with the citation when there are
// several.
func flagMessage(p entry.Problem, get map[string]*field, cites int) string {
	name := p.Field
	if name == "ref" {
		name = "source"
	}
	f := get[name]
	if f == nil {
		return p.Msg
	}
	flag := "-" + name
	if p.Cite >= 0 && cites > 1 {
		flag += fmt.Sprintf(" (citation %d)", p.Cite+1)
	}
	msg := p.Msg
	if loc := fieldRE.FindStringIndex(msg); loc != nil {
		msg = flag + msg[loc[1]:]
	} else {
		msg = flag + ": " + msg
	}
	return msg
}

// prompter asks for what the flags left out, when a person is at the
// terminal. Prompts go to stderr, so stdout says only what was added.
type prompter struct {
	in  *bufio.Reader
	out io.Writer
}

// maxOffer is how many ids a prompt or a message lists at most; past it,
// it says which list has them (a large briefing has thousands of pledges).
const maxOffer = 40

// ask asks for the required value of f, listing the ids it may take
// (offer) and asking again until the answer is one of them. It returns
// false when the input ends first.
func (p *prompter) ask(f *field, offer [][2]string) (string, bool) {
	name := f.name
	var ids []string
	for _, o := range offer {
		ids = append(ids, o[0])
	}
	switch {
	case len(offer) > maxOffer:
		fmt.Fprintf(p.out, "-%s: one of the %d ids \"briefing list %s\" prints\n", name, len(offer), f.list)
	case len(offer) > 0:
		fmt.Fprintf(p.out, "-%s, one of:\n", name)
		tw := tabwriter.NewWriter(p.out, 0, 0, 2, ' ', 0)
		for _, o := range offer {
			fmt.Fprintf(tw, "  %s\t%s\n", o[0], o[1])
		}
		tw.Flush()
	}
	for {
		fmt.Fprintf(p.out, "%s: ", name)
		line, err := p.in.ReadString('\n')
		line = strings.TrimSpace(line)
		switch {
		case line == "":
		case ids == nil || slices.Contains(ids, line):
			return line, true
		default:
			fmt.Fprintln(p.out, suggest.Append(fmt.Sprintf("%q is not one of them", line), line, ids))
		}
		if err != nil {
			fmt.Fprintln(p.out)
			return "", false
		}
	}
}

// terminal is f when a person types into it, else nil: "briefing new"
// prompts only then, never in a script or a test. A terminal is a
// character device; so is /dev/null, which scripts give as input.
func terminal(f *os.File) io.Reader {
	info, err := f.Stat()
	if err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	if null, err := os.Stat(os.DevNull); err == nil && os.SameFile(info, null) {
		return nil
	}
	return f
}
