package main

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// headerScript measures the site header: its height, and how many rows the
// navigation's links and the brand take.
const headerScript = `(() => {
	const header = document.querySelector(".site-header").getBoundingClientRect();
	const brand = document.querySelector(".site-header .brand").getBoundingClientRect();
	const tops = [...document.querySelectorAll(".site-header nav li")].map(li => Math.round(li.getBoundingClientRect().top));
	return {height: header.height, navRows: new Set(tops).size, besideBrand: Math.min(...tops) < brand.bottom};
})()`

// maxPhoneHeader is the most of a 390-px-wide phone screen the header may
// take (issue 14: it once took 170 px before the first fact). Today's is
// 173 px: the brand on two lines, the navigation on two rows.
const maxPhoneHeader = 175

// TestHeaderFits: every link of the navigation, the map's among them, fits
// the header without making it taller: on a phone (390 px) the links take at
// most two rows and the header at most maxPhoneHeader px; at 1280 px the
// brand and the links share one row. Pages whose own link is bold are
// measured too, since bold text is wider.
func TestHeaderFits(t *testing.T) {
	t.Parallel()
	tab := browser.Tab(t)
	_, base := serveBuilt(t)
	type header struct {
		Height      float64
		NavRows     int
		BesideBrand bool
	}
	for _, page := range []string{"index.html", "map/index.html", "countries/index.html", "timeline/index.html"} {
		for _, width := range []int64{390, 1280} {
			ctx, cancel := context.WithTimeout(tab, 30*time.Second)
			err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 844), chromedp.Navigate(base+page))
			var h header
			if err == nil {
				h, err = chromedp.Run(ctx, chromedp.Evaluate[header](headerScript))
			}
			cancel()
			if err != nil {
				t.Fatalf("%s at %d px: %v", page, width, err)
			}
			switch {
			case width == 390 && (h.NavRows > 2 || h.Height > maxPhoneHeader):
				t.Errorf("%s at 390 px: the header is %.0f px tall with the links in %d rows, want at most %d px and 2 rows", page, h.Height, h.NavRows, maxPhoneHeader)
			case width == 1280 && (h.NavRows != 1 || !h.BesideBrand):
				t.Errorf("%s at 1280 px: the links are not in one row beside the brand (rows of links: %d; beside the brand: %v)", page, h.NavRows, h.BesideBrand)
			}
		}
	}
}
