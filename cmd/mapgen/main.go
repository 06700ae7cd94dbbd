// Command mapgen converts Natural Earth country outlines into the projected
// path file that package geomap embeds (internal/geomap/europe.txt). It is run
// by hand, once, and its output is committed; the build never runs it.
//
// Run it again only to change the geometry: the frame, the projection, the
// tolerance, the table of codes or the source data.
//
//	cd /tmp && mkdir -p wa && cd wa && npm init -y && npm install world-atlas@2.0.2
//	go run ./cmd/mapgen -in /tmp/wa/node_modules/world-atlas/countries-50m.json -out internal/geomap/europe.txt
//
// The input is countries-50m.json from the npm package world-atlas 2.0.2 (Mike
// Bostock's TopoJSON of Natural Earth 4.1.0, Admin 0 countries at 1:50m).
// Natural Earth is in the public domain; world-atlas is ISC-licensed and its
// files are Natural Earth's data. Neither the package nor the JSON is kept in
// the repository.
//
// The tool decodes the topology (quantized, delta-encoded arcs), projects
// every arc with a Lambert azimuthal equal-area projection centred on 15°E
// 52°N, simplifies each arc once with Douglas–Peucker (so neighbours keep
// one shared border, without gaps or slivers), joins arcs into rings, clips
// the rings to the frame (from west of Iceland to the Caspian, from the North
// Cape to the coast of Africa), rounds to whole units of the viewBox and drops
// islands too small to see. Countries are written sorted by code, one a line:
//
//	# comment
//	size 1000 800
//	FR M483 560l-3 4 ... z M...
//	US
//
// A code with no path is a country the site may list that lies off the map.
//
// Two departures from Natural Earth's de facto boundaries: Crimea, which
// Natural Earth draws as part of Russia, is joined to Ukraine, the border
// recognised by the UN General Assembly (resolution 68/262); Northern Cyprus,
// which has no ISO code, is joined to Cyprus. Kosovo, which has no ISO code
// either, is written as XK, the code the EU uses.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	in := flag.String("in", "", "world-atlas countries TopoJSON (countries-50m.json)")
	out := flag.String("out", "internal/geomap/europe.txt", "the path file to write")
	flag.Parse()
	if *in == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: mapgen -in countries-50m.json [-out internal/geomap/europe.txt]")
		os.Exit(2)
	}
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "mapgen:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	src, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	topo, err := decode(src)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	countries, err := convert(topo, europe)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	return os.WriteFile(out, format(countries, europe), 0o644)
}
