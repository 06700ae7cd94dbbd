package synth

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

func (g *gen) siteTOML() []byte {
	return []byte(`title       = "Synthetic briefing"
description = "A generated briefing of ` + fmt.Sprint(g.cfg.Briefs) + ` briefs, for measuring how the build scales."
base_url    = "https://example.org/briefing/"
language    = "en"
publisher   = "The synthetic desk"
license     = "CC BY 4.0"
license_url = "https://creativecommons.org/licenses/by/4.0/"
`)
}

func (g *gen) about() []byte {
	rng := rand.New(rand.NewPCG(g.cfg.Seed, 0xab0))
	var b strings.Builder
	b.WriteString("+++\ntitle       = \"About this briefing\"\ndescription = \"How the synthetic briefing is made and sourced.\"\n+++\n\n")
	fmt.Fprintf(&b, "This briefing is generated. It has [%d briefs](/briefs/), [the countries](/countries/) and [a timeline](/timeline/).\n\n", g.cfg.Briefs)
	for range 3 {
		b.WriteString(paragraph(rng, 4))
	}
	b.WriteString("## Sources\n\n")
	b.WriteString(paragraph(rng, 3))
	return []byte(b.String())
}

const vocabulary = `[[status]]
id          = "declined"
label       = "Declined"
symbol      = "✕"
description = "The government has said it will not take part."

[[status]]
id          = "considering"
label       = "Under consideration"
symbol      = "?"
description = "The government is weighing it and has not decided."

[[status]]
id          = "announced"
label       = "Announced"
symbol      = "◐"
description = "Publicly stated by the government."

[[status]]
id          = "delivered"
label       = "Delivered"
symbol      = "●"
description = "Carried out."

[[status]]
id          = "withdrawn"
label       = "Withdrawn"
symbol      = "↺"
description = "Announced, then taken back."

[[category]]
id          = "monitoring"
label       = "Ceasefire monitoring"
description = "Watching a ceasefire hold: observers, drones, sensors, satellites."

[[category]]
id          = "ground-forces"
label       = "Ground forces"
description = "Troops deployed as part of a multinational force."

[[category]]
id          = "hubs"
label       = "Military hubs"
description = "Bases and protected facilities for weapons and equipment."

[[category]]
id          = "support"
label       = "Air, sea and logistics"
description = "Air policing, naval support and logistics."

[[category]]
id          = "arming"
label       = "Arming and training"
description = "Weapons, equipment and training for the armed forces."

[[category]]
id          = "coordination"
label       = "Coordination"
description = "Headquarters, liaison and planning."

[[category]]
id          = "political"
label       = "Political commitment"
description = "Declarations, statements and signatures."

[[role]]
id          = "lead"
label       = "Lead nation"
description = "Leads the multinational force."

[[role]]
id          = "backstop"
label       = "Backstop"
description = "Stands behind the guarantees without troops on the ground."

[[role]]
id          = "host"
part        = "beneficiary"
label       = "Host"
description = "The country the guarantees protect."

[[role]]
id          = "participant"
label       = "Participant"
description = "Takes part in the coalition's talks."

[[role]]
id          = "coalition"
part        = "group"
label       = "The coalition"
description = "The coalition as a whole."

[[role]]
id          = "non-member"
label       = "Non-member"
description = "Not part of the coalition."

[[location]]
id          = "inside"
label       = "Inside the country"
description = "Based on the protected country's territory."

[[location]]
id          = "outside"
label       = "From outside the country"
description = "Based in another country, e.g. a neighbouring state."
`

// conditionsTOML is the [[condition]] vocabulary the pledges draw from.
func conditionsTOML() string {
	var b strings.Builder
	for _, c := range conditions {
		fmt.Fprintf(&b, "\n[[condition]]\nid          = %s\nlabel       = %s\ndescription = %s\n", tomlString(c.id), tomlString(c.label), tomlString("Only "+c.label+", the government said."))
	}
	return b.String()
}

func (g *gen) sourcesTOML() []byte {
	var b strings.Builder
	for _, s := range g.sources {
		fmt.Fprintf(&b, "[[source]]\nid        = %s\ntitle     = %s\npublisher = %s\ndate      = %s\nurl       = %s\n\n",
			tomlString(s.id), tomlString(s.title), tomlString(s.publisher), s.date.Format("2006-01-02"), tomlString(s.url))
	}
	return []byte(b.String())
}

func (g *gen) countriesTOML() []byte {
	rng := rand.New(rand.NewPCG(g.cfg.Seed, 0xc0))
	var b strings.Builder
	for _, c := range g.countries {
		fmt.Fprintf(&b, "[[country]]\ncode    = %s\nname    = %s\nrole    = %s\n", tomlString(c.code), tomlString(c.name), tomlString(c.role))
		var leaders []string
		for range rng.IntN(3) {
			leaders = append(leaders, tomlString(pick(rng, firstNames)+" "+pick(rng, lastNames)+", "+pick(rng, offices)))
		}
		fmt.Fprintf(&b, "leaders = [%s]\nprofile = %s\n\n", strings.Join(leaders, ", "), tomlString(sentence(rng, 20)+" "+capitalize(sentence(rng, 16))))
	}
	return []byte(b.String())
}

func (g *gen) pledgesTOML() []byte {
	rng := rand.New(rand.NewPCG(g.cfg.Seed, 0x91))
	var b strings.Builder
	for _, p := range g.pledges {
		fmt.Fprintf(&b, "[[pledge]]\nid         = %s\ncountry    = %s\ncategory   = %s\nstatus     = %s\n",
			tomlString(p.id), tomlString(g.countries[p.country].code), tomlString(p.category), tomlString(p.status))
		if p.location != "" {
			fmt.Fprintf(&b, "location   = %s\n", tomlString(p.location))
		}
		fmt.Fprintf(&b, "date       = %s\nsummary    = %s\n", p.date.Format("2006-01-02"), tomlString(capitalize(sentence(rng, 18+rng.IntN(12)))))
		if n := rng.IntN(3); n > 0 {
			var conds []string
			for range n {
				conds = append(conds, tomlString(pick(rng, conditions).id))
			}
			fmt.Fprintf(&b, "conditions = [%s]\n", strings.Join(distinct(conds), ", "))
		}
		for range 1 + rng.IntN(2) {
			fmt.Fprintf(&b, "\n  [[pledge.source]]\n  ref     = %s\n  quote   = %s\n", tomlString(pick(rng, g.sources).id), tomlString(phrase(rng, 5+rng.IntN(8))))
			if rng.IntN(2) == 0 {
				fmt.Fprintf(&b, "  speaker = %s\n", tomlString(pick(rng, firstNames)+" "+pick(rng, lastNames)))
			}
		}
		// A quarter of the pledges later change status, once or twice.
		status, day := p.status, p.date
		for k := 0; k < 2 && rng.IntN(4) == 0; k++ {
			day = day.AddDate(0, 0, 1+rng.IntN(120))
			next := pick(rng, weightedStatuses)
			if day.After(lastDay) || next == status {
				break
			}
			status = next
			fmt.Fprintf(&b, "\n  [[pledge.history]]\n  date   = %s\n  status = %s\n  note   = %s\n\n    [[pledge.history.source]]\n    ref   = %s\n    quote = %s\n",
				day.Format("2006-01-02"), tomlString(status), tomlString(capitalize(sentence(rng, 12))), tomlString(pick(rng, g.sources).id), tomlString(phrase(rng, 6)))
		}
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

func (g *gen) eventsTOML() []byte {
	rng := rand.New(rand.NewPCG(g.cfg.Seed, 0xe7))
	var b strings.Builder
	for range g.cfg.Events {
		d := g.dayFrom(rng)
		date := d.Format("2006-01-02")
		switch rng.IntN(10) { // sources are sometimes vague
		case 0:
			date = `"` + d.Format("2006") + `"`
		case 1:
			date = `"` + d.Format("2006-01") + `"`
		}
		var codes []string
		for range 1 + rng.IntN(3) {
			codes = append(codes, tomlString(g.countries[rng.IntN(len(g.countries))].code))
		}
		fmt.Fprintf(&b, "[[event]]\ndate      = %s\ntitle     = %s\nsummary   = %s\ncountries = [%s]\n\n  [[event.source]]\n  ref   = %s\n",
			date, tomlString(capitalize(phrase(rng, 4+rng.IntN(5)))), tomlString(capitalize(sentence(rng, 20))), strings.Join(distinct(codes), ", "), tomlString(pick(rng, g.sources).id))
		if rng.IntN(2) == 0 {
			fmt.Fprintf(&b, "  quote = %s\n", tomlString(phrase(rng, 6)))
		}
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

func (g *gen) questionsTOML() []byte {
	rng := rand.New(rand.NewPCG(g.cfg.Seed, 0x9e))
	var b strings.Builder
	for i := range 5 {
		fmt.Fprintf(&b, "[[question]]\nid      = \"question-%d\"\ntitle   = %s\nsummary = %s\n\n  [[question.source]]\n  ref     = %s\n  quote   = %s\n  speaker = %s\n\n",
			i+1, tomlString(capitalize(phrase(rng, 5))+"?"), tomlString(capitalize(sentence(rng, 22))), tomlString(pick(rng, g.sources).id), tomlString(phrase(rng, 6)), tomlString(pick(rng, firstNames)+" "+pick(rng, lastNames)))
	}
	return []byte(b.String())
}

func (g *gen) dayFrom(rng *rand.Rand) time.Time {
	return firstDay.AddDate(0, 0, rng.IntN(int(lastDay.Sub(firstDay).Hours()/24)+1))
}

// distinct is vals without repeats, in order: the dataset refuses a value
// listed twice, and a random pick may draw one twice.
func distinct(vals []string) []string {
	var out []string
	for _, v := range vals {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
