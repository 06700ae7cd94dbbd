package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// brief is the file of brief i: front matter, then about 700 words of
// Markdown. hugo writes the front matter Hugo's way (see WriteHugo); the body
// is the same.
func (g *gen) brief(i int, hugo bool) []byte {
	m := &g.briefs[i]
	rng := rand.New(rand.NewPCG(g.cfg.Seed, uint64(i)+1<<32))
	c0, c1 := &g.countries[m.countries[0]], &g.countries[m.countries[1]]
	var b strings.Builder
	b.Grow(6 << 10)

	b.WriteString("+++\n")
	fmt.Fprintf(&b, "title     = %s\ndate      = %s\nsummary   = %s\ncountries = [%s]\n",
		tomlString(m.title), m.date.Format("2006-01-02"), tomlString(m.summary), strings.Join(distinct([]string{tomlString(c0.code), tomlString(c1.code)}), ", "))
	if hugo {
		fmt.Fprintf(&b, "tags      = [%s]\nslug      = %s\n", tomlString(m.tag), tomlString(m.slug))
	} else {
		fmt.Fprintf(&b, "sources   = [%s]\n", tomlString(g.sources[m.source].id))
	}
	b.WriteString("+++\n\n")

	// The lede names both countries and an earlier brief.
	fmt.Fprintf(&b, "[%s](/countries/%s/) %s [%s](/countries/%s/). %s %s See also [%s](%s).\n\n",
		c0.name, c0.slug, pick(rng, joins), c1.name, c1.slug,
		capitalize(sentence(rng, 16)), capitalize(sentence(rng, 18)), g.otherBrief(rng, i).title, g.otherBrief(rng, i).url())

	b.WriteString("## What was said\n\n")
	b.WriteString(paragraph(rng, 5))
	fmt.Fprintf(&b, "> %s\n>\n> — %s %s, %s\n\n", capitalize(sentence(rng, 24)), pick(rng, firstNames), pick(rng, lastNames), pick(rng, offices))
	b.WriteString(paragraph(rng, 4))

	b.WriteString("## Who pledged what\n\n| Country | Commitment | Status |\n|---|---|---|\n")
	for _, ci := range m.countries {
		c := &g.countries[ci]
		for k, pi := range c.pledges {
			if k == 2 {
				break
			}
			p := &g.pledges[pi]
			fmt.Fprintf(&b, "| [%s](/countries/%s/) | [%s](/countries/%s/#pledge-%s) | %s |\n", c.name, c.slug, categoryLabel[p.category], c.slug, p.id, statusLabel[p.status])
		}
	}
	b.WriteString("\n")
	b.WriteString(paragraph(rng, 4))

	b.WriteString("## Key points\n\n")
	for k := range 5 {
		switch k {
		case 1:
			c := &g.countries[1+rng.IntN(len(g.countries)-1)]
			fmt.Fprintf(&b, "- [%s](/countries/%s/) %s\n", c.name, c.slug, sentence(rng, 14))
		case 3:
			o := g.otherBrief(rng, i)
			fmt.Fprintf(&b, "- %s, as [an earlier brief](%s) reported.\n", strings.TrimSuffix(capitalize(sentence(rng, 12)), "."), o.url())
		default:
			fmt.Fprintf(&b, "- %s\n", capitalize(sentence(rng, 14)))
		}
	}
	b.WriteString("\n")

	b.WriteString("## Background\n\n")
	b.WriteString(paragraph(rng, 5))
	fmt.Fprintf(&b, "%s The [timeline](/timeline/) places this brief among the events, and [the matrix](/matrix/) shows every pledge.\n\n", capitalize(sentence(rng, 18)))
	if i%5 == 0 {
		fmt.Fprintf(&b, "%s[^1]\n\n", capitalize(sentence(rng, 15)))
	}

	b.WriteString("## What comes next\n\n")
	for k := range 3 {
		fmt.Fprintf(&b, "%d. %s\n", k+1, capitalize(sentence(rng, 13)))
	}
	b.WriteString("\n")
	b.WriteString(paragraph(rng, 4))
	if i%10 == 0 {
		fmt.Fprintf(&b, "Back to [what was said](#h-what-was-said).\n\n")
	}
	if i%5 == 0 {
		fmt.Fprintf(&b, "[^1]: %s\n", capitalize(sentence(rng, 10)))
	}
	return []byte(b.String())
}

// otherBrief is a brief other than i, or i itself when it is the only one.
func (g *gen) otherBrief(rng *rand.Rand, i int) *briefMeta {
	j := rng.IntN(len(g.briefs))
	if j == i && len(g.briefs) > 1 {
		j = (j + 1) % len(g.briefs)
	}
	return &g.briefs[j]
}

// paragraph is n sentences and a blank line.
func paragraph(rng *rand.Rand, n int) string {
	var b strings.Builder
	for k := range n {
		if k > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(capitalize(sentence(rng, 12+rng.IntN(14))))
	}
	b.WriteString("\n\n")
	return b.String()
}
