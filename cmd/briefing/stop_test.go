package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptrace"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeStops runs the dev server as a process, as an editor does, with
// a page whose template never ends (and a timeout longer than the test):
// a request for that page is held up, and nothing else is: a save is
// loaded and served meanwhile; and Ctrl-C or SIGTERM ends the process
// within 2 s, with the render still running.
func TestServeStops(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			src := copySite(t)
			appendFile(t, filepath.Join(src, "site.toml"), "timeout = \"10m\"\n")
			if err := os.WriteFile(filepath.Join(src, "templates/page.html"), []byte(`{{define "content"}}{{range 1000000000000}}{{end}}{{end}}`), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(bin, "serve", "-src", src, "-addr", "127.0.0.1:0")
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			lines := make(chan string, 4)
			go func() {
				sc := bufio.NewScanner(stdout)
				for sc.Scan() {
					lines <- sc.Text()
				}
				close(lines)
				exited <- cmd.Wait()
			}()
			t.Cleanup(func() { cmd.Process.Kill() })

			first := <-lines
			_, rest, ok := strings.Cut(first, " at http://")
			addr, _, _ := strings.Cut(rest, "/ ")
			if !ok {
				t.Fatalf("first line %q, want the address served; stderr:\n%s", first, stderr.String())
			}
			base := "http://" + addr

			// The page that never ends: asked for, and left waiting.
			sent := make(chan struct{})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			trace := &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { close(sent) }}
			req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), "GET", base+"/about/", nil)
			go func() {
				if resp, err := http.DefaultClient.Do(req); err == nil {
					resp.Body.Close()
				}
			}()
			<-sent
			if code, _ := fetch(t, base+"/"); code != http.StatusOK {
				t.Fatalf("the front page: status %d while /about/ is being made", code)
			}

			// A save is loaded, and its page made, meanwhile.
			brief := filepath.Join(src, "content/briefs/2026-01-06-the-us-role.md")
			mark := "Saved while a page was stuck " + sig.String() + "."
			appendFile(t, brief, "\n"+mark+"\n")
			deadline := time.Now().Add(20 * time.Second)
			for {
				if _, body := fetch(t, base+"/briefs/the-us-role/"); strings.Contains(body, mark) {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the save was not served within 20 s of it; stderr:\n%s", stderr.String())
				}
				time.Sleep(50 * time.Millisecond)
			}

			signalled := time.Now()
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-exited:
				if err != nil {
					t.Errorf("exit: %v; stderr:\n%s", err, stderr.String())
				}
				t.Logf("ended %s after %v", time.Since(signalled).Round(time.Millisecond), sig)
			case <-time.After(2 * time.Second):
				t.Fatalf("still running 2 s after %v; stderr:\n%s", sig, stderr.String())
			}
		})
	}
}

// fetch gets url and returns the status and body.
func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func appendFile(t *testing.T, name, text string) {
	t.Helper()
	f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}
