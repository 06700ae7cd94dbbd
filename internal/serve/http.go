package serve

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"mime"
	"net"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/briefing/briefing/internal/build"
	"github.com/briefing/briefing/internal/csp"
)

// The dev server's own URLs; a site cannot have a folder of this name.
const (
	eventsPath  = "/_briefing/events"
	scriptPath  = "/_briefing/live.js"
	overlayPath = "/_briefing/overlay.css"
)

// Policy is the Content-Security-Policy of every response of the dev
// server: the published site's (build.Policy), except that pages may connect
// to the server itself, for the event stream and the stylesheet swap. The
// preview thus breaks where the published site would. A site that allows
// images from other origins (site.toml) has them in img-src too (policy).
var Policy = csp.With(build.Policy, "connect-src 'self'")

// policy is Policy for the site served: with the origins it allows.
func (s *Server) policy() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.site == nil {
		return Policy
	}
	return csp.With(s.site.Policy(), "connect-src 'self'")
}

// ServeHTTP serves the last good build, the event stream and the reload
// script.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	protect(h)
	h.Set("Content-Security-Policy", s.policy())
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case eventsPath:
		s.events(w, r)
		return
	case scriptPath:
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		http.ServeContent(w, r, "live.js", time.Time{}, strings.NewReader(liveJS))
		return
	case overlayPath:
		h.Set("Content-Type", "text/css; charset=utf-8")
		http.ServeContent(w, r, "overlay.css", time.Time{}, strings.NewReader(overlayCSS))
		return
	}

	s.mu.RLock()
	loaded, version := s.site != nil, s.version
	failure, stale := s.failure()
	s.mu.RUnlock()

	if !loaded { // the site has not loaded yet: show the errors alone
		h.Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write(inject(errorPage, failure, stale, version))
		return
	}
	name := lookup(r.URL.Path)
	data, ok, err := s.file(r.Context(), name)
	status := http.StatusOK
	if !ok && !strings.HasSuffix(r.URL.Path, "/") {
		if dir := lookup(r.URL.Path + "/"); s.has(dir) {
			// To the folder as the server names it: the path as requested
			// could start with "//" and send the browser to another host.
			http.Redirect(w, r, "/"+strings.TrimSuffix(dir, "index.html"), http.StatusMovedPermanently)
			return
		}
	}
	if !ok {
		name, status = "404.html", http.StatusNotFound
		data, _, err = s.file(r.Context(), name)
	}
	if err != nil { // the page does not make: say why, on the page
		name, data, failure, stale, status = "error.html", errorPage, err, false, http.StatusInternalServerError
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	h.Set("Content-Type", ctype)
	if path.Ext(name) == ".html" {
		data = inject(data, failure, stale, version)
	}
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	if r.Method == http.MethodGet {
		w.Write(data)
	}
}

// has reports whether the site served has a file name.
func (s *Server) has(name string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.site != nil && s.site.Has(name)
}

// errorPage carries the overlay when there is no page to put it on.
var errorPage = []byte("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body></body></html>")

// protect sets the headers every response carries.
func protect(h http.Header) {
	h.Set("Content-Security-Policy", Policy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Resource-Policy", "same-origin") // no other site may embed the preview's files
	h.Set("Cache-Control", "no-store")                   // every reload must see the latest build
}

// metaPolicy matches the page's own policy, which the server's header
// replaces: both would apply, and the published one forbids the event
// stream.
var metaPolicy = regexp.MustCompile(`(?i)<meta\s+http-equiv=["']?content-security-policy["']?[^>]*>`)

// inject adds the reload script, and the error overlay when the site does
// not build, before the page's </body>, and drops the page's own
// Content-Security-Policy. stale says that the page is of the last site
// that loaded, not of the folder as it is.
func inject(page []byte, failure error, stale bool, version int) []byte {
	page = metaPolicy.ReplaceAll(page, nil)
	var b bytes.Buffer
	fmt.Fprintf(&b, `<script src="%s" data-version="%d"></script>`, scriptPath, version)
	if failure != nil {
		// Styled by a stylesheet of the server's own: the policy allows no
		// style attributes.
		fmt.Fprintf(&b, `<link rel="stylesheet" href="%s">`, overlayPath)
		b.WriteString(`<div id="briefing-errors" role="alert">`)
		b.WriteString(`<p>The site does not build.`)
		if stale {
			b.WriteString(` You are seeing the last version that did.`)
		}
		b.WriteString(` Fix these and save:</p><pre>`)
		b.WriteString(html.EscapeString(failure.Error()))
		b.WriteString(`</pre></div>`)
	}
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+b.Len())
	out = append(append(append(out, page[:i]...), b.Bytes()...), page[i:]...)
	return out
}

// events streams build notices to an open page: "hello" with the current
// build number on connect, then "reload" or "css" after every build. A
// stream lives as long as its page: it has no read deadline (the page sends
// nothing more, and a closed connection still ends it), and each write gets
// writeTimeout, so a client that stops reading is let go.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	if err := rc.SetReadDeadline(time.Time{}); err != nil {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := make(chan string, 4)
	s.mu.Lock()
	s.clients[c] = true
	version := s.version
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()

	w.Header().Set("Content-Type", "text/event-stream")
	send := func(msg string) bool {
		rc.SetWriteDeadline(time.Now().Add(s.writeTimeout))
		if _, err := io.WriteString(w, msg); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if !send(fmt.Sprintf("event: hello\ndata: %d\n\n", version)) {
		return
	}
	tick := time.NewTicker(15 * time.Second) // keeps proxies and browsers from closing an idle stream
	defer tick.Stop()
	for {
		var msg string
		select {
		case msg = <-c:
		case <-tick.C:
			msg = ": ping\n\n"
		case <-r.Context().Done():
			return
		}
		if !send(msg) {
			return
		}
	}
}

// isLoopback reports whether addr is a loopback address.
func isLoopback(addr net.Addr) bool {
	a, ok := addr.(*net.TCPAddr)
	return ok && a.IP.IsLoopback()
}

// loopbackOnly answers only requests addressed to a loopback name or
// address. A page on another site can point a name of its own at 127.0.0.1
// (DNS rebinding) and then read the preview, drafts included, as same-origin;
// such requests carry that name in Host and are refused.
func loopbackOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		host = strings.TrimSuffix(strings.ToLower(host), ".")
		ip := net.ParseIP(strings.Trim(host, "[]"))
		if host == "localhost" || strings.HasSuffix(host, ".localhost") || ip != nil && ip.IsLoopback() {
			next.ServeHTTP(w, r)
			return
		}
		protect(w.Header())
		http.Error(w, "briefing serve answers only to localhost and 127.0.0.1: open the address it printed", http.StatusMisdirectedRequest)
	})
}

// overlayCSS styles the error overlay.
const overlayCSS = `#briefing-errors{position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:9999;margin:0;padding:1rem 1.25rem;background:#2b0d0d;color:#fff;font:14px/1.5 ui-monospace,monospace;border-top:4px solid #e5484d}
#briefing-errors p{margin:0 0 .5rem;font:bold 16px system-ui,sans-serif}
#briefing-errors pre{margin:0;white-space:pre-wrap}
`

// liveJS reloads the page after a build. When only stylesheets changed it
// fetches the page again and swaps in its stylesheet links instead (their
// names carry a content hash), so the reader keeps their place. A page that was served before the latest
// build reloads as soon as it connects.
const liveJS = `(function () {
  var me = document.currentScript, version = me && me.dataset.version;
  var es = new EventSource("` + eventsPath + `");
  es.addEventListener("hello", function (e) { if (version && e.data !== version) location.reload(); });
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("css", function (e) {
    version = e.data;
    fetch(location.href, { cache: "no-store" }).then(function (r) { return r.text(); }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").head.querySelectorAll('link[rel="stylesheet"]');
      var old = document.head.querySelectorAll('link[rel="stylesheet"]');
      fresh.forEach(function (l) { document.head.appendChild(document.importNode(l, true)); });
      old.forEach(function (l) { l.remove(); });
    }).catch(function () { location.reload(); });
  });
})();
`
