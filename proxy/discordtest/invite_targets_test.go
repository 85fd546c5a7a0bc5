package discordtest

import "testing"

// TestParseTargetUsers: the emulator reads an uploaded target-users CSV as
// Discord documents it, and refuses (50035) files with a row that is no id,
// no ids at all, or broken CSV, rather than keep part of a list.
func TestParseTargetUsers(t *testing.T) {
	t.Parallel()
	got, err := parseTargetUsers([]byte("Users\n779413251686531072\n584712821145731072\n"))
	if err != nil || len(got) != 2 || got[0] != HumanUserID || got[1] != OwnerUserID {
		t.Fatalf("a header and two ids: %v, %v", got, err)
	}
	for _, bad := range []string{"", "Users\n", "Users\n1\nx\n", "\"open\n"} {
		if got, err := parseTargetUsers([]byte(bad)); err == nil || err.code != CodeInvalidFormBody || got != nil {
			t.Errorf("%q: %v, %v; want a form error", bad, got, err)
		}
	}
}
