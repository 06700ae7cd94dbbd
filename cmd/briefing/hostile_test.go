package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/tools/txtar"

	"github.com/briefing/briefing/internal/content"
	"github.com/briefing/briefing/internal/testenv"
)

var updateHostile = flag.Bool("update-hostile", false, "rewrite the want section of every case in testdata/hostile with what the build printed")

// TestHostile runs every case of testdata/hostile: a copy of the shipped
// site and of its output (the shared build), the case's files laid over
// the site, and the site built again. Each case says the exit status and the exact messages it
// expects. Whatever the case, the build must not panic or stall; a build
// that fails must leave the previous output exactly as it was (bytes, inode
// and modification time of every file) and the site folder too; and no build
// may write outside its output folder. A build that succeeds must publish no
// script, event handler or javascript: URL that came from the input.
//
// A case is a txtar archive: a description, then directives, one a line:
//
//	exit: N                  the exit status (default 1)
//	args: ...                build's arguments (default -src $SRC -out $OUT)
//	out: PATH                the output folder (default $OUT, i.e. $ROOT/public)
//	escaped: FILE            FILE's text holds \xNN escapes for bytes that are not UTF-8
//	escaped-name: FILE       FILE's name holds \xNN escapes (a newline), written as bytes
//	generate: FILE SIZE      FILE is a valid brief padded to SIZE bytes ("20MiB")
//	symlink: LINK -> TARGET  LINK is a symbolic link to TARGET
//	remove: FILE             FILE of the shipped site is removed
//	readonly: DIR            after the first build, nothing can be created in DIR
//	full: DIR                DIR is a small file system of its own (a tmpfs, so the
//	                         case needs root), almost full once the case is laid out
//	page: FILE TEXT          (when the build succeeds) output FILE contains TEXT
//
// then a section per file to write (under the site folder, or under $ROOT
// when the name starts with "$ROOT/"), and the "want" section: stderr,
// exactly, with $SRC, $OUT and $ROOT for the case's folders. Run with
// -update-hostile to rewrite the want sections from what the build prints.
func TestHostile(t *testing.T) {
	files, err := filepath.Glob("testdata/hostile/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases in testdata/hostile: %v", err)
	}
	t.Parallel()
	// One copy of the shipped site, cloned for each case.
	site := copySite(t)
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			runHostile(t, file, site)
		})
	}
}

type hostileCase struct {
	comment  string
	exit     int
	args     []string
	out      string
	escaped  map[string]bool
	escNames map[string]bool
	generate map[string]int64
	symlinks [][2]string
	remove   []string
	readonly []string
	full     string
	pages    [][2]string
	files    []txtar.File // in order; "want" excluded
	want     string
	hasWant  bool
}

func runHostile(t *testing.T, file, site string) {
	archive, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	tc := parseHostile(t, archive)

	root := t.TempDir()
	src := filepath.Join(root, "site")
	if err := os.CopyFS(src, os.DirFS(site)); err != nil {
		t.Fatal(err)
	}
	vars := strings.NewReplacer("$ROOT", root, "$SRC", src, "$OUT", filepath.Join(root, "public"))
	out := vars.Replace(tc.out)
	if tc.full != "" {
		mountSmallDisk(t, vars.Replace(tc.full))
	}
	copyBuilt(t, shipped(t), out) // the previous output, which a failing build must keep

	for _, f := range tc.remove {
		if err := os.RemoveAll(filepath.Join(src, f)); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range tc.files {
		data := f.Data
		if tc.escaped[f.Name] {
			data = unescape(t, data)
		}
		name := f.Name
		if tc.escNames[f.Name] {
			name = string(unescape(t, []byte(name)))
		}
		writeCaseFile(t, root, src, vars.Replace(name), data)
	}
	for name, size := range tc.generate {
		writeCaseFile(t, root, src, name, bigBrief(size))
	}
	for _, l := range tc.symlinks {
		link := filepath.Join(src, l[0])
		if strings.HasPrefix(l[0], "$ROOT/") {
			link = vars.Replace(l[0])
		}
		os.MkdirAll(filepath.Dir(link), 0o755)
		if err := os.Symlink(vars.Replace(l[1]), link); err != nil {
			t.Fatal(err)
		}
	}
	for _, dir := range tc.readonly {
		makeReadOnly(t, vars.Replace(dir))
	}
	if tc.full != "" {
		fillDisk(t, vars.Replace(tc.full))
	}

	before := stateOf(t, out)
	siteBefore := stateOf(t, src)
	outside := listOutside(t, root, src, out)

	args := tc.args
	if args == nil {
		args = []string{"-src", "$SRC", "-out", out}
	}
	for i := range args {
		args[i] = vars.Replace(args[i])
	}
	code, stdout, stderr := runGuarded(t, append([]string{"build"}, args...))

	have := strings.NewReplacer(filepath.Join(root, "public"), "$OUT", src, "$SRC", root, "$ROOT").Replace(stderr)
	if len(tc.readonly) > 0 && os.Geteuid() == 0 {
		have = strings.ReplaceAll(have, "operation not permitted", "permission denied") // chattr +i, not chmod; see makeReadOnly
	}
	if *updateHostile {
		tc.want, tc.hasWant = have, true
		if err := os.WriteFile(file, formatHostile(archive, have), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code != tc.exit {
		t.Errorf("exit %d, want %d\nstdout: %s\nstderr:\n%s", code, tc.exit, stdout, have)
	}
	if have != tc.want {
		t.Errorf("stderr differs\nhave:\n%s\nwant:\n%s", have, tc.want)
	}
	if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") {
		t.Errorf("the build panicked:\n%s", stderr)
	}
	if after := listOutside(t, root, src, out); after != outside {
		t.Errorf("the build wrote outside its output folder\nbefore:\n%s\nafter:\n%s", outside, after)
	}
	if code != 0 {
		if after := stateOf(t, out); after != before {
			t.Errorf("a failed build changed the previous output")
		}
		if after := stateOf(t, src); after != siteBefore {
			t.Errorf("a failed build changed the site folder")
		}
		return
	}
	checkPublished(t, out)
	for _, p := range tc.pages {
		data, err := os.ReadFile(filepath.Join(out, p[0]))
		if err != nil || !bytes.Contains(data, []byte(p[1])) {
			t.Errorf("%s does not contain %q (%v)", p[0], p[1], err)
		}
	}
}

// runGuarded runs briefing with args, failing the test on a panic or a
// stall: no result by shortly before the run's -timeout. How long a build
// takes is not asserted.
func runGuarded(t *testing.T, args []string) (code int, stdout, stderr string) {
	t.Helper()
	type result struct {
		code           int
		stdout, stderr string
		panicked       any
	}
	done := make(chan result, 1)
	go func() {
		var r result
		defer func() {
			r.panicked = recover()
			done <- r
		}()
		var o, e bytes.Buffer
		r.code = run(args, &o, &e)
		r.stdout, r.stderr = o.String(), e.String()
	}()
	select {
	case r := <-done:
		if r.panicked != nil {
			t.Fatalf("briefing %s panicked: %v", strings.Join(args, " "), r.panicked)
		}
		return r.code, r.stdout, r.stderr
	case <-testenv.Stalled(t):
		t.Fatalf("briefing %s stalled: no result before the run's deadline", strings.Join(args, " "))
	}
	return
}

func writeCaseFile(t *testing.T, root, src, name string, data []byte) {
	t.Helper()
	path := filepath.Join(src, name)
	if rest, ok := strings.CutPrefix(name, root+"/"); ok || filepath.IsAbs(name) {
		path = filepath.Join(root, rest)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// bigBrief is a valid brief of size bytes.
func bigBrief(size int64) []byte {
	var b bytes.Buffer
	b.WriteString("+++\ntitle = \"A very long brief\"\ndate = 2026-01-06\nsummary = \"Long.\"\n+++\n\n")
	para := "The coalition met in Paris and set out what each country would do after a ceasefire. "
	for int64(b.Len()) < size {
		b.WriteString(para)
		if b.Len()%4096 < len(para) {
			b.WriteString("\n\n")
		}
	}
	return b.Bytes()[:size]
}

// makeReadOnly makes dir a folder nothing can be created in, for the rest of
// the test. Root ignores permissions, so as root it sets the immutable
// attribute instead (whose error reads "operation not permitted").
func makeReadOnly(t *testing.T, dir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
	} else {
		if out, err := exec.Command("chattr", "+i", dir).CombinedOutput(); err != nil {
			t.Skipf("skipping: running as root, and chattr +i %s failed (%v: %s), so no folder can be made read-only", dir, err, out)
		}
		t.Cleanup(func() { exec.Command("chattr", "-i", dir).Run() })
	}
	if f, err := os.Create(filepath.Join(dir, "probe")); err == nil {
		f.Close()
		t.Fatalf("%s is still writable", dir)
	}
}

// fillDisk fills the file system at dir with a file until it is full, then
// frees 8 KiB: room for a build to start, not to finish.
func fillDisk(t *testing.T, dir string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	block := make([]byte, 4096)
	var size int64
	for {
		n, err := f.Write(block)
		size += int64(n)
		if err != nil {
			break
		}
	}
	if err := f.Truncate(size - 8<<10); err != nil {
		t.Fatal(err)
	}
}

// stateOf describes every file and folder under dir: name, mode, size,
// inode, modification time and, for files, bytes. Two equal states mean the
// tree was not touched.
func stateOf(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		var ino uint64
		if st, ok := info.Sys().(*syscall.Stat_t); ok {
			ino = st.Ino
		}
		fmt.Fprintf(&b, "%s %v %d %d %d\n", p, info.Mode(), info.Size(), ino, info.ModTime().UnixNano())
		if info.Mode().IsRegular() {
			b.Write(must(os.ReadFile(p)))
			b.WriteByte('\n')
		}
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return b.String()
}

// listOutside lists every path under root that is neither in the site folder
// nor in the output folder.
func listOutside(t *testing.T, root, src, out string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if p == src || p == out {
			return filepath.SkipDir
		}
		b.WriteString(p + "\n")
		return nil
	})
	return b.String()
}

// checkPublished parses every file a build wrote and fails on anything
// from the input that could run: a script other than the site's own and the
// JSON-LD data, an event-handler attribute, a URL with a scheme that runs or
// embeds, an element that loads or frames content, or inline styles; feeds
// and data downloads must still parse.
func checkPublished(t *testing.T, out string) {
	t.Helper()
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		switch filepath.Ext(p) {
		case ".html":
			for _, problem := range pageProblems(data) {
				t.Errorf("%s: %s", rel, problem)
			}
		case ".xml":
			dec := xml.NewDecoder(bytes.NewReader(data))
			for {
				if _, err := dec.Token(); err != nil {
					if err.Error() != "EOF" {
						t.Errorf("%s does not parse: %v", rel, err)
					}
					break
				}
			}
		case ".json":
			if !json.Valid(data) {
				t.Errorf("%s is not valid JSON", rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

var urlAttrs = map[string]bool{"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true, "poster": true, "data": true, "srcset": true}

// pageProblems lists what in an HTML page could run code or load content
// that the site did not put there itself.
func pageProblems(page []byte) []string {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return []string{err.Error()}
	}
	var problems []string
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		attr := map[string]string{}
		for _, a := range n.Attr {
			key := strings.ToLower(a.Key)
			if a.Namespace != "" {
				key = a.Namespace + ":" + key
			}
			attr[key] = a.Val
			switch {
			case strings.HasPrefix(key, "on"):
				problems = append(problems, fmt.Sprintf("<%s %s=%q>: an event handler", n.Data, a.Key, a.Val))
			case key == "style":
				problems = append(problems, fmt.Sprintf("<%s style=%q>: an inline style", n.Data, a.Val))
			case urlAttrs[key] && content.RefusedScheme(a.Val) != "":
				problems = append(problems, fmt.Sprintf("<%s %s=%q>: a %s: URL", n.Data, a.Key, a.Val, content.RefusedScheme(a.Val)))
			}
		}
		switch n.Data {
		case "script":
			if err := scriptsAllowedNode(n, attr); err != nil {
				problems = append(problems, err.Error())
			}
		case "iframe", "frame", "object", "embed", "base", "style", "applet":
			problems = append(problems, fmt.Sprintf("a <%s> element", n.Data))
		case "meta":
			if strings.EqualFold(attr["http-equiv"], "refresh") {
				problems = append(problems, "a <meta http-equiv=refresh>")
			}
		}
	}
	return problems
}

// scriptsAllowedNode accepts only JSON-LD data blocks and the site's own
// script, as scriptsAllowed does for whole pages.
func scriptsAllowedNode(n *html.Node, attr map[string]string) error {
	switch {
	case attr["type"] == "application/ld+json":
		if n.FirstChild != nil && !json.Valid([]byte(n.FirstChild.Data)) {
			return fmt.Errorf("a JSON-LD block that is not JSON (broken out of?): %.80q", n.FirstChild.Data)
		}
		return nil
	case ownScript(n, attr):
		return nil
	}
	return fmt.Errorf("a script that is not the site's own: %v", attr)
}

var directiveRE = regexp.MustCompile(`^[a-z]+(-[a-z]+)?$`)

func parseHostile(t *testing.T, archive []byte) hostileCase {
	t.Helper()
	a := txtar.Parse(archive)
	comment := string(a.Comment)
	tc := hostileCase{comment: comment, exit: 1, out: "$OUT", escaped: map[string]bool{}, escNames: map[string]bool{}, generate: map[string]int64{}}
	for _, line := range strings.Split(comment, "\n") {
		key, val, ok := strings.Cut(line, ": ")
		if !ok || !directiveRE.MatchString(key) {
			continue // description
		}
		switch key {
		case "exit":
			tc.exit, _ = strconv.Atoi(val)
		case "args":
			tc.args = strings.Fields(val)
		case "out":
			tc.out = val
		case "escaped":
			tc.escaped[val] = true
		case "escaped-name":
			tc.escNames[val] = true
		case "generate":
			name, size, _ := strings.Cut(val, " ")
			n, err := parseSize(size)
			if err != nil {
				t.Fatalf("generate: %v", err)
			}
			tc.generate[name] = n
		case "symlink":
			link, target, _ := strings.Cut(val, " -> ")
			tc.symlinks = append(tc.symlinks, [2]string{link, target})
		case "remove":
			tc.remove = append(tc.remove, val)
		case "readonly":
			tc.readonly = append(tc.readonly, val)
		case "full":
			tc.full = val
		case "page":
			name, text, _ := strings.Cut(val, " ")
			tc.pages = append(tc.pages, [2]string{name, text})
		default:
			t.Fatalf("unknown directive %q", key)
		}
	}
	for _, f := range a.Files {
		if f.Name == "want" {
			tc.want, tc.hasWant = string(f.Data), true
			continue
		}
		tc.files = append(tc.files, f)
	}
	if !tc.hasWant && !*updateHostile {
		t.Fatal("the case has no want section (run with -update-hostile to write one)")
	}
	return tc
}

// formatHostile replaces the want section of archive with want, or adds
// one at the end.
func formatHostile(archive []byte, want string) []byte {
	a := txtar.Parse(archive)
	a.Files = slices.DeleteFunc(a.Files, func(f txtar.File) bool { return f.Name == "want" })
	a.Files = append(a.Files, txtar.File{Name: "want", Data: []byte(want)})
	return txtar.Format(a)
}

func parseSize(s string) (int64, error) {
	for suffix, mult := range map[string]int64{"KiB": 1 << 10, "MiB": 1 << 20} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			v, err := strconv.ParseInt(n, 10, 64)
			return v * mult, err
		}
	}
	return strconv.ParseInt(s, 10, 64)
}

// unescape turns \xNN escapes into bytes, for cases that need bytes that
// are not UTF-8 (which an editor would mangle in the archive itself).
func unescape(t *testing.T, data []byte) []byte {
	t.Helper()
	re := regexp.MustCompile(`\\x([0-9a-fA-F]{2})`)
	return re.ReplaceAllFunc(data, func(m []byte) []byte {
		b, _ := strconv.ParseUint(string(m[2:]), 16, 8)
		return []byte{byte(b)}
	})
}

// TestPageProblems: the check of published pages finds each thing it looks
// for, so a build that let one through would fail TestHostile.
func TestPageProblems(t *testing.T) {
	const ok = `<!DOCTYPE html><html><head><script type="application/ld+json">{"a":"\u003cscript\u003e"}</script>` +
		`<script src="../js/site.0123abcd.js" defer></script></head><body><a href="https://example.org/">x</a><p>&lt;script&gt;</p></body></html>`
	if p := pageProblems([]byte(ok)); len(p) > 0 {
		t.Errorf("a clean page: %q", p)
	}
	for _, bad := range []string{
		`<script>alert(1)</script>`,
		`<script src="https://evil.example/x.js"></script>`,
		`<script src="../js/site.0123abcd.js" integrity="sha384-x" defer></script>`, // refused from disk
		`<script type="application/ld+json"></script><script>alert(1)</script>`,
		`<script type="application/ld+json">{"a":"</script><b>"}</script>`,
		`<img src=x onerror=alert(1)>`,
		`<svg><a onclick="x"></a></svg>`,
		`<a href="javascript:alert(1)">x</a>`,
		`<a href=" JAVA&#x09;SCRIPT:alert(1)">x</a>`,
		`<img src="data:image/svg+xml,<svg onload=alert(1)>">`,
		`<iframe src="https://evil.example/"></iframe>`,
		`<p style="display:none">x</p>`,
		`<meta http-equiv="refresh" content="0;url=https://evil.example/">`,
		`<base href="https://evil.example/">`,
		`<form action="javascript:alert(1)"></form>`,
	} {
		if p := pageProblems([]byte("<!DOCTYPE html><html><body>" + bad + "</body></html>")); len(p) == 0 {
			t.Errorf("not found: %s", bad)
		}
	}
}
