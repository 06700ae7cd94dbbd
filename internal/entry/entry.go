// Package entry adds entries to a site's dataset (content/data/*.toml) as
// an editor would by hand, without the chance of a slip: a pledge, a source,
// an event, or a pledge's change of status (a [[pledge.history]] entry).
//
// The file keeps its text, comments and layout byte for byte: the entry is
// inserted as whole new lines, set off by a blank line, and nothing else
// changes. Where it goes:
//
//   - a pledge: after the last pledge of its country, in the file that holds
//     it; a country's first pledge at the end of the file with the most
//     pledges;
//   - a change of status: right after the pledge's last line (its last source
//     or history entry), since TOML gives a [[pledge.history]] to the
//     [[pledge]] above it;
//   - a source or an event: after the last of its kind.
//
// A dataset with nothing of the kind yet gets it at the end of
// content/data/pledges.toml, sources.toml or events.toml, made if need be.
//
// Before anything is written the whole result is loaded and validated as a
// build does (the dataset, then the model, which checks dates against the
// briefing's date), so an entry that would be an error is never written:
// its problems come back as a Refused, each naming the field. A dataset
// that has problems already takes no entry, since the result could not be
// checked. The file is replaced atomically (a temporary file in the same
// folder, renamed over it, with the file's mode), and not at all if it
// changed since it was read.
package entry

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing/fstest"
	"time"

	"github.com/briefing/briefing/internal/config"
	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/date"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/site"
	"github.com/briefing/briefing/internal/sitefs"
)

// Data is a site folder's dataset, read for adding to it.
type Data struct {
	dir   string
	today date.Date
	cfg   config.Config
	files map[string][]byte // every content/data/*.toml, by its name in the site folder
	set   *dataset.Dataset
	errs  diag.List // the problems the dataset has as read
}

// Open reads the settings and the dataset of the site folder dir; today
// is the day entries may be dated up to when site.toml sets no as_of. The
// dataset comes back even when it has problems (Err), so that it can be
// listed.
func Open(dir string, today date.Date) (*Data, error) {
	fsys, err := sitefs.Open(dir)
	if err != nil {
		return nil, err
	}
	defer fsys.Close()
	d := &Data{dir: dir, today: today, files: map[string][]byte{}}
	d.cfg, err = config.Load(fsys, "")
	d.errs.Append(config.File, err)
	names, err := fs.Glob(fsys, dataset.Dir+"/*.toml")
	d.errs.Append(dataset.Dir, err)
	for _, name := range names {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			d.errs.Append(name, err)
			continue
		}
		d.files[name] = src
	}
	var errs diag.List
	d.set, errs = d.load(d.files)
	d.errs = append(d.errs, errs...)
	return d, nil
}

// Dataset is the dataset as read.
func (d *Data) Dataset() *dataset.Dataset { return d.set }

// Err is the problems the dataset has as read, or nil.
func (d *Data) Err() error { return d.errs.Err() }

// Added says where an entry was written: its file, in the site folder, and
// its first line and number of lines.
type Added struct {
	File        string
	Line, Lines int
}

// Refused is why an entry was not written.
type Refused struct {
	// Problems are mistakes in the entry's own values, each naming its
	// field in the dataset's words: `field "status": "anounced" is not a
	// known status; expected one of ...`.
	Problems []Problem
	// Elsewhere are problems the entry would cause in other entries,
	// positioned in the files as they are.
	Elsewhere diag.List
}

// Problem is one mistake in an entry's values.
type Problem struct {
	// Field is the key the mistake is in, as the entry writes it ("status",
	// "quote"), or "" for the entry as a whole (a field it lacks: Msg names
	// it). Cite is the citation the key is in, counted from 0, or -1.
	Field string
	Cite  int
	Msg   string
}

func (r *Refused) Error() string {
	var lines []string
	for _, p := range r.Problems {
		lines = append(lines, p.Msg)
	}
	for _, e := range r.Elsewhere {
		lines = append(lines, e.Error())
	}
	return strings.Join(lines, "\n")
}

// refuse is a Refused for one problem with field.
func refuse(field, format string, args ...any) error {
	return &Refused{Problems: []Problem{{Field: field, Cite: -1, Msg: fmt.Sprintf(format, args...)}}}
}

// load validates files as a build would: the dataset, then the model made
// of it, which checks what needs the settings (dates after the briefing's).
func (d *Data) load(files map[string][]byte) (*dataset.Dataset, diag.List) {
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: src}
	}
	set, errs := dataset.Load(fsys)
	if len(errs) == 0 {
		_, errs = site.New(d.cfg, set, nil, nil, site.Options{Today: d.today})
	}
	return set, errs
}

// text is an entry as lines of TOML, with the key each line writes.
type text struct {
	lines []string
	keys  []key
	// known are problems found before validation, which say more than it
	// would (a duplicate id, with where the first is); validation's own
	// errors about their fields are left out.
	known []Problem
}

type key struct {
	name string // "" for a header or a blank line
	cite int    // the citation the line is in, or -1
}

// add inserts e into file after line after (0: at the end), checks the
// result, and writes it; e.known are problems found before.
func (d *Data) add(file string, after int, e *text) (Added, error) {
	if len(d.errs) > 0 {
		return Added{}, fmt.Errorf("the dataset has problems already; fix them first (nothing was written):\n%w", d.errs.Sort().In(d.dir))
	}
	old, exists := d.files[file]
	src, first := splice(old, after, e.lines)
	files := maps.Clone(d.files)
	files[file] = src
	set, errs := d.load(files)
	if len(errs) > 0 || len(e.known) > 0 {
		moved := bytes.Count(src, []byte("\n")) - bytes.Count(old, []byte("\n"))
		return Added{}, e.refused(errs, file, first, moved)
	}
	if err := d.write(file, old, exists, src); err != nil {
		return Added{}, err
	}
	d.files, d.set = files, set
	return Added{File: file, Line: first, Lines: len(e.lines)}, nil
}

// fieldRE is how validation starts a message about one field.
var fieldRE = regexp.MustCompile(`^field "([^"]*)"`)

// refused sorts the errors of a result with e inserted at line first of
// file, which moved the lines after it by moved: those in e become
// problems with its fields; the rest are put back where they are in the
// file as it is.
func (e *text) refused(errs diag.List, file string, first, moved int) error {
	r := &Refused{Problems: e.known}
	for _, err := range errs.Sort() {
		if slices.ContainsFunc(e.known, func(p Problem) bool { return strings.HasPrefix(err.Msg, `field "`+p.Field+`"`) }) {
			continue
		}
		pos := err.Pos
		switch i := pos.Line - first; {
		case pos.File == file && i >= 0 && i < len(e.lines):
			p := Problem{Field: e.keys[i].name, Cite: e.keys[i].cite, Msg: err.Msg}
			if m := fieldRE.FindStringSubmatch(err.Msg); m != nil && p.Field == "" {
				p.Field = m[1] // a field the entry lacks is reported at its header
			}
			r.Problems = append(r.Problems, p)
		case pos.File == file && i >= len(e.lines):
			pos.Line -= moved
			r.Elsewhere = append(r.Elsewhere, &diag.Error{Pos: pos, Msg: err.Msg})
		default:
			r.Elsewhere = append(r.Elsewhere, err)
		}
	}
	return r
}

// splice inserts lines into src after line after (0, or past the end: at
// the end), set off by a blank line from what is before and after it. It
// returns the result and the line number of the first inserted line. The
// lines end as src's do (LF or CRLF).
func splice(src []byte, after int, lines []string) ([]byte, int) {
	nl := "\n"
	if bytes.Contains(src, []byte("\r\n")) {
		nl = "\r\n"
	}
	cut := len(src)
	if after > 0 {
		off := 0
		for n := 0; n < after && off < len(src); n++ {
			i := bytes.IndexByte(src[off:], '\n')
			if i < 0 {
				off = len(src)
				break
			}
			off += i + 1
		}
		cut = off
	}
	head, tail := src[:cut], src[cut:]
	var b bytes.Buffer
	b.Grow(len(src) + 80*len(lines))
	b.Write(head)
	if len(head) > 0 && head[len(head)-1] != '\n' {
		b.WriteString(nl)
	}
	if len(head) > 0 && !bytes.HasSuffix(head, []byte(nl+nl)) {
		b.WriteString(nl)
	}
	first := bytes.Count(b.Bytes(), []byte("\n")) + 1
	for _, l := range lines {
		b.WriteString(l)
		b.WriteString(nl)
	}
	if len(tail) > 0 && !bytes.HasPrefix(tail, []byte(nl)) {
		b.WriteString(nl)
	}
	b.Write(tail)
	return b.Bytes(), first
}

// write replaces file with src, atomically: a temporary file beside it,
// with its mode, renamed over it. It refuses when the file is no longer
// what was read (an editor saved it meanwhile), or is not a regular file.
// Names resolve inside the site folder, as the build reads it.
func (d *Data) write(file string, old []byte, exists bool, src []byte) error {
	root, err := os.OpenRoot(d.dir)
	if err != nil {
		return err
	}
	defer root.Close()
	mode := fs.FileMode(0o644)
	switch info, err := root.Lstat(file); {
	case err == nil && !info.Mode().IsRegular():
		return fmt.Errorf("%s is not a regular file (%s); nothing was written: add the entry by hand", path.Join(d.dir, file), info.Mode().Type())
	case err == nil:
		mode = info.Mode().Perm()
		if now, err := root.ReadFile(file); err != nil || !exists || !bytes.Equal(now, old) {
			return fmt.Errorf("%s changed while the entry was being added; nothing was written: run the command again", path.Join(d.dir, file))
		}
	case !errors.Is(err, fs.ErrNotExist):
		return err
	case exists:
		return fmt.Errorf("%s was removed while the entry was being added; nothing was written", path.Join(d.dir, file))
	default:
		if err := root.MkdirAll(path.Dir(file), 0o755); err != nil {
			return err
		}
	}
	tmp, f, err := tempFile(root, file, mode)
	if err != nil {
		return err
	}
	_, err = f.Write(src)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = root.Chmod(tmp, mode) // the umask may have narrowed it
	}
	if err == nil {
		err = root.Rename(tmp, file)
	}
	if err != nil {
		root.Remove(tmp)
	}
	return err
}

// tempFile creates a new file beside file, hidden, for write to rename.
func tempFile(root *os.Root, file string, mode fs.FileMode) (string, *os.File, error) {
	dir, base := path.Split(file)
	for try := 0; ; try++ {
		name := dir + "." + base + ".new-" + strconv.FormatInt(time.Now().UnixNano()+int64(try), 36)
		f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
		if errors.Is(err, fs.ErrExist) && try < 10 {
			continue
		}
		return name, f, err
	}
}

// mostOf is where an entry of table goes when there is none to put it
// after: the file that holds the most of its kind (files has one name per
// entry; the first file of the most wins), else the file named for the
// table ("pledges.toml").
func mostOf(table string, files []string) string {
	best, n := path.Join(dataset.Dir, table+"s.toml"), 0
	count := map[string]int{}
	for _, f := range files {
		if count[f]++; count[f] > n {
			best, n = f, count[f]
		}
	}
	return best
}
