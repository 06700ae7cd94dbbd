package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// copySite copies the shipped site folder into a temporary one that a test
// may break.
func copySite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"site.toml", "content", "templates", "static"} {
		src := filepath.Join(repo, name)
		if info, err := os.Stat(src); err == nil && info.IsDir() {
			if err := os.CopyFS(filepath.Join(dir, name), os.DirFS(src)); err != nil {
				t.Fatal(err)
			}
		} else if err := os.WriteFile(filepath.Join(dir, name), must(os.ReadFile(src)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

const brief = "+++\ntitle = \"A test brief\"\ndate = 2026-01-08\nsummary = \"For the tests.\"\ncountries = [\"FR\"]\nsources = [\"paris-report\"]\n+++\n\nBody.\n"

const pledge = `[[pledge]]
id       = "zz-test"
country  = "FR"
category = "monitoring"
status   = "announced"
date     = 2026-01-08
summary  = "For the tests."

  [[pledge.source]]
  ref   = "paris-report"
  quote = "robust"
`

// TestBadInput breaks a copy of the shipped site in one way at a time and
// checks the message, the exit status, and that the previous output
// survived byte for byte.
func TestBadInput(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		files map[string]string // written over the site copy
		want  []string          // lines expected on stderr, each a prefix of one line
	}{
		{
			name:  "malformed TOML",
			files: map[string]string{"content/data/zz.toml": "[[pledge]]\nid = \"x\nstatus = \"announced\"\n"},
			want:  []string{`content/data/zz.toml:2:8: invalid TOML: field "pledge.id": strings cannot contain newlines`},
		},
		{
			name:  "missing required field",
			files: map[string]string{"content/briefs/2026-01-08-test.md": strings.Replace(brief, "title = \"A test brief\"\n", "", 1)},
			want:  []string{`content/briefs/2026-01-08-test.md:2:1: field "title" is required`},
		},
		{
			name:  "bad date",
			files: map[string]string{"content/briefs/2026-01-08-test.md": strings.Replace(brief, "date = 2026-01-08", `date = "8 Jan"`, 1)},
			want:  []string{`content/briefs/2026-01-08-test.md:3:8: field "date": "8 Jan" is not a date: expected YYYY-MM-DD, YYYY-MM, YYYY or an RFC 3339 time`},
		},
		{
			name:  "unknown country code",
			files: map[string]string{"content/briefs/2026-01-08-test.md": strings.Replace(brief, `["FR"]`, `["FR", "XX"]`, 1)},
			want:  []string{`content/briefs/2026-01-08-test.md:5:20: field "countries": "XX" is not a country in content/data/; expected one of `},
		},
		{
			name:  "unknown category",
			files: map[string]string{"content/data/zz.toml": strings.Replace(pledge, `"monitoring"`, `"monitor"`, 1)},
			want:  []string{`content/data/zz.toml:4:12: field "category": "monitor" is not a known category; expected one of monitoring, `},
		},
		{
			name:  "unknown status",
			files: map[string]string{"content/data/zz.toml": strings.Replace(pledge, `"announced"`, `"pledgd"`, 1)},
			want:  []string{`content/data/zz.toml:5:12: field "status": "pledgd" is not a known status; expected one of declined, considering, announced, delivered, withdrawn`},
		},
		{
			name:  "duplicate id",
			files: map[string]string{"content/data/zz.toml": pledge + "\n" + pledge},
			want:  []string{`content/data/zz.toml:14:12: field "id": pledge "zz-test" is defined twice; ids must be unique`},
		},
		{
			name: "duplicate slug",
			files: map[string]string{
				"content/briefs/2026-01-08-test.md": brief,
				"content/briefs/2026-01-09-test.md": brief,
			},
			want: []string{`content/briefs/2026-01-09-test.md:1:1: slug "test" is already used by content/briefs/2026-01-08-test.md`},
		},
		{
			name:  "unterminated front matter",
			files: map[string]string{"content/briefs/2026-01-08-test.md": strings.Replace(brief, "+++\n\nBody", "\nBody", 1)},
			want:  []string{`content/briefs/2026-01-08-test.md:1:1: the front matter opened here is never closed: add a line of +++ after it`},
		},
		{
			name:  "template that does not parse",
			files: map[string]string{"templates/404.html": "{{define \"content\"}}\n<h1>{{if}}</h1>\n{{end}}\n"},
			want:  []string{`templates/404.html:2: template: missing value for if`},
		},
		{
			name:  "template that fails to execute",
			files: map[string]string{"templates/404.html": "{{define \"content\"}}\n<h1>{{.Nope}}</h1>\n{{end}}\n"},
			want:  []string{`templates/404.html:2:6: template: executing "content" at <.Nope>: can't evaluate field Nope in type *render.Page`},
		},
		{
			name: "every error of a run at once",
			files: map[string]string{
				"content/briefs/2026-01-08-test.md": strings.Replace(brief, `["FR"]`, `["XX"]`, 1),
				"content/data/zz.toml":              strings.Replace(pledge, `"announced"`, `"pledgd"`, 1),
				"site.toml":                         "title = \"T\"\ndescription = \"D\"\npublisher = \"P\"\nbase_url = \"example.org\"\n",
			},
			want: []string{
				`content/briefs/2026-01-08-test.md:5:14: field "countries": "XX" is not a country`,
				`content/data/zz.toml:5:12: field "status": "pledgd" is not a known status`,
				`site.toml:4:12: field "base_url": "example.org" is not an absolute http(s) URL like "https://example.org/briefing/"`,
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := copySite(t)
			out := filepath.Join(t.TempDir(), "public")
			copyBuilt(t, shipped(t), out) // the previous output
			before := snapshot(t, out)
			for name, data := range tc.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var stdout, stderr bytes.Buffer
			code := run([]string{"build", "-src", dir, "-out", out}, &stdout, &stderr)
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			lines := strings.Split(strings.ReplaceAll(stderr.String(), dir+string(filepath.Separator), ""), "\n")
			for _, want := range tc.want {
				if !hasPrefixLine(lines, want) {
					t.Errorf("stderr lacks a line starting %q\nhave:\n%s", want, strings.Join(lines, "\n"))
				}
			}
			if n := len(lines) - 2; n != len(tc.want) { // the failure line and the final newline
				t.Errorf("%d errors reported, want %d:\n%s", n, len(tc.want), strings.Join(lines, "\n"))
			}
			if after := snapshot(t, out); after != before {
				t.Errorf("the previous output changed")
			}
			if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.*")); len(leftovers) > 0 {
				t.Errorf("a failed build left %v", leftovers)
			}
		})
	}
}

func hasPrefixLine(lines []string, prefix string) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

// snapshot is every file of a folder with its bytes, as one string.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b.WriteString(p + "\n")
			b.Write(must(os.ReadFile(p)))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestNamedPipes: a named pipe among the briefs, the data files or the
// static files is an error that names it, and no command waits on it.
func TestNamedPipes(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"content/briefs/2026-01-09-pipe.md", "content/data/pipe.toml", "static/pipe.css", "site.toml", "templates/page.html", "content/about.md"} {
		t.Run(filepath.Base(name), func(t *testing.T) {
			t.Parallel()
			dir := copySite(t)
			os.Remove(filepath.Join(dir, name))
			os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
			if err := syscall.Mkfifo(filepath.Join(dir, name), 0o644); err != nil {
				t.Skip("no named pipes here:", err)
			}
			var stdout, stderr bytes.Buffer
			code := run([]string{"build", "-src", dir, "-out", filepath.Join(t.TempDir(), "out")}, &stdout, &stderr)
			want := name + ": a named pipe (FIFO), not a file: the build reads only regular files"
			if code != 1 || !strings.Contains(stderr.String(), want) {
				t.Errorf("exit %d, want 1 and %q:\n%s", code, want, stderr.String())
			}
		})
	}
}
