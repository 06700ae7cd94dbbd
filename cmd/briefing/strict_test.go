package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPublishingWarnings: the shipped site.toml has an example base_url
// and contact. build says so and builds; build -strict fails and leaves
// the output as it was; with real addresses there is nothing to say.
func TestPublishingWarnings(t *testing.T) {
	t.Parallel()
	src := copySite(t)
	out := filepath.Join(t.TempDir(), "public")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "-src", src, "-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr.String())
	}
	for _, want := range []string{
		`site.toml:3:15: warning: field "base_url": "https://example.org/briefing/" is an example address`,
		`site.toml:13:15: warning: field "contact": "corrections@example.org" is an example address`,
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("build's warnings lack %q:\n%s", want, stderr.String())
		}
	}
	before, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}

	// -strict: a warning is a failure, and nothing is replaced.
	site := filepath.Join(src, "site.toml")
	settings, _ := os.ReadFile(site)
	os.WriteFile(site, bytes.Replace(settings, []byte("The Briefing"), []byte("The Briefing, edited"), 1), 0o644)
	stderr.Reset()
	if code := run([]string{"build", "-strict", "-src", src, "-out", out}, &stdout, &stderr); code != 1 {
		t.Fatalf("build -strict: exit %d, want 1\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "briefing build: failed on 2 warnings (-strict); "+out+" was left as it was") {
		t.Errorf("build -strict says:\n%s", stderr.String())
	}
	if after, _ := os.ReadFile(filepath.Join(out, "index.html")); !bytes.Equal(after, before) {
		t.Error("build -strict replaced the output")
	}
	stderr.Reset()
	if code := run([]string{"check", "-strict", "-src", src}, &stdout, &stderr); code != 1 {
		t.Errorf("check -strict: exit %d, want 1\n%s", code, stderr.String())
	}

	// Real addresses: no warning, and -strict builds.
	settings = bytes.Replace(settings, []byte("https://example.org/briefing/"), []byte("https://briefing.kyiv.news/"), 1)
	settings = bytes.Replace(settings, []byte("corrections@example.org"), []byte("corrections@kyiv.news"), 1)
	os.WriteFile(site, settings, 0o644)
	stderr.Reset()
	if code := run([]string{"build", "-strict", "-src", src, "-out", out}, &stdout, &stderr); code != 0 || stderr.Len() > 0 {
		t.Errorf("build -strict with real addresses: exit %d\n%s", code, stderr.String())
	}
}

// withoutWarnings drops the warnings from a build's messages: the shipped
// site.toml has example addresses, which every build of it warns about.
func withoutWarnings(stderr string) string {
	var keep []string
	for _, line := range strings.SplitAfter(stderr, "\n") {
		if !strings.Contains(line, ": warning: ") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "")
}
