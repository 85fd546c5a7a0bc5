package mcp

import (
	"errors"
	"testing"
)

// TestMalformedElicitAnswer: an answer that is not a valid elicitation
// result is ErrElicitationMalformed (and still ErrElicitationFailed).
func TestMalformedElicitAnswer(t *testing.T) {
	for _, raw := range []string{`[]`, `{"action":"yes"}`, `{"action":1}`, `{"action":"accept","content":"x"}`} {
		_, _, err := parseElicitAnswer([]byte(raw))
		if !errors.Is(err, ErrElicitationMalformed) || !errors.Is(err, ErrElicitationFailed) {
			t.Errorf("%s: %v", raw, err)
		}
	}
	if a, _, err := parseElicitAnswer([]byte(`{"action":"decline"}`)); err != nil || a != "decline" {
		t.Errorf("decline: %q %v", a, err)
	}
}
