package tools

import (
	"errors"
	"fmt"
	"strings"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// errBadSpec marks a catalog row that cannot be served; New refuses the
// whole catalog, so a broken row fails at start, not when a model calls it.
var errBadSpec = errors.New("malformed tool row")

func badSpec(format string, v ...any) error {
	return fmt.Errorf("%w: %s", errBadSpec, fmt.Sprintf(format, v...))
}

// check verifies a row against itself and against proxy/route: every
// step is a published route, every placeholder has its parameter, and the
// row has a toolset, an example, annotations and output fields.
func (s *spec) check() error {
	if s.local {
		return s.checkLocal()
	}
	if s.name == "" || s.desc == "" || s.method == "" || s.path == "" {
		return badSpec("name, description, method and path are required")
	}
	if s.toolset == "" || !knownToolset(s.toolset) {
		return badSpec("toolset %q is not one of the catalog's toolsets", s.toolset)
	}
	if s.ann.Title == "" || s.ann.ReadOnlyHint && s.ann.DestructiveHint {
		return badSpec("annotations need a title, and cannot be both read-only and destructive")
	}
	if len(s.examples) == 0 {
		return badSpec("no example")
	}
	if len(s.out) == 0 && len(s.outExtra) == 0 {
		return badSpec("no output fields")
	}
	for _, st := range append([]step{{s.method, s.path}}, s.more...) {
		if st.method == anyMethod && s.run != nil && s.needs.privileged {
			continue // the raw tool: policy judges each request it is given
		}
		if !route.Known(st.method, st.path) {
			return badSpec("%s %s is not a published route (proxy/route)", st.method, st.path)
		}
	}
	if s.run == nil && len(s.more) > 0 {
		return badSpec("further steps without a run to send them")
	}
	if err := s.checkParams(); err != nil {
		return err
	}
	for _, f := range s.out {
		if f.src == "" && s.run == nil {
			return badSpec("output field %s has no source and the tool no run to fill it", f.name)
		}
	}
	if err := checkFields(s.out); err != nil {
		return err
	}
	return checkFields(s.outExtra)
}

func (s *spec) checkParams() error {
	for _, p := range s.params {
		if p.typ == nil {
			return badSpec("parameter %s has no type", p.name)
		}
		if p.in == inPath && !strings.Contains(s.path, "{"+p.pathKey()+"}") {
			return badSpec("path parameter %s is not in %s", p.name, s.path)
		}
		if it, ok := p.typ.(intT); ok && it.max < it.min {
			return badSpec("parameter %s: max below min", p.name)
		}
	}
	for _, group := range append([][]string{s.oneOf, s.exactlyOne}, s.exclusive...) {
		for _, n := range group {
			if s.param(n) == nil {
				return badSpec("rule names %s, which is not a parameter", n)
			}
		}
	}
	for rest := s.path; ; {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			return nil
		}
		j := strings.IndexByte(rest[i:], '}')
		name := rest[i+1 : i+j]
		if p := s.pathParam(name); p == nil || (!p.required && p.current == "") {
			return badSpec("placeholder {%s} has no required path parameter", name)
		}
		rest = rest[i+j:]
	}
}

func checkFields(fs []field) error {
	for _, f := range fs {
		switch f.typ {
		case oString, oInt, oBool:
		case oArray:
			if err := checkFields(f.items); err != nil {
				return err
			}
		default:
			return badSpec("output field %s has unknown type %q", f.name, f.typ)
		}
	}
	return nil
}

// pathKey is the placeholder a path parameter fills.
func (p *param) pathKey() string {
	if p.key != "" {
		return p.key
	}
	return p.name
}

// pathParam is the path parameter filling placeholder ph, or nil.
func (s *spec) pathParam(ph string) *param {
	for i := range s.params {
		if p := &s.params[i]; p.in == inPath && p.pathKey() == ph {
			return p
		}
	}
	return nil
}
