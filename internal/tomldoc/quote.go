package tomldoc

import (
	"fmt"
	"strings"
)

// Quote writes s as a TOML basic string, for tools that write TOML by hand
// (a new brief's front matter, a new dataset entry): quotes and
// backslashes escaped, line breaks and tabs as \n and \t, other control
// characters as \uXXXX, everything else as it is.
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
