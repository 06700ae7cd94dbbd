// Package serve is the editors' dev server. It builds the site into memory
// with the same stages as a build, serves it, watches the site folder, and
// rebuilds after every change: only what the change reaches, when it is a
// brief or a page template (build.Incremental). Open pages reload by themselves (or only swap
// their stylesheet, when only CSS changed). A build that fails never takes
// the server down: it keeps serving the last good site, with an overlay on
// every page that gives each error as file:line:col: message.
//
// The reload script and the overlay are added to pages as they are served;
// they never reach the output of a build.
//
// The server is hardened for a machine whose browser also visits other
// sites (see http.go): it serves nothing but the files of the last build,
// from memory, so no path, encoded or not, and no symbolic link reaches
// another file, and no folder is listed; every response carries a strict
// Content-Security-Policy and the usual protective headers; on loopback it
// answers only requests addressed to a loopback name, which defeats DNS
// rebinding; and slow or idle clients time out, while event streams stay
// open as long as their page does.
package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/briefing/briefing/internal/build"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/sitefs"
)

// Options configure a Server.
type Options struct {
	Src      string        // the site folder
	Build    build.Options // what to build; drafts and scheduled briefs as the editor asks
	Log      io.Writer     // where build results and errors are reported
	Debounce time.Duration // quiet time after a change before rebuilding; default 50ms
}

// Server serves the last good build of a site folder from memory.
type Server struct {
	opts Options

	building sync.Mutex // one build at a time, so an older one never lands last
	builder  *build.Incremental

	mu      sync.RWMutex
	files   map[string][]byte // the last good build; nil until one succeeds
	failure error             // the last build's errors; nil when it succeeded
	version int               // counts builds, so a page can tell it is stale

	clients map[chan string]bool // open event streams, guarded by mu

	// Connection limits (see the constants below); tests shorten them.
	readTimeout, writeTimeout, idleTimeout time.Duration
}

// New returns a server for the site folder in opts. Call Rebuild once before
// serving, then Serve.
func New(opts Options) *Server {
	if opts.Debounce == 0 {
		opts.Debounce = 50 * time.Millisecond
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	return &Server{opts: opts, clients: map[chan string]bool{}, builder: build.NewIncremental(opts.Build),
		readTimeout: readTimeout, writeTimeout: writeTimeout, idleTimeout: idleTimeout}
}

// Rebuild builds the site again after the files changed (paths relative to
// the site folder; nil when unknown). On success the new site replaces the
// old; on failure the old one stays and the errors show on every page.
// Either way, open pages are told: to swap their stylesheets when only
// stylesheets changed, else to reload.
func (s *Server) Rebuild(changed ...string) error {
	s.building.Lock()
	defer s.building.Unlock()
	start := time.Now()
	var res build.Result
	src, err := sitefs.Open(s.opts.Src)
	if err == nil {
		res, err = s.builder.Build(src, changed)
		err = src.Join(err)
		src.Close()
	}
	var list diag.List
	if errors.As(err, &list) {
		err = list.In(s.opts.Src) // paths as the editor named the folder
	}

	s.mu.Lock()
	event := "reload"
	if err == nil && s.failure == nil && s.files != nil {
		switch {
		case files(s.opts.Src, changed) && same(s.files, res.Files, res.Rendered):
			// Saves that changed no file of the site (the same bytes saved
			// again, or the second half of one save): open pages stay.
			event = ""
		case onlyCSS(changed):
			event = "css"
		}
	}
	if err == nil {
		s.files = res.Files
	}
	s.failure = err
	if event != "" {
		s.version++
		for c := range s.clients {
			select {
			case c <- fmt.Sprintf("event: %s\ndata: %d\n\n", event, s.version):
			default: // a client that is not reading will get the next one
			}
		}
	}
	s.mu.Unlock()

	if err != nil {
		fmt.Fprintf(s.opts.Log, "%s\nbuild failed; still serving the last good site\n", err)
	} else {
		fmt.Fprintf(s.opts.Log, "rebuilt in %s (%d of %d files made again)\n", time.Since(start).Round(time.Millisecond), len(res.Rendered), len(res.Files))
	}
	return err
}

// same reports whether files, which a build made again under the names
// rendered and took from old otherwise, are old's.
func same(old, files map[string][]byte, rendered []string) bool {
	if len(old) != len(files) {
		return false
	}
	for _, name := range rendered {
		if prev, ok := old[name]; !ok || !bytes.Equal(prev, files[name]) {
			return false
		}
	}
	return true
}

// files reports whether every changed path is known and a file (or gone):
// a folder made or removed, or changes not known, always reach open pages.
func files(src string, changed []string) bool {
	for _, name := range changed {
		if info, err := os.Stat(filepath.Join(src, filepath.FromSlash(name))); err == nil && info.IsDir() {
			return false
		}
	}
	return changed != nil
}

// onlyCSS reports whether every changed file is a stylesheet under static/.
func onlyCSS(changed []string) bool {
	for _, name := range changed {
		if !strings.HasPrefix(name, build.StaticDir+"/") || path.Ext(name) != ".css" {
			return false
		}
	}
	return len(changed) > 0
}

// Serve serves HTTP on ln and rebuilds on every change in the site folder
// until ctx is done, then shuts down cleanly.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	w, err := newWatcher(s.opts.Src)
	if err != nil {
		return err
	}
	defer w.close()
	ctx, cancel := context.WithCancel(ctx)
	watching := make(chan struct{})
	defer func() {
		cancel()
		<-watching // a rebuild in progress finishes before Serve returns
	}()
	go func() {
		defer close(watching)
		w.run(ctx, s.opts.Debounce, func(changed []string) { s.Rebuild(changed...) })
	}()

	var handler http.Handler = s
	if isLoopback(ln.Addr()) {
		handler = loopbackOnly(s)
	}
	srv := &http.Server{
		Handler: handler,
		// A client that is slow to send its request, or keeps a connection
		// open without using it, is let go; see events for the streams.
		ReadHeaderTimeout: s.readTimeout,
		ReadTimeout:       s.readTimeout,
		WriteTimeout:      s.writeTimeout,
		IdleTimeout:       s.idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		BaseContext:       func(net.Listener) context.Context { return ctx },
		ErrorLog:          log.New(io.Discard, "", 0), // clients that hang up are not the editor's concern
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, done := context.WithTimeout(context.Background(), 3*time.Second)
	defer done()
	if err := srv.Shutdown(shutdown); err != nil {
		srv.Close() // connections still busy after the grace period are cut
		if !errors.Is(err, context.DeadlineExceeded) {
			return err
		}
	}
	return nil
}

// Timeouts and limits of the server's connections.
const (
	readTimeout    = 10 * time.Second // to send a request's headers (and body)
	writeTimeout   = 30 * time.Second // to take a response; streams renew it per event
	idleTimeout    = 60 * time.Second // between requests on a kept-alive connection
	maxHeaderBytes = 16 << 10
)

// lookup finds the file for a URL path the way static hosts do: a folder
// serves its index.html. It reads only the map of built files, so no path
// can reach anything else.
func lookup(files map[string][]byte, urlPath string) (name string, data []byte, ok bool) {
	name = path.Clean("/" + urlPath)[1:]
	if name == "" || urlPath[len(urlPath)-1] == '/' {
		name = path.Join(name, "index.html")
	}
	data, ok = files[name]
	return name, data, ok
}
