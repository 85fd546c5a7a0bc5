package tools

import (
	"errors"
	"slices"
	"testing"
)

// TestTargetUserIDs: the CSV Discord answers is read into ids with or
// without a header; a row that is no id fails the whole read (no partial
// list), and the error names the row, not its text.
func TestTargetUserIDs(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, csv string
		want      []string
		badRow    int
	}{
		{name: "header and ids", csv: "Users\n779413251686531072\n584712821145731072\n", want: []string{"779413251686531072", "584712821145731072"}},
		{name: "no header, CRLF, extra column", csv: "779413251686531072,x\r\n584712821145731072\r\n", want: []string{"779413251686531072", "584712821145731072"}},
		{name: "header only", csv: "Users\n", want: []string{}},
		{name: "empty", csv: "", want: []string{}},
		{name: "a name among the ids", csv: "Users\n779413251686531072\n<@everyone>\n", badRow: 3},
		{name: "a negative id", csv: "779413251686531072\n-5\n", badRow: 2},
	} {
		got, err := targetUserIDs([]byte(c.csv))
		var re *csvRowError
		switch {
		case c.badRow != 0 && (!errors.As(err, &re) || re.row != c.badRow || got != nil):
			t.Errorf("%s: got %v, %v; want row %d refused", c.name, got, err, c.badRow)
		case c.badRow == 0 && (err != nil || !slices.Equal(got, c.want)):
			t.Errorf("%s: got %v, %v; want %v", c.name, got, err, c.want)
		}
	}
	if _, err := targetUserIDs([]byte("Users\n\"unterminated\n")); err == nil {
		t.Error("a broken quote was read as CSV")
	}
}
