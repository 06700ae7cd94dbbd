package sitemap

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const base = "https://example.org/briefing/"

// oldXML is how sitemap.xml was written before sitemaps were split: one
// urlset, marshalled by encoding/xml.
func oldXML(t *testing.T, urls []URL) []byte {
	t.Helper()
	out, err := xml.Marshal(struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []URL    `xml:"url"`
	}{URLs: urls})
	if err != nil {
		t.Fatal(err)
	}
	return append([]byte(xml.Header), out...)
}

// The structs sitemaps are read back into. Naming the namespace on every
// element checks that each is in it, not only the root.
type urlsetIn struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		LastMod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
}

type indexIn struct {
	XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []struct {
		Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		LastMod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemap"`
}

func readURLs(t *testing.T, name string, data []byte) []URL {
	t.Helper()
	var set urlsetIn
	if err := xml.Unmarshal(data, &set); err != nil {
		t.Fatalf("%s: %v\n%s", name, err, data)
	}
	var urls []URL
	for _, u := range set.URLs {
		urls = append(urls, URL{Loc: u.Loc, LastMod: u.LastMod})
	}
	return urls
}

// urlsN makes n URLs with lastmods that go up and down, some missing.
func urlsN(n int) []URL {
	urls := make([]URL, n)
	for i := range urls {
		urls[i].Loc = fmt.Sprintf("%sbriefs/b%d/", base, i)
		if i%4 != 3 {
			urls[i].LastMod = fmt.Sprintf("2024-%02d-%02d", i*7%12+1, i*5%28+1)
		}
	}
	return urls
}

// TestOneFile checks that a sitemap that fits in one file is the bytes it
// was before splitting, from Files.
func TestOneFile(t *testing.T) {
	for _, tc := range []struct {
		name string
		urls []URL
	}{
		{"none", nil},
		{"one", []URL{{Loc: base}}},
		{"dates", []URL{{Loc: base, LastMod: "2026-01-06"}, {Loc: base + "timeline/"}, {Loc: base + "x/", LastMod: "2014"}, {Loc: base + "y/", LastMod: "2024-05-01T23:30:00.5-02:00"}}},
		{"escaped", []URL{{Loc: base + "q?a=1&b=<2>&c=\"3\"&d='4'", LastMod: "2014-03"}, {Loc: base + "ctl\t\n\r\x00\x01\uFFFE/"}, {Loc: base + "países/Bélgica/%20/"}}},
		{"many", urlsN(1000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := oldXML(t, tc.urls)
			docs, err := Files(base, tc.urls)
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != 1 || docs[0].Name != File {
				t.Fatalf("have %d files (%v), want sitemap.xml alone", len(docs), names(docs))
			}
			if !bytes.Equal(docs[0].Data, want) {
				t.Errorf("Files:\nhave %s\nwant %s", docs[0].Data, want)
			}
		})
	}
}

func names(docs []Doc) []string {
	var s []string
	for _, d := range docs {
		s = append(s, d.Name)
	}
	return s
}

// check reads back what files made of urls: one sitemap, or an index and
// its parts, each within lim, with every URL once and in order, and each
// part's lastmod in the index the newest of its URLs. It returns the number
// of parts, 0 for sitemap.xml alone.
func check(t *testing.T, base string, urls []URL, lim limits, docs []Doc) int {
	t.Helper()
	if len(docs) == 0 || docs[0].Name != File {
		t.Fatalf("files %v: want sitemap.xml first", names(docs))
	}
	for _, d := range docs {
		if len(d.Data) > lim.bytes {
			t.Errorf("%s: %d bytes, over %d", d.Name, len(d.Data), lim.bytes)
		}
	}
	if len(docs) == 1 {
		if have := readURLs(t, File, docs[0].Data); !slices.Equal(have, urls) {
			t.Errorf("sitemap.xml:\nhave %v\nwant %v", have, urls)
		}
		return 0
	}
	var index indexIn
	if err := xml.Unmarshal(docs[0].Data, &index); err != nil {
		t.Fatalf("sitemap.xml: %v\n%s", err, docs[0].Data)
	}
	if len(index.Sitemaps) != len(docs)-1 {
		t.Fatalf("the index names %d sitemaps; there are %d parts (%v)", len(index.Sitemaps), len(docs)-1, names(docs))
	}
	var all []URL
	for i, d := range docs[1:] {
		if want := fmt.Sprintf("sitemap-%d.xml", i+1); d.Name != want {
			t.Errorf("part %d is %s, want %s", i+1, d.Name, want)
		}
		if have, want := index.Sitemaps[i].Loc, base+d.Name; have != want {
			t.Errorf("index entry %d: loc %q, want %q", i+1, have, want)
		}
		part := readURLs(t, d.Name, d.Data)
		if len(part) == 0 || len(part) > lim.urls {
			t.Errorf("%s: %d URLs, want 1 to %d", d.Name, len(part), lim.urls)
		}
		newest := ""
		for _, u := range part {
			newest = max2(newest, u.LastMod) // the URLs here are all YYYY-MM-DD
		}
		if have := index.Sitemaps[i].LastMod; have != newest {
			t.Errorf("%s: lastmod %q in the index, want %q", d.Name, have, newest)
		}
		all = append(all, part...)
	}
	if !slices.Equal(all, urls) {
		t.Errorf("the parts hold %d URLs, not the %d given in order", len(all), len(urls))
	}
	return len(docs) - 1
}

func max2(a, b string) string {
	if b > a {
		return b
	}
	return a
}

// TestSplit checks the number of parts at the limit and on either side.
func TestSplit(t *testing.T) {
	const L = 3
	lim := limits{urls: L, bytes: MaxBytes, sitemaps: L}
	for _, tc := range []struct{ n, parts int }{
		{0, 0}, {1, 0}, {L - 1, 0}, {L, 0}, {L + 1, 2}, {2 * L, 2}, {2*L + 1, 3}, {L * L, L},
	} {
		t.Run(fmt.Sprint(tc.n), func(t *testing.T) {
			urls := urlsN(tc.n)
			docs, err := files(base, slices.Values(urls), lim)
			if err != nil {
				t.Fatal(err)
			}
			if have := check(t, base, urls, lim, docs); have != tc.parts {
				t.Errorf("%d URLs, at most %d a file: have %d parts, want %d", tc.n, L, have, tc.parts)
			}
			again, _ := files(base, slices.Values(urls), lim)
			if !slices.EqualFunc(docs, again, func(a, b Doc) bool { return a.Name == b.Name && bytes.Equal(a.Data, b.Data) }) {
				t.Error("a second run wrote other files")
			}
		})
	}
}

// TestSplitProtocol checks the protocol's own limit, once.
func TestSplitProtocol(t *testing.T) {
	for _, tc := range []struct{ n, parts int }{{MaxURLs, 0}, {MaxURLs + 1, 2}} {
		urls := urlsN(tc.n)
		docs, err := Files(base, urls)
		if err != nil {
			t.Fatal(err)
		}
		if have := check(t, base, urls, limits{urls: MaxURLs, bytes: MaxBytes, sitemaps: MaxURLs}, docs); have != tc.parts {
			t.Errorf("%d URLs: have %d parts, want %d", tc.n, have, tc.parts)
		}
	}
}

// TestSplitBytes checks that a part ends before it would pass the byte limit,
// and may reach it exactly.
func TestSplitBytes(t *testing.T) {
	urls := make([]URL, 7)
	for i := range urls {
		urls[i] = URL{Loc: fmt.Sprintf("%s%s/%d/", base, strings.Repeat("long&", 100), i), LastMod: "2025-06-30"}
	}
	var entry bytes.Buffer
	writeURL(&entry, urls[0])
	fixed := len(open) + len(end)
	for _, tc := range []struct {
		bytes, parts int
	}{
		{fixed + 7*entry.Len(), 0},
		{fixed + 7*entry.Len() - 1, 2}, // 6 and 1
		{fixed + 2*entry.Len(), 4},
		{fixed + 2*entry.Len() - 1, 7},
		{fixed + entry.Len(), 7},
	} {
		lim := limits{urls: 100, bytes: tc.bytes, sitemaps: 100}
		docs, err := files(base, slices.Values(urls), lim)
		if err != nil {
			t.Fatalf("at most %d bytes: %v", tc.bytes, err)
		}
		if have := check(t, base, urls, lim, docs); have != tc.parts {
			t.Errorf("at most %d bytes (%d for each URL): have %d parts, want %d", tc.bytes, entry.Len(), have, tc.parts)
		}
	}
}

// TestSplitLastMod checks each part's lastmod when the forms differ and
// text order is not time order.
func TestSplitLastMod(t *testing.T) {
	urls := []URL{
		{Loc: base + "1", LastMod: "2024-03-01"},
		{Loc: base + "2"},
		{Loc: base + "3", LastMod: "2024-02-15"},

		{Loc: base + "4"},
		{Loc: base + "5"},
		{Loc: base + "6"},

		{Loc: base + "7", LastMod: "2024-05-01T23:30:00-02:00"}, // 01:30 UTC on the 2nd
		{Loc: base + "8", LastMod: "2024-05-02T01:00:00Z"},
		{Loc: base + "9", LastMod: "2024-05"},

		{Loc: base + "10", LastMod: "2023"},
		{Loc: base + "11", LastMod: "2023-01"}, // the same start, more precise
		{Loc: base + "12", LastMod: "2022-12-31T23:59:59.999Z"},
	}
	docs, err := files(base, slices.Values(urls), limits{urls: 3, bytes: MaxBytes, sitemaps: 4})
	if err != nil {
		t.Fatal(err)
	}
	var index indexIn
	if err := xml.Unmarshal(docs[0].Data, &index); err != nil {
		t.Fatal(err)
	}
	var have []string
	for _, s := range index.Sitemaps {
		have = append(have, s.LastMod)
	}
	want := []string{"2024-03-01", "", "2024-05-01T23:30:00-02:00", "2023-01"}
	if !slices.Equal(have, want) {
		t.Errorf("lastmods in the index:\nhave %q\nwant %q", have, want)
	}
	if bytes.Contains(docs[0].Data, []byte("sitemap-2.xml</loc><lastmod>")) {
		t.Errorf("a part without lastmods has an empty lastmod:\n%s", docs[0].Data)
	}
}

// TestGolden keeps a small split sitemap, whole, in testdata/split.golden;
// run "go test ./internal/sitemap -update" to accept a change.
func TestGolden(t *testing.T) {
	const golden = "testdata/split.golden"
	urls := []URL{
		{Loc: base, LastMod: "2026-01-06"},
		{Loc: base + "briefs/a&b/", LastMod: "2025-12-01"},
		{Loc: base + "timeline/"},
	}
	docs, err := files("https://example.org/a&b/", slices.Values(urls), limits{urls: 2, bytes: MaxBytes, sitemaps: 2})
	if err != nil {
		t.Fatal(err)
	}
	var have bytes.Buffer
	for _, d := range docs {
		fmt.Fprintf(&have, "-- %s --\n%s\n", d.Name, d.Data)
	}
	if *update {
		if err := os.WriteFile(golden, have.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if !bytes.Equal(have.Bytes(), want) {
		os.WriteFile(golden+".have", have.Bytes(), 0o644)
		t.Errorf("the files differ from %s; see %s.have (run with -update to accept)", golden, golden)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		base string
		urls []URL
		max  limits
		want []string // in the error, each
	}{
		{"lastmods", base, []URL{{Loc: base + "a", LastMod: "yesterday"}, {Loc: base + "b", LastMod: "2024-01-01"}, {Loc: base + "c", LastMod: "2024-01-01T10:00:00"}}, limits{10, MaxBytes, 10},
			[]string{`url 1 (https://example.org/briefing/a): lastmod "yesterday" is not a W3C datetime`, `url 3 (https://example.org/briefing/c): lastmod "2024-01-01T10:00:00"`}},
		{"too large", base, []URL{{Loc: base + "a"}, {Loc: base + strings.Repeat("b", 200)}}, limits{10, 200, 10},
			[]string{"url 2 (https://example.org/briefing/bbb", "too large for a sitemap file of at most 200"}},
		{"relative base", "/briefing/", urlsN(3), limits{2, MaxBytes, 2}, []string{`"/briefing/" is not absolute`}},
		{"no slash", "https://example.org/briefing", urlsN(3), limits{2, MaxBytes, 2}, []string{`does not end in "/"`}},
		{"too many parts", base, urlsN(7), limits{2, MaxBytes, 2}, []string{"7 URLs need 4 sitemap files; an index names at most 2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			docs, err := files(tc.base, slices.Values(tc.urls), tc.max)
			if err == nil {
				t.Fatalf("no error; files %v", names(docs))
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nwant it to say %q", err, w)
				}
			}
		})
	}
	// A base is only needed to name parts.
	if _, err := files("", slices.Values(urlsN(2)), limits{2, MaxBytes, 2}); err != nil {
		t.Errorf("one file, no base: %v", err)
	}
}

func TestLastModOrder(t *testing.T) {
	for _, tc := range []struct {
		a, b  string
		after bool
	}{
		{"2024-01-02", "2024-01-01", true},
		{"2024-01-01", "2024-01-02", false},
		{"2024-01-01", "2024-01-01", false},
		{"2024-01", "2024", true},
		{"2024", "2024-01", false},
		{"2024", "2023-12-31", true},
		{"2024-01-01", "", true},
		{"", "2024-01-01", false},
		{"0000", "", true},
		{"2024-05-01T23:30:00-02:00", "2024-05-02T01:00:00Z", true},
		{"2024-05-02T01:30Z", "2024-05-02T01:30:00Z", false},
		{"2024-05-02T01:30:00.001Z", "2024-05-02T01:30:00Z", true},
	} {
		a, err := parseLastMod(tc.a)
		if err != nil {
			t.Fatal(err)
		}
		b, err := parseLastMod(tc.b)
		if err != nil {
			t.Fatal(err)
		}
		if have := a.after(b); have != tc.after {
			t.Errorf("%q after %q: have %v, want %v", tc.a, tc.b, have, tc.after)
		}
	}
}

func TestRobotsTxt(t *testing.T) {
	want := "User-agent: *\nAllow: /\n\nSitemap: https://example.org/briefing/sitemap.xml\n"
	if have := string(RobotsTxt(base)); have != want {
		t.Errorf("have %q\nwant %q", have, want)
	}
}
