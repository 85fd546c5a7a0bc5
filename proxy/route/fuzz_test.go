package route

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics, that what it accepts is already
// normal (parsing the normalised path again gives the same route), and that
// every string it returns is a substring of its input or a constant.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"/api/v10/channels/123/messages",
		"/channels/123/456",
		"/channels/1/messages/2/reactions/%F0%9F%91%8D/@me",
		"/webhooks/5/tok/messages/@original",
		"/interactions/7/tok/callback",
		"/guilds/1/scheduled-events/2/3/users",
		"/channels/1/%2e%2e/2",
		"/channels//1",
		"/api/v",
		"/channels/1/%F0%9F",
		"/a/b/c/d/e/f/g/h/i/j/k/l/m/n",
	} {
		f.Add("GET", s)
		f.Add("DELETE", s)
	}
	f.Fuzz(func(t *testing.T, method, path string) {
		r, err := Parse(method, path)
		if err != nil {
			if !errors.Is(err, ErrUnsafePath) && !errors.Is(err, ErrMethod) && !errors.Is(err, ErrPathTooLong) {
				t.Fatalf("Parse(%q, %q): untyped error %v", method, path, err)
			}
			_ = err.Error()
			return
		}
		if !strings.HasSuffix(path, r.Path) || r.Path == "" || r.Path[0] != '/' {
			t.Fatalf("Parse(%q, %q).Path = %q", method, path, r.Path)
		}
		for i := 0; i < r.NParams; i++ {
			if !strings.Contains(r.Path, r.Params[i].Value) || r.Params[i].Value == "" {
				t.Fatalf("Parse(%q, %q): param %+v not in path", method, path, r.Params[i])
			}
		}
		if r.MajorID != "" && r.Param(r.Params[0].Name) != r.MajorID {
			t.Fatalf("Parse(%q, %q): MajorID %q is not the first param", method, path, r.MajorID)
		}
		k := r.Key()
		if k.Method == "" || k.Template == "" || !strings.Contains(r.Path, k.Major) {
			t.Fatalf("Parse(%q, %q).Key() = %+v", method, path, k)
		}
		if r.Known && strings.HasPrefix(r.Path, "/api") && r.Path != path {
			// /api/api/... is not a prefix we strip twice; fine, but never Known.
			t.Fatalf("Parse(%q, %q): Known with /api left in %q", method, path, r.Path)
		}
		again, err := Parse(method, r.Path)
		if err != nil && !strings.HasPrefix(r.Path, "/api") {
			t.Fatalf("Parse(%q, %q) ok, but its Path %q: %v", method, path, r.Path, err)
		}
		if err == nil && (again.Template != r.Template || again.Known != r.Known) && !strings.HasPrefix(r.Path, "/api") {
			t.Fatalf("Parse(%q, %q) not idempotent: %+v vs %+v", method, path, r, again)
		}
	})
}
