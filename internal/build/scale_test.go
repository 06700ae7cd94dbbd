package build

import (
	"strings"
	"testing"

	"github.com/briefing/briefing/internal/linkcheck"
	"github.com/briefing/briefing/internal/site"
	"github.com/briefing/briefing/internal/synth"
	"github.com/briefing/briefing/internal/testsite"
)

// TestLongListsStayLight builds a site past every threshold of site/lists.go
// and checks that the pages that would grow with the square of the content
// (a snapshot per day with every pledge, a pledge page with every brief about
// its country, one page of every change) are split or summed up, and that
// every link of every page still leads somewhere.
func TestLongListsStayLight(t *testing.T) {
	fsys, err := testsite.Synth(synth.Config{Briefs: 400, Countries: 20, Pledges: 2 * site.CompactAt, Events: -1, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	out := memory{}
	sum, err := Run(fsys, Options{Theme: theme}, out)
	if err != nil {
		t.Fatal(err)
	}
	links := linkcheck.NewChecker()
	for name, data := range out {
		links.Add(name, data)
	}
	for _, b := range links.Broken("/briefing/") { // synth's base_url
		t.Error(b)
	}

	if sum.Pages["changes"] < 3 {
		t.Errorf("%d changes pages: the changes were not split by month", sum.Pages["changes"])
	}
	index := string(out["changes/index.html"])
	if strings.Contains(index, `class="entries changes"`) || !strings.Contains(index, "changes/20") {
		t.Errorf("the changes index lists changes instead of linking to months")
	}

	// A snapshot shows the rows of the day's countries only, in compact cells.
	snapshots := 0
	for name, f := range out {
		if !strings.HasPrefix(name, "matrix/20") {
			continue
		}
		snapshots++
		page := string(f)
		rows := strings.Count(page, `<th scope="row">`) - 1 // the totals row
		changed := strings.Count(page, `<li><a href="../../pledges/`)
		if rows < 1 || rows > changed {
			t.Errorf("%s: %d rows for %d changes that day", name, rows, changed)
		}
		if !strings.Contains(page, "Their countries that evening") {
			t.Errorf("%s: not marked as showing only that day's countries", name)
		}
	}
	if snapshots != sum.Pages["snapshot"] || snapshots == 0 {
		t.Errorf("%d snapshot files for %d snapshot pages", snapshots, sum.Pages["snapshot"])
	}

	// The matrix sums up its cells: no cell lists more than one pledge.
	matrix := string(out["matrix/index.html"])
	if !strings.Contains(matrix, " pledges</span>") {
		t.Errorf("the matrix of %d pledges is not compact", 2*site.CompactAt)
	}

	// A pledge page lists the latest briefs about its country and links to the rest.
	longest := 0
	for name, f := range out {
		if strings.HasPrefix(name, "pledges/") {
			briefs := strings.Count(string(f), `<li><a href="../../briefs/`) - strings.Count(string(f), `<li><a href="../../briefs/index.html"`) // not the menu
			longest = max(longest, briefs)
			if strings.Contains(string(f), "Latest briefs about") && !strings.Contains(string(f), `#briefs">All `) {
				t.Errorf("%s: lists some briefs without a link to all", name)
			}
		}
	}
	if longest != site.LatestBriefs {
		t.Errorf("the longest pledge page lists %d briefs, want the latest %d", longest, site.LatestBriefs)
	}
}
