package build

import "testing"

func TestMinify(t *testing.T) {
	m := newMinifier()
	for _, tc := range []struct{ ext, in, want string }{
		{".html", "<!DOCTYPE html>\n<html lang=\"en\">\n<head><title> T </title></head>\n<body>\n  <p>a   b</p>\n</body>\n</html>\n", `<!doctype html><html lang="en"><head><title>T</title></head><body><p>a b</p></body></html>`},
		{".css", "body {\n  color: #ffffff;\n}\n", "body{color:#fff}"},
		{".svg", "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <rect width=\"10\" height=\"10\"/>\n</svg>\n", `<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>`},
		{".json", "{ \"a\": [1, 2] }\n", `{"a":[1,2]}`},
		{".js", "function f(a) {\n  return a + 1;\n}\n", "function f(e){return e+1}"},
		{".txt", "  as it is  ", "  as it is  "},
	} {
		have, err := m.minify(tc.ext, []byte(tc.in))
		if err != nil {
			t.Errorf("%s: %v", tc.ext, err)
		} else if string(have) != tc.want {
			t.Errorf("%s:\nhave %s\nwant %s", tc.ext, have, tc.want)
		}
	}
}
