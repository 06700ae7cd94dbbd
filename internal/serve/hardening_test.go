package serve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/briefing/briefing/internal/build"
	"github.com/briefing/briefing/internal/date"
)

// rawGet sends request (a request line, "GET /x HTTP/1.1") as it is, on a
// fresh connection, so no client library cleans the path first, and returns
// the response with its body read.
func rawGet(t *testing.T, base, request string, headers ...string) (*http.Response, string) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	host := strings.TrimPrefix(base, "http://")
	fmt.Fprintf(conn, "%s\r\nHost: %s\r\nConnection: close\r\n", request, host)
	for _, h := range headers {
		fmt.Fprintf(conn, "%s\r\n", h)
	}
	fmt.Fprint(conn, "\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%s: %v", request, err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(body)
}

// TestOnlyTheBuiltSite asks for files outside the built site in every way a
// path can climb out, raw and percent-encoded, and for the site's sources
// and folders: none is served, and no folder is listed.
func TestOnlyTheBuiltSite(t *testing.T) {
	srv, site, base := startServer(t)
	// A secret beside the site folder, and a link to it inside.
	secret := filepath.Join(filepath.Dir(site), "secret.txt")
	write(t, secret, "TOP SECRET")
	t.Cleanup(func() { os.Remove(secret) })

	for _, path := range []string{
		"/../secret.txt",
		"/../../../../../../etc/passwd",
		"/%2e%2e/secret.txt",
		"/%2e%2e%2fsecret.txt",
		"/..%2f..%2f..%2fetc%2fpasswd",
		"/%252e%252e/secret.txt",
		"/briefs/../../secret.txt",
		"/briefs/..%5c..%5csecret.txt",
		"//etc/passwd",
		"/site.toml",
		"/content/briefs/2026-01-06-first.md",
		"/templates/layout.html",
		"/static/css/site.css",
		"/css/",
		"/briefs/first/index.html/",
		"/%00",
	} {
		resp, body := rawGet(t, base, "GET "+path+" HTTP/1.1")
		if resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s: status %d, want 404 (or 400)", path, resp.StatusCode)
		}
		for _, leak := range []string{"TOP SECRET", "root:", "base_url", "+++", "{{define"} {
			if strings.Contains(body, leak) {
				t.Errorf("GET %s: the response holds %q", path, leak)
			}
		}
		if strings.Contains(body, "Index of") || strings.Contains(body, "<pre>\n<a href") {
			t.Errorf("GET %s: a folder listing", path)
		}
	}

	// A redirect to a folder never leaves the server, however the path
	// starts.
	for _, path := range []string{"/countries/atlantis", "//countries/atlantis", "/./countries/atlantis", "/countries//atlantis"} {
		resp, _ := rawGet(t, base, "GET "+path+" HTTP/1.1")
		loc := resp.Header.Get("Location")
		if resp.StatusCode == http.StatusMovedPermanently && (!strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//")) {
			t.Errorf("GET %s redirects to %q, which another host could answer", path, loc)
		}
	}
	if resp, _ := rawGet(t, base, "GET /countries/atlantis HTTP/1.1"); resp.Header.Get("Location") != "/countries/atlantis/" {
		t.Errorf("GET /countries/atlantis: Location %q", resp.Header.Get("Location"))
	}

	// A symbolic link out of the site is never followed: the build fails
	// with an error that says so, and the link's target is not served.
	os.MkdirAll(filepath.Join(site, "static"), 0o755)
	if err := os.Symlink(secret, filepath.Join(site, "static", "secret.txt")); err != nil {
		t.Fatal(err)
	}
	err := srv.Rebuild(context.Background())
	if err == nil || !strings.Contains(err.Error(), "outside the site folder") {
		t.Errorf("build with a link out of the site: %v", err)
	}
	if resp, body := rawGet(t, base, "GET /secret.txt HTTP/1.1"); resp.StatusCode != http.StatusNotFound || strings.Contains(body, "TOP SECRET") {
		t.Errorf("GET /secret.txt: status %d, body %.40q", resp.StatusCode, body)
	}
}

// TestSecurityHeaders checks the headers on every kind of response: pages,
// assets, the 404 page, redirects, refusals, the server's own script and
// stylesheet, and the event stream.
func TestSecurityHeaders(t *testing.T) {
	_, _, base := startServer(t)
	want := map[string]string{
		"Content-Security-Policy": Policy,
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
		"Cache-Control":           "no-store",
	}
	for _, req := range []string{
		"GET / HTTP/1.1", "GET /matrix/ HTTP/1.1", "GET /nope/ HTTP/1.1", "GET /countries/atlantis HTTP/1.1",
		"HEAD / HTTP/1.1", "POST / HTTP/1.1", "DELETE /x HTTP/1.1",
		"GET " + scriptPath + " HTTP/1.1", "GET " + overlayPath + " HTTP/1.1", "GET /favicon.svg HTTP/1.1",
	} {
		resp, _ := rawGet(t, base, req, "Content-Length: 0")
		for k, v := range want {
			if have := resp.Header.Get(k); have != v {
				t.Errorf("%s (%d): %s is %q, want %q", req, resp.StatusCode, k, have, v)
			}
		}
	}
	// The event stream: read its headers, then hang up.
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", eventsPath, strings.TrimPrefix(base, "http://"))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range want {
		if have := resp.Header.Get(k); have != v {
			t.Errorf("event stream: %s is %q, want %q", k, have, v)
		}
	}
	conn.Close()

	// The published page's own policy is not served: the server's header
	// alone governs what the preview may connect to.
	if _, page := get(t, base+"/"); metaPolicy.MatchString(page) {
		t.Errorf("the page still carries its own Content-Security-Policy meta tag")
	}
	// The overlay is styled by the server's stylesheet, never inline.
	if page := string(inject([]byte("<body></body>"), fmt.Errorf("x.md:1:1: broken <b>"), true, 3)); strings.Contains(page, "style=") ||
		!strings.Contains(page, overlayPath) || !strings.Contains(page, "broken &lt;b&gt;") {
		t.Errorf("overlay: %s", page)
	}
}

// TestLoopbackHost: on loopback the server answers only requests addressed
// to a loopback name, so a page that rebinds its own name to 127.0.0.1
// cannot read the preview.
func TestLoopbackHost(t *testing.T) {
	_, _, base := startServer(t)
	port := base[strings.LastIndex(base, ":")+1:]
	for host, want := range map[string]int{
		"127.0.0.1:" + port:      http.StatusOK,
		"localhost:" + port:      http.StatusOK,
		"LocalHost.:" + port:     http.StatusOK,
		"[::1]:" + port:          http.StatusOK,
		"app.localhost":          http.StatusOK,
		"evil.example:" + port:   http.StatusMisdirectedRequest,
		"evil.example":           http.StatusMisdirectedRequest,
		"127.0.0.1.evil.example": http.StatusMisdirectedRequest,
		"192.168.1.10:" + port:   http.StatusMisdirectedRequest,
	} {
		conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", host)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		conn.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != want {
			t.Errorf("Host %s: status %d, want %d", host, resp.StatusCode, want)
		}
		if resp.Header.Get("Content-Security-Policy") != Policy || resp.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("Host %s: the response lacks the security headers: %v", host, resp.Header)
		}
	}
}

// TestSlowClients: a client that sends its request too slowly, or keeps a
// connection idle, is let go; an event stream stays open far past every
// timeout and still gets its events.
func TestSlowClients(t *testing.T) {
	srv, site, base := startServerWith(t, func(s *Server) {
		s.readTimeout, s.writeTimeout, s.idleTimeout = 300*time.Millisecond, 300*time.Millisecond, 300*time.Millisecond
	})
	addr := strings.TrimPrefix(base, "http://")
	closedWithin := func(conn net.Conn, d time.Duration) bool {
		conn.SetReadDeadline(time.Now().Add(d))
		_, err := io.Copy(io.Discard, conn) // returns at EOF: the server hung up
		return err == nil
	}

	slow, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	fmt.Fprint(slow, "GET / HTTP/1.1\r\nHost: ") // and nothing more
	if !closedWithin(slow, 3*time.Second) {
		t.Errorf("a client that never finished its request headers was not let go")
	}

	idle, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	fmt.Fprintf(idle, "GET /favicon.svg HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
	r := bufio.NewReader(idle)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	idle.SetReadDeadline(time.Now().Add(3 * time.Second))
	if _, err := r.ReadByte(); err != io.EOF {
		t.Errorf("an idle kept-alive connection was not closed: %v", err)
	}

	ev := events(t, base)
	time.Sleep(1200 * time.Millisecond) // four times every timeout
	edit(t, srv, site)
	if name := next(t, ev); name != "reload" {
		t.Errorf("event %q after a rebuild, want reload", name)
	}
}

// TestManyConnections holds 500 connections open at once on loopback, 450
// fetching pages over kept-alive connections and 50 event streams, while
// the site is rebuilt again and again. Every response must be complete and
// right, and once the server stops, no goroutine of it may remain.
func TestManyConnections(t *testing.T) {
	const (
		fetchers = 450
		streams  = 50
		requests = 20 // per fetcher
	)
	raiseFileLimit(t, 4*(fetchers+streams))
	runtime.GC()
	baseline := runtime.NumGoroutine()

	site := t.TempDir()
	if err := os.CopyFS(site, os.DirFS("../build/testdata/site")); err != nil {
		t.Fatal(err)
	}
	srv := New(Options{Src: site, Build: build.Options{Theme: os.DirFS("../.."), Drafts: true, Future: true, Today: date.Of(time.Date(2026, 1, 7, 12, 0, 0, 0, time.UTC))}, Debounce: 20 * time.Millisecond})
	if err := srv.Rebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	counted := &countingListener{Listener: ln}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, counted) }()
	addr := ln.Addr().String()

	pages := []string{"/", "/matrix/", "/countries/atlantis/", "/briefs/first/", "/timeline/", "/favicon.svg", "/nope/"}
	var (
		failures atomic.Int64
		fetched  atomic.Int64
		events   atomic.Int64
		firstErr sync.Once
		errMsg   string
	)
	fail := func(format string, args ...any) {
		failures.Add(1)
		firstErr.Do(func() { errMsg = fmt.Sprintf(format, args...) })
	}

	// Every connection is opened first; the work starts when all are open.
	conns := make([]net.Conn, fetchers+streams)
	for i := range conns {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
		conns[i] = c
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	deadline := time.Now().Add(60 * time.Second)
	for i, c := range conns[:fetchers] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			c.SetDeadline(deadline)
			r := bufio.NewReader(c)
			for j := range requests {
				page := pages[(i+j)%len(pages)]
				fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", page, addr)
				resp, err := http.ReadResponse(r, nil)
				if err != nil {
					fail("GET %s: %v", page, err)
					return
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				want := http.StatusOK
				if page == "/nope/" {
					want = http.StatusNotFound
				}
				switch {
				case err != nil:
					fail("GET %s: reading the body: %v", page, err)
					return
				case resp.StatusCode != want:
					fail("GET %s: status %d", page, resp.StatusCode)
				case strconv.Itoa(len(body)) != resp.Header.Get("Content-Length"):
					fail("GET %s: %d bytes of %s", page, len(body), resp.Header.Get("Content-Length"))
				case page != "/favicon.svg" && !strings.HasSuffix(string(body), "</html>"):
					fail("GET %s: an incomplete page", page)
				}
				fetched.Add(1)
			}
		}()
	}
	var streamsOpen sync.WaitGroup
	streamsOpen.Add(streams)
	for _, c := range conns[fetchers:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			c.SetDeadline(deadline)
			fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", eventsPath, addr)
			sc := bufio.NewScanner(c)
			opened := false
			for sc.Scan() {
				if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
					if name == "hello" && !opened {
						opened = true
						streamsOpen.Done()
					} else {
						events.Add(1)
					}
				}
			}
			if !opened {
				streamsOpen.Done()
				fail("an event stream never opened")
			}
		}()
	}

	began := time.Now()
	close(start)
	// Rebuild while the fetchers work: the site is swapped under them.
	rebuilds := 0
	fetching := make(chan struct{})
	go func() {
		for fetched.Load()+failures.Load() < fetchers*requests && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		close(fetching)
	}()
rebuild:
	for {
		select {
		case <-fetching:
			break rebuild
		default:
		}
		edit(t, srv, site)
		rebuilds++
	}
	streamsOpen.Wait()
	edit(t, srv, site) // at least one while every stream listens
	rebuilds++
	took := time.Since(began)
	peak := counted.peak.Load()

	// Stop: the client side hangs up, then the server shuts down.
	time.Sleep(100 * time.Millisecond) // the last event reaches the streams
	for _, c := range conns {
		c.Close()
	}
	wg.Wait()
	stop()
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
	t.Logf("%d connections open at once: %d requests answered and %d events delivered over %d rebuilds in %s; %d failures",
		peak, fetched.Load(), events.Load(), rebuilds, took.Round(time.Millisecond), failures.Load())
	if failures.Load() > 0 {
		t.Errorf("%d failures; the first: %s", failures.Load(), errMsg)
	}
	if fetched.Load() != fetchers*requests {
		t.Errorf("%d requests answered, want %d", fetched.Load(), fetchers*requests)
	}
	if peak < fetchers+streams {
		t.Errorf("at most %d connections were open at once, want %d", peak, fetchers+streams)
	}
	if events.Load() < streams {
		t.Errorf("%d events reached %d streams", events.Load(), streams)
	}
	if rebuilds < 3 {
		t.Errorf("only %d rebuilds while the connections were busy", rebuilds)
	}

	// Nothing of the server may be left running.
	var now int
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if now = runtime.NumGoroutine(); now <= baseline+2 {
			return
		}
	}
	buf := make([]byte, 1<<20)
	t.Errorf("%d goroutines after the server stopped, %d before it started:\n%s", now, baseline, buf[:runtime.Stack(buf, true)])
}

// countingListener counts the connections open at once.
type countingListener struct {
	net.Listener
	open, peak atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	n := l.open.Add(1)
	for p := l.peak.Load(); n > p && !l.peak.CompareAndSwap(p, n); p = l.peak.Load() {
	}
	return &countedConn{Conn: c, l: l}, nil
}

type countedConn struct {
	net.Conn
	l    *countingListener
	once sync.Once
}

func (c *countedConn) Close() error {
	c.once.Do(func() { c.l.open.Add(-1) })
	return c.Conn.Close()
}

// raiseFileLimit makes sure the process may open n files: each connection
// takes a descriptor at both ends.
func raiseFileLimit(t *testing.T, n uint64) {
	t.Helper()
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	if lim.Cur >= n {
		return
	}
	if lim.Max < n {
		t.Fatalf("the open-file limit is %d at most; the test needs %d (ulimit -Hn)", lim.Max, n)
	}
	old := lim
	lim.Cur = n
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Setrlimit(syscall.RLIMIT_NOFILE, &old) })
}
