package synth

// The vocabularies the prose is drawn from.

var (
	namePrefix = []string{"Al", "Bel", "Cor", "Dar", "El", "Fen", "Gal", "Har", "Il", "Jor", "Kas", "Lur", "Mor", "Nor", "Ost", "Pal", "Quen", "Ros", "Sar", "Tal", "Ur", "Val", "Wes", "Xan", "Yor", "Zem"}
	nameMiddle = []string{"a", "e", "i", "o", "u", "ar", "en", "or", "is", "ev"}
	nameSuffix = []string{"ia", "land", "stan", "ova", "ania", "ica", "onia", "mark", "ay", "enburg"}

	categories       = []string{"monitoring", "ground-forces", "hubs", "support", "arming", "coordination", "political"}
	weightedStatuses = []string{"declined", "considering", "considering", "announced", "announced", "announced", "announced", "delivered", "delivered", "withdrawn"}
	categoryLabel    = map[string]string{"monitoring": "Ceasefire monitoring", "ground-forces": "Ground forces", "hubs": "Military hubs", "support": "Air, sea and logistics", "arming": "Arming and training", "coordination": "Coordination", "political": "Political commitment"}
	statusLabel      = map[string]string{"declined": "Declined", "considering": "Under consideration", "announced": "Announced", "delivered": "Delivered", "withdrawn": "Withdrawn"}

	publishers = []string{"The Daily Record", "Evening Standard Wire", "Continental Press", "The Policy Review", "North Sea Times", "Defence Weekly"}
	titles     = []string{
		"%s and the question of %s",
		"What %s said about %s",
		"%s moves on %s",
		"%s: where %s stands",
		"After the summit, %s weighs %s",
	}
	topics = []string{"ceasefire monitoring", "ground forces", "air policing", "naval support", "training missions", "military hubs", "financing the army", "the declaration of intent", "a multinational force", "security guarantees", "border observers", "reconstruction"}

	subjects = []string{"the coalition", "officials", "the government", "the defence ministry", "the foreign minister", "diplomats", "the summit", "the report", "the declaration", "the envoys", "military planners", "the parliament", "analysts", "the prime minister", "the president"}
	verbs    = []string{"said that", "confirmed", "announced", "signalled", "declined to say whether", "agreed on", "warned about", "proposed", "set out", "welcomed", "questioned", "reviewed", "promised", "described", "outlined"}
	joins    = []string{"met with", "spoke with", "signed a text with", "disagreed with", "joined"}
	clauses  = []string{"according to the report", "without giving a date", "if a ceasefire holds", "subject to a vote in parliament", "as the talks continued", "though no figure was given", "after weeks of talks", "in a joint statement"}
	words    = []string{
		"ceasefire", "monitoring", "mechanism", "troops", "deployment", "force", "multinational", "guarantees", "security", "coalition",
		"summit", "declaration", "intent", "framework", "drones", "sensors", "satellites", "hubs", "facilities", "weapons",
		"equipment", "training", "army", "financing", "support", "air", "naval", "logistics", "border", "observers",
		"territory", "commitment", "pledge", "parliament", "vote", "budget", "timeline", "mission", "mandate", "command",
		"headquarters", "liaison", "planning", "partners", "allies", "neighbours", "region", "capital", "front", "line",
		"the", "a", "of", "for", "with", "on", "in", "after", "before", "under",
		"new", "joint", "long-term", "limited", "full", "initial", "possible", "formal", "public", "final",
		"would", "could", "will", "may", "should", "first", "second", "several", "thousand", "hundred",
		"months", "weeks", "years", "days", "talks", "meeting", "statement", "report", "sources", "officials",
		"defence", "ministers", "leaders", "envoys", "generals", "experts", "negotiators", "delegations", "governments", "states",
	}

	firstNames = []string{"Anna", "Marek", "Sofia", "Jonas", "Elena", "Pieter", "Ingrid", "Tomas", "Lucia", "Henrik", "Maria", "Karol", "Ines", "Olaf", "Greta", "Luca"}
	lastNames  = []string{"Novak", "Berg", "Lindqvist", "Moreau", "Kowalski", "Rossi", "Janssen", "Horvat", "Fischer", "Petrov", "Costa", "Nielsen", "Varga", "Dumont", "Keller", "Ortega"}
	offices    = []string{"President", "Prime Minister", "Defence Minister", "Foreign Minister", "Chief of Defence", "Envoy"}
	conditions = []struct{ id, label string }{
		{"ceasefire", "after a ceasefire"}, {"vote", "subject to a parliamentary vote"}, {"un-mandate", "with a UN mandate"},
		{"us-backstop", "if the United States provides a backstop"}, {"framework", "within the coalition's framework"}, {"mandate", "once the force's mandate is agreed"},
	}
)
