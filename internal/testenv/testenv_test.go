package testenv

import "testing"

func TestScale(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  int
	}{{"", 3}, {"0", 3}, {"1", 30}, {"true", 30}} {
		t.Setenv(LongVar, tc.value)
		if have := Scale(3, 30); have != tc.want {
			t.Errorf("%s=%q: Scale(3, 30) = %d, want %d", LongVar, tc.value, have, tc.want)
		}
	}
}

func TestArtefacts(t *testing.T) {
	t.Setenv("BRIEFING_ARTEFACTS", "")
	if dir := Artefacts(t, "x"); dir != "" {
		t.Errorf("without BRIEFING_ARTEFACTS: %q, want nothing kept", dir)
	}
	root := t.TempDir()
	t.Setenv("BRIEFING_ARTEFACTS", root)
	if dir := Artefacts(t, "shots"); dir != root+"/shots" {
		t.Errorf("Artefacts = %q, want %s/shots", dir, root)
	}
}

func TestStalled(t *testing.T) {
	if _, ok := t.Deadline(); !ok {
		if Stalled(t) != nil {
			t.Errorf("without a deadline, Stalled should never receive")
		}
		return
	}
	select {
	case <-Stalled(t):
		t.Errorf("Stalled received long before the run's deadline")
	default:
	}
}
