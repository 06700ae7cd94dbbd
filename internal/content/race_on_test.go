//go:build race

package content

// race says whether the race detector is on; it slows rendering tenfold.
const race = true
