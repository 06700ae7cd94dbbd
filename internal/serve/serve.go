// Package serve is the editors' dev server. It loads the site folder with
// the same stages as a build (build.Cache: a save reads and parses again
// only the files that changed), makes each page when it is asked for, and
// keeps it until the next change: what it serves is what a full build of
// the folder makes, byte for byte, whatever the site's templates show,
// with no list of what depends on what to keep true. After every change
// open pages reload by themselves (or only swap their stylesheet, when only
// CSS changed), and the whole site is checked in the background, every
// file made, so that errors that show only when a page is made (a
// template's, a link to a #fragment that is not there) reach the overlay
// too. A change that does not load never takes the server down: it keeps
// serving the last site that did, with an overlay on every page that gives
// each error as file:line:col: message.
//
// The reload script and the overlay are added to pages as they are served;
// they never reach the output of a build.
//
// The server is hardened for a machine whose browser also visits other
// sites (see http.go): it serves nothing but the files of the site, from
// memory, so no path, encoded or not, and no symbolic link reaches
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
	"io/fs"
	"log"
	"net"
	"net/http"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/briefing/briefing/internal/build"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/humanize"
	"github.com/briefing/briefing/internal/sitefs"
)

// Options configure a Server.
type Options struct {
	Src      string        // the site folder
	Build    build.Options // what to build; drafts and scheduled briefs as the editor asks
	Log      io.Writer     // where build results and errors are reported
	Debounce time.Duration // quiet time after a change before rebuilding; default 50ms
}

// Server serves the site in a folder, as it is now, from memory.
//
// It never waits without a bound on work that may not end: a load runs on
// a goroutine of its own, and one that does not stop within moments when a
// later save calls for a new load is left behind with its cache (a read
// that never returns, say), and the new load starts afresh; a page is made
// on the goroutine of the request that asks for it first, and the others
// that ask wait for it or for their own end; and a page whose template does
// not end fails after the site's timeout (build). Nothing left behind
// changes what is served: a load puts its site in place only if it is
// still the latest, and until then changes nothing the served site shows
// (build.Cache.Prepare).
type Server struct {
	opts Options

	starting sync.Mutex   // one load is started at a time
	cache    *build.Cache // of the latest load; guarded by starting

	mu      sync.RWMutex
	current *load            // the latest load started
	site    *build.Site      // the last site that loaded; nil until one does
	made    map[string]*made // the files of site made, or being made, so far
	loadErr error            // why the folder does not load now; site is the last that did
	siteErr error            // what is wrong with site: links that lead nowhere, and what the check found
	stop    func()           // stops the check, and waits for it to end
	checked bool             // the check of site made every file
	version int              // counts changes, so a page can tell it is stale

	clients map[chan string]bool // open event streams, guarded by mu

	// Connection limits (see the constants below) and how long a load is
	// given to stop; tests shorten them.
	readTimeout, writeTimeout, idleTimeout time.Duration
	abandonAfter                           time.Duration
	// open opens the site folder; tests wrap it.
	open func(dir string) (folder, error)
}

// folder is the site folder as a load reads it (sitefs.FS).
type folder interface {
	fs.FS
	Join(error) error
	Close() error
}

// A load is one loading of the site folder, on a goroutine of its own.
type load struct {
	cancel  context.CancelFunc
	changed []string      // the files it loads again for; nil for any
	done    chan struct{} // closed when it ended, its site in place if it was still the latest
	err     error         // why the folder did not load; set before done is closed
	placed  bool          // it put what it loaded in place; guarded by Server.mu
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
	return &Server{opts: opts, clients: map[chan string]bool{}, cache: build.NewCache(opts.Build), stop: func() {},
		readTimeout: readTimeout, writeTimeout: writeTimeout, idleTimeout: idleTimeout, abandonAfter: abandonAfter,
		open: func(dir string) (folder, error) { return sitefs.Open(dir) }}
}

// Rebuild loads the site folder again after the files changed (paths
// relative to the site folder; none when unknown) and waits for the load to
// end, or for ctx. When it loads, the new site replaces the old, its files
// are made again as they are asked for, and a check of the whole site
// starts in the background; when it does not, the old one stays and the
// errors show on every page. Either way, open pages are told: to swap their
// stylesheets when only stylesheets changed, else to reload; nothing, when
// no file the site is made of changed.
func (s *Server) Rebuild(ctx context.Context, changed ...string) error {
	l := s.start(ctx, changed)
	for {
		select {
		case <-l.done:
		case <-ctx.Done():
			return ctx.Err()
		}
		s.mu.RLock()
		latest := s.current
		s.mu.RUnlock()
		if latest == l {
			return l.err
		}
		l = latest // a later load took its place, and loads what it would have
	}
}

// start starts a load of the site folder after the files changed, and
// returns at once. A load still running is stopped first: it stops within
// moments, keeping what it parsed for this one, unless it is stuck, on a
// read that does not return, say. Then, after abandonAfter, it is left to
// end, or not, with its cache, and this load starts with a new one. The
// check stops too: a load goes first. ctx ends the wait for the load
// before.
func (s *Server) start(ctx context.Context, changed []string) *load {
	s.starting.Lock()
	defer s.starting.Unlock()
	lctx, cancel := context.WithCancel(context.Background())
	l := &load{cancel: cancel, done: make(chan struct{})}
	s.mu.Lock()
	prev, stop := s.current, s.stop
	s.current = l // the latest from now: prev puts nothing in place
	s.mu.Unlock()
	stop()
	if prev != nil {
		prev.cancel()
		s.mu.RLock()
		if !prev.placed { // l loads for what prev changed too: the stylesheets alone, or more?
			changed = union(prev.changed, changed)
		}
		s.mu.RUnlock()
		l.changed = changed
		select {
		case <-prev.done:
		case <-ctx.Done():
			// l never runs; it ends when prev does, so that the next
			// load waits for prev, whose cache it would use.
			l.err = ctx.Err()
			go func() { <-prev.done; close(l.done) }()
			return l
		case <-time.After(s.abandonAfter):
			fmt.Fprintf(s.opts.Log, "the last load did not stop within %s (a file that cannot be read?); loading again from the start\n", s.abandonAfter)
			s.cache = build.NewCache(s.opts.Build)
		}
	}
	s.cache.Changed(changed...)
	l.changed = changed
	go s.load(lctx, l, s.cache)
	return l
}

// union is the files changed of a and b: nil, for any, when either is.
func union(a, b []string) []string {
	if a == nil || b == nil {
		return nil
	}
	return append(slices.Clip(a), b...)
}

// load loads the site folder with cache and, if l is still the latest
// load, puts what it loaded in place.
func (s *Server) load(ctx context.Context, l *load, cache *build.Cache) {
	changed := l.changed
	defer close(l.done)
	start := time.Now()
	slow := time.AfterFunc(slowLoad, func() {
		s.mu.RLock()
		latest := s.current == l
		s.mu.RUnlock()
		if latest {
			fmt.Fprintf(s.opts.Log, "still loading after %s (a file that cannot be read?); save again to load afresh\n", slowLoad)
		}
	})
	defer slow.Stop()
	var next *build.Site
	src, err := s.open(s.opts.Src)
	if err == nil {
		next, err = cache.Prepare(ctx, src)
		err = src.Join(err)
		src.Close()
	} else {
		cache.Changed() // what changed is not known to have been read
	}
	if ctx.Err() != nil {
		l.err = ctx.Err() // stopped for a later load, which loads what this one would have
		return
	}
	var list diag.List
	if errors.As(err, &list) {
		err = list.In(s.opts.Src) // paths as the editor named the folder
	}
	l.err = err

	s.mu.Lock()
	if s.current != l {
		s.mu.Unlock()
		return // left behind: a later load, with a cache of its own, took its place
	}
	l.placed = true
	event := "reload"
	switch {
	case next == nil:
		if s.loadErr != nil && s.loadErr.Error() == err.Error() {
			event = "" // the same errors as before: nothing to show
		}
		s.loadErr = err
	case next == s.site:
		event = "" // saves that changed no file the site is made of
	default:
		if s.site != nil && s.loadErr == nil && onlyCSS(changed) {
			event = "css"
		}
		// The briefs whose text alone changed take it now, as the new site
		// takes the place of the old: pages of the old one still being made
		// are not kept, and no page shows the text of a load that failed.
		cache.Commit()
		s.site, s.made, s.loadErr, s.siteErr, s.checked = next, map[string]*made{}, nil, err, false
	}
	if s.site != nil && !s.checked {
		s.startCheck() // anew, or where it stopped
	}
	s.notify(event)
	s.mu.Unlock()

	switch {
	case next == nil:
		fmt.Fprintf(s.opts.Log, "%s\nthe site does not load; still serving the last version that did\n", err)
	case event != "":
		n := cache.Parsed()
		fmt.Fprintf(s.opts.Log, "loaded in %s (%d %s parsed again)\n", time.Since(start).Round(time.Millisecond), n, humanize.Plural(n, "file", "files"))
		if err != nil {
			fmt.Fprintf(s.opts.Log, "%s\n", err)
		}
	}
}

// failure is what the overlay shows, and whether the pages served are of
// the last site that loaded rather than of the folder as it is; s.mu is
// held.
func (s *Server) failure() (err error, stale bool) {
	if s.loadErr != nil {
		return s.loadErr, true
	}
	return s.siteErr, false
}

// notify tells open pages of a change; s.mu is held.
func (s *Server) notify(event string) {
	if event == "" {
		return
	}
	s.version++
	for c := range s.clients {
		select {
		case c <- fmt.Sprintf("event: %s\ndata: %d\n\n", event, s.version):
		default: // a client that is not reading will get the next one
		}
	}
}

// startCheck starts the check of the site served; s.mu is held, and no
// check runs.
func (s *Server) startCheck() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	s.stop = func() { cancel(); <-done }
	go func() {
		defer close(done)
		s.check(ctx, s.site)
	}()
}

// checkDelay is how long the check waits after a load: the pages open in a
// browser reload first.
const checkDelay = 100 * time.Millisecond

// check makes every file of site, as a build would, keeping what it made
// for the requests to come, and shows what fails on every page: first a
// page of each kind, where most template errors show; then the pages that
// the links of the briefs just saved want a #fragment of (and those
// briefs), so that the links a save may have broken are checked within
// moments; then the pages other links want; then the rest that is not made
// yet. It stops when ctx is done: when a change is seen, and a
// load goes first; it starts again after, with those pages again and the
// rest not made yet.
func (s *Server) check(ctx context.Context, site *build.Site) {
	select {
	case <-ctx.Done():
		return
	case <-time.After(checkDelay):
	}
	start := time.Now()
	keep := keeper{s, site}
	samples := site.Samples()
	first, then := site.Wanted()
	var errs diag.List
	done := map[string]bool{}
	for i, names := range [][]string{samples, first, then} {
		names = slices.DeleteFunc(slices.Clone(names), func(name string) bool { return done[name] })
		for _, name := range names {
			done[name] = true
		}
		if len(names) == 0 {
			continue // Write(nil) would make every file
		}
		_, err := site.Write(ctx, keep, names)
		errs = append(errs, errorList(err)...)
		links := errs
		if i > 0 { // the pages links want are made: LinkErrors has all it will find of them
			links = append(slices.Clip(errs), site.LinkErrors()...)
		}
		s.found(ctx, site, links)
	}
	errs = append(errs, site.LinkErrors()...)
	s.mu.RLock()
	rest := slices.DeleteFunc(site.Names(), func(name string) bool { return done[name] || s.made[name].good() })
	s.mu.RUnlock()
	if len(rest) > 0 {
		_, err := site.Write(ctx, keep, rest)
		errs = append(errs, errorList(err)...)
	}
	if ctx.Err() != nil {
		return
	}
	s.found(ctx, site, errs)
	s.mu.Lock()
	s.checked = s.site == site
	s.mu.Unlock()
	n := len(slices.Clone(errs).Sort())
	fmt.Fprintf(s.opts.Log, "checked every file in %s: %d %s\n", time.Since(start).Round(time.Millisecond), n, humanize.Plural(n, "error", "errors"))
}

// found shows errs, what the check of site found so far, on every page,
// with what it found before it was stopped, if site is still the one
// served.
func (s *Server) found(ctx context.Context, site *build.Site, errs diag.List) {
	if len(errs) == 0 || ctx.Err() != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var all diag.List
	all.Append(".", s.siteErr)
	all = append(all, errs.In(s.opts.Src)...)
	err := all.Err()
	if s.site != site || s.siteErr != nil && s.siteErr.Error() == err.Error() {
		return
	}
	s.siteErr = err
	fmt.Fprintf(s.opts.Log, "%s\n", err)
	s.notify("reload")
}

func errorList(err error) diag.List {
	var list diag.List
	if err != nil && !errors.As(err, &list) && !errors.Is(err, context.Canceled) {
		list.Append(".", err)
	}
	return list
}

// keeper is the sink of the check: it keeps what it made for requests.
type keeper struct {
	s    *Server
	site *build.Site
}

func (k keeper) Write(name string, data []byte) (int, error) {
	k.s.mu.Lock()
	defer k.s.mu.Unlock()
	if k.s.site == k.site && k.s.made[name] == nil {
		m := &made{done: make(chan struct{}), data: bytes.Clone(data), ok: true} // the build reuses its buffers
		close(m.done)
		k.s.made[name] = m
	}
	return len(data), nil
}

// made is a file of the site served, once done is closed: its bytes, or
// why it could not be made; ok is false when the site has no such file.
type made struct {
	done chan struct{}
	data []byte
	ok   bool
	err  error
}

// good reports whether m is a file made without error (nil is not).
func (m *made) good() bool {
	if m == nil {
		return false
	}
	select {
	case <-m.done:
		return m.ok && m.err == nil
	default:
		return false // being made
	}
}

// file returns the file name of the site served, made now if it was not
// yet. Requests for a file that is being made wait for it, or for ctx,
// rather than make it again: after a save, every open page asks for the
// same few files. A page is made without a lock held: a page whose template
// does not end holds up its own request alone, until the site's timeout.
func (s *Server) file(ctx context.Context, name string) (data []byte, ok bool, err error) {
	s.mu.Lock()
	site, m := s.site, s.made[name]
	if site == nil {
		s.mu.Unlock()
		return nil, false, nil
	}
	if m == nil {
		m = &made{done: make(chan struct{})}
		s.made[name] = m
		s.mu.Unlock()
		m.data, m.ok, m.err = site.File(name)
		close(m.done)
	} else {
		s.mu.Unlock()
		select {
		case <-m.done:
		case <-ctx.Done():
			return nil, false, ctx.Err()
		}
	}
	return m.data, m.ok, m.err
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
		// Nothing here waits on work that may not end: the watcher stops
		// at once, the check at the files it is making, and the load
		// running, if any, is told to stop and not waited for.
		cancel()
		<-watching
		s.mu.Lock()
		stop, l := s.stop, s.current
		s.mu.Unlock()
		stop()
		if l != nil {
			l.cancel()
		}
	}()
	go func() {
		defer close(watching)
		w.run(ctx, s.opts.Debounce, func(changed []string) { s.start(ctx, changed) })
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
	shutdown, done := context.WithTimeout(context.Background(), shutdownGrace)
	defer done()
	if err := srv.Shutdown(shutdown); err != nil {
		srv.Close() // connections still busy after the grace period are cut
		if !errors.Is(err, context.DeadlineExceeded) {
			return err
		}
	}
	return nil
}

// Timeouts and limits of the server's connections, and of loads.
const (
	abandonAfter   = 2 * time.Second        // for a load to stop when a later one starts
	slowLoad       = 10 * time.Second       // before a load that has not ended is reported
	shutdownGrace  = 500 * time.Millisecond // for requests in flight when Serve is told to stop: the process ends within 2 s
	readTimeout    = 10 * time.Second       // to send a request's headers (and body)
	writeTimeout   = 30 * time.Second       // to take a response; streams renew it per event
	idleTimeout    = 60 * time.Second       // between requests on a kept-alive connection
	maxHeaderBytes = 16 << 10
)

// lookup names the file for a URL path the way static hosts do: a folder
// serves its index.html.
func lookup(urlPath string) string {
	name := path.Clean("/" + urlPath)[1:]
	if name == "" || urlPath[len(urlPath)-1] == '/' {
		name = path.Join(name, "index.html")
	}
	return name
}
