package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/briefing/briefing/internal/serve"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	flags, sf := newFlags("serve", stderr)
	addr := flags.String("addr", "127.0.0.1:8080", "`address` to listen on; loopback unless you mean to share the preview")
	if !parse(flags, args, stderr) {
		return 2
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		fmt.Fprintf(stderr, "briefing serve: -addr %q: %v\n", *addr, err)
		return 2
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(stderr, "warning: serving on %s: anyone who can reach this machine can see drafts and unpublished briefs\n", *addr)
	}

	// Listen for Ctrl-C before anything else, so an early one still stops cleanly.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	opts := buildOptions(sf, time.Now())
	opts.Future = true // scheduled briefs show, marked, so editors can check them before their date
	srv := serve.New(serve.Options{Src: *sf.src, Build: opts, Log: stderr})
	srv.Rebuild(ctx) // a failing first load still serves, showing its errors
	if ctx.Err() != nil {
		fmt.Fprintln(stdout, "stopped") // Ctrl-C while the site loaded
		return 0
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "briefing serve: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "serving %s at http://%s/ (Ctrl-C to stop)\n", *sf.src, ln.Addr())
	if err := srv.Serve(ctx, ln); err != nil {
		fmt.Fprintf(stderr, "briefing serve: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, "stopped")
	return 0
}
