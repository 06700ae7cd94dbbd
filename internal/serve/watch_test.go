package serve

import (
	"context"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// TestBatch holds the debounce to its word, in a bubble where time passes
// only when every goroutine waits: saves closer together than the debounce
// make one rebuild, with every path once, sorted, when the last has been
// quiet for the debounce and not a moment before; lost events rebuild
// everything.
func TestBatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const debounce = 50 * time.Millisecond
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		changes := make(chan change)
		var (
			mu       sync.Mutex // synctest.Wait orders nothing between goroutines
			rebuilds [][]string
		)
		seen := func() [][]string {
			mu.Lock()
			defer mu.Unlock()
			return slices.Clone(rebuilds)
		}
		go batch(ctx, changes, debounce, func(paths []string) {
			mu.Lock()
			defer mu.Unlock()
			rebuilds = append(rebuilds, paths)
		})

		changes <- change{path: "content/briefs/b.md"}
		time.Sleep(debounce - time.Millisecond)
		changes <- change{path: "content/briefs/a.md"}
		changes <- change{path: "content/briefs/b.md"}
		time.Sleep(debounce - time.Millisecond)
		synctest.Wait()
		if r := seen(); len(r) != 0 {
			t.Fatalf("rebuilt %v before the burst was quiet for the debounce", r)
		}
		time.Sleep(time.Millisecond)
		synctest.Wait()
		if r, want := seen(), [][]string{{"content/briefs/a.md", "content/briefs/b.md"}}; !slices.EqualFunc(r, want, slices.Equal) {
			t.Fatalf("rebuilds %q, want %q", r, want)
		}

		changes <- change{path: "site.toml"}
		changes <- change{lost: true}
		time.Sleep(debounce)
		synctest.Wait()
		if r := seen(); len(r) != 2 || r[1] != nil {
			t.Fatalf("after lost events: rebuilds %q, want a second with nil (everything)", r)
		}
		time.Sleep(time.Hour)
		synctest.Wait()
		if r := seen(); len(r) != 2 {
			t.Fatalf("rebuilt %d times with nothing changed", len(r)-2)
		}
	})
}
