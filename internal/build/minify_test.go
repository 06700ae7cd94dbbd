package build

import (
	"bytes"
	"strings"
	"testing"
)

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

// TestTextRefs checks that replacing the references in text before
// minifying changes nothing the minifier writes, and leaves it none to
// replace: no text whose cost grows with the square of its length.
func TestTextRefs(t *testing.T) {
	m := newMinifier()
	text := `a &amp; b &amp;c &amp;#1 &gt; &quot; &#34; &#x22; &#39; &hellip; &laquo; &lt; &copy; &amp;amp; &nosuch; &#1234567; & &`
	for _, tc := range []struct{ ext, in string }{
		{".html", "<!doctype html><html><head><title>T &amp; &gt;</title><script>let a = '&gt;'</script></head><body><p>" + text + "</p>" +
			`<p title="&quot; > &gt; &quot;" data-x='&quot; > "'>` + text + `</p><pre>&gt; &quot; &amp; </pre><PRE>&gt;</PRE><textarea>&gt;</textarea>` +
			`<svg><text>&gt;</text></svg><!-- &gt; --><p>a < b &gt; c</p><style>p::after{content:"&gt;"}</style></body></html>`},
		{".xml", `<?xml version="1.0"?><feed a="&#34;&quot;>"><t>` + text + `</t><c><![CDATA[&#34;]]></c><!-- &#34; --><s>&#xA;&#34;&#39;&#x9;</s></feed>`},
	} {
		want := bytes.Buffer{}
		if err := m.m.Minify(minified[tc.ext], &want, strings.NewReader(tc.in)); err != nil {
			t.Fatal(err)
		}
		have, err := m.minify(tc.ext, []byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		if string(have) != want.String() {
			t.Errorf("%s: replacing references first changed the minified file:\nhave %s\nwant %s", tc.ext, have, want.String())
		}
		refs := textRefs[minified[tc.ext]]
		once := refs.replace(nil, []byte(tc.in))
		if twice := refs.replace(nil, once); !bytes.Equal(once, twice) {
			t.Errorf("%s: references are left for the minifier to replace:\nonce  %s\ntwice %s", tc.ext, once, twice)
		}
	}
}
