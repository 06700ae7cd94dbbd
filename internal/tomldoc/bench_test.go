package tomldoc

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// benchDoc is a dataset file of n pledges, each with conditions and three
// sources: the shape whose key positions dominate a large site's heap.
func benchDoc(n int) []byte {
	var b strings.Builder
	b.WriteString("title = \"pledges\"\n")
	for i := range n {
		fmt.Fprintf(&b, "\n[[pledge]]\nid = \"p-%d\"\nconditions = [\"a\", \"b = c\"]\n", i)
		for j := range 3 {
			fmt.Fprintf(&b, "  [[pledge.source]]\n  ref = \"s-%d-%d\"\n  quote = \"\"\"\nwe will = %d\n\"\"\"\n", i, j, j)
		}
	}
	return []byte(b.String())
}

// BenchmarkDecode decodes a valid document of 5,000 pledges; doc-B is the
// heap a decoded Doc keeps alive, measured once after the timed loop.
func BenchmarkDecode(b *testing.B) {
	src := benchDoc(5000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		var f file
		if d, errs := Decode("p.toml", src, 1, &f); d == nil || len(errs) > 0 {
			b.Fatal(errs)
		}
	}
	b.StopTimer()
	var f file
	d, _ := Decode("p.toml", src, 1, &f)
	withDoc := heapAlloc()
	runtime.KeepAlive(d)
	d = nil
	withoutDoc := heapAlloc()
	runtime.KeepAlive(&f)
	b.ReportMetric(float64(withDoc)-float64(withoutDoc), "doc-B")
}

func heapAlloc() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
