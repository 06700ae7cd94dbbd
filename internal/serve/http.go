package serve

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// The dev server's own URLs; a site cannot have a folder of this name.
const (
	eventsPath = "/_briefing/events"
	scriptPath = "/_briefing/live.js"
)

// ServeHTTP serves the last good build, the event stream and the reload
// script.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store") // every reload must see the latest build
	switch r.URL.Path {
	case eventsPath:
		s.events(w, r)
		return
	case scriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		http.ServeContent(w, r, "live.js", time.Time{}, strings.NewReader(liveJS))
		return
	}

	s.mu.RLock()
	files, failure, version := s.files, s.failure, s.version
	s.mu.RUnlock()

	if files == nil { // no build has succeeded yet: show the errors alone
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		page := []byte("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body></body></html>")
		w.Write(inject(page, failure, version))
		return
	}
	name, data, ok := lookup(files, r.URL.Path)
	status := http.StatusOK
	if !ok {
		if _, _, dir := lookup(files, r.URL.Path+"/"); dir && !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		name, data, status = "404.html", files["404.html"], http.StatusNotFound
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	if path.Ext(name) == ".html" {
		data = inject(data, failure, version)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	if r.Method == http.MethodGet {
		w.Write(data)
	}
}

// inject adds the reload script, and the error overlay when the last build
// failed, before the page's </body>.
func inject(page []byte, failure error, version int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<script src="%s" data-version="%d"></script>`, scriptPath, version)
	if failure != nil {
		b.WriteString(`<div id="briefing-errors" role="alert" style="position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:9999;margin:0;padding:1rem 1.25rem;background:#2b0d0d;color:#fff;font:14px/1.5 ui-monospace,monospace;border-top:4px solid #e5484d">`)
		b.WriteString(`<p style="margin:0 0 .5rem;font:bold 16px system-ui,sans-serif">The site did not build. You are seeing the last good version. Fix these and save:</p><pre style="margin:0;white-space:pre-wrap">`)
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
// build number on connect, then "reload" or "css" after every build.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
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
	fmt.Fprintf(w, "event: hello\ndata: %d\n\n", version)
	flusher.Flush()
	tick := time.NewTicker(15 * time.Second) // keeps proxies and browsers from closing an idle stream
	defer tick.Stop()
	for {
		select {
		case msg := <-c:
			if _, err := io.WriteString(w, msg); err != nil {
				return
			}
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return
			}
		case <-r.Context().Done():
			return
		}
		flusher.Flush()
	}
}

// liveJS reloads the page after a build. When only stylesheets changed it
// fetches the page again and swaps in its stylesheet links instead (their
// names carry a content hash, and their integrity attribute must match), so
// the reader keeps their place. A page that was served before the latest
// build reloads as soon as it connects.
const liveJS = `(function () {
  var me = document.currentScript, version = me && me.dataset.version;
  var es = new EventSource("` + eventsPath + `");
  es.addEventListener("hello", function (e) { if (version && e.data !== version) location.reload(); });
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("css", function (e) {
    version = e.data;
    fetch(location.href, { cache: "no-store" }).then(function (r) { return r.text(); }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").querySelectorAll('link[rel="stylesheet"]');
      var old = document.querySelectorAll('link[rel="stylesheet"]');
      fresh.forEach(function (l) { document.head.appendChild(document.importNode(l, true)); });
      old.forEach(function (l) { l.remove(); });
    }).catch(function () { location.reload(); });
  });
})();
`
