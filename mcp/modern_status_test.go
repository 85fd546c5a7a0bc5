package mcp

import "testing"

// modernStatus reads only what follows the id, so a result that mentions
// "error" anywhere, or an id that looks like one, never changes the status.
func TestModernStatus(t *testing.T) {
	for _, c := range []struct {
		res  []byte
		want int
	}{
		{appendResult(nil, []byte(`7`), []byte(`{"content":[{"type":"text","text":"{\"error\":{\"code\":-32601}}"}]}`)), 200},
		{appendResult(nil, []byte(`"x\",\"error\":{\"code\":-32601}"`), []byte(`{}`)), 200},
		{appendError(nil, []byte(`1`), errf(CodeMethodNotFound, "no")), 404},
		{appendError(nil, []byte(`"a"`), errf(CodeInvalidParams, "bad")), 400},
		{appendError(nil, nil, errf(CodeUnsupportedProtocolVersion, "v")), 400},
		{appendError(nil, []byte(`2`), errf(CodeInternalError, "boom")), 200},
	} {
		if got := modernStatus(c.res); got != c.want {
			t.Errorf("%s: %d, want %d", c.res, got, c.want)
		}
	}
}
