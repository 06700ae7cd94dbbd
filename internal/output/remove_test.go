package output

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// BenchmarkRemove removes a previous site of 2,000 folders of 5 files, as
// Commit does, and as os.RemoveAll would (which enters mounted folders):
// the price of never leaving the file system.
func BenchmarkRemove(b *testing.B) {
	for _, tc := range []struct {
		name   string
		remove func(string) error
	}{{"remove", remove}, {"os.RemoveAll", os.RemoveAll}} {
		b.Run(tc.name, func(b *testing.B) {
			dir := b.TempDir()
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				work := filepath.Join(dir, strconv.Itoa(i))
				for f := range 2000 {
					page := filepath.Join(work, siteName, "pages", strconv.Itoa(f))
					os.MkdirAll(page, 0o755)
					for n := range 5 {
						os.WriteFile(filepath.Join(page, strconv.Itoa(n)+".html"), []byte("<p>page</p>"), 0o644)
					}
				}
				b.StartTimer()
				if err := tc.remove(work); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
