package policy

import (
	"slices"
	"strings"
)

// hToolsets is the per-request toolset narrowing header.
const hToolsets = "X-Toolsets"

// maxToolsetName bounds one toolset name; real ones are a word or two.
const maxToolsetName = 64

// toolsetList is the toolsets a scope may use: any (the zero value), or
// exactly the sorted names listed. Shared slices are never mutated, so a
// Scope copy may share it.
type toolsetList struct {
	restricted bool
	names      []string
}

// readToolsets narrows s by every X-Toolsets value: a comma list of
// toolset names, or "*" for any. Policy does not know the catalog's
// toolsets: an unknown but well-formed name narrows to nothing.
func (s *Scope) readToolsets(vals []string) error {
	for _, v := range vals {
		names, bad := parseToolsets(nonEmpty(v))
		if bad != "" {
			return &HeaderError{hToolsets, bad}
		}
		s.narrowToolsets(names)
	}
	return nil
}

// parseToolsets reads "*" (nil: any) or a comma list of names made of
// lower-case letters, digits, '_' and '-'.
func parseToolsets(v string) ([]string, string) {
	if strings.TrimSpace(v) == "*" {
		return nil, ""
	}
	items, bad := splitItems(v)
	if bad != "" {
		return nil, bad
	}
	for _, it := range items {
		if !validToolsetName(it) {
			return nil, quote(it) + " is not a toolset name (lower-case letters, digits, '_' and '-', at most 64)"
		}
	}
	return items, ""
}

func validToolsetName(n string) bool {
	if n == "" || len(n) > maxToolsetName {
		return false
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// narrowToolsets intersects the scope's toolsets with list; nil or a list
// holding "*" leaves them as they are. Each X-Toolsets value narrows
// through it; the token's claim is applied beside it in AllowsToolset.
func (s *Scope) narrowToolsets(list []string) {
	if list == nil || slices.Contains(list, "*") {
		return
	}
	next := make([]string, 0, len(list))
	for _, n := range list {
		if !s.toolsets.restricted || slices.Contains(s.toolsets.names, n) {
			next = append(next, n)
		}
	}
	slices.Sort(next)
	s.toolsets = toolsetList{restricted: true, names: slices.Compact(next)}
}

// AllowsToolset reports whether the caller may use tools of the named
// toolset: X-Toolsets and the bearer token's toolsets claim (Toolsets)
// only narrow; absent means any.
func (s *Scope) AllowsToolset(name string) bool {
	if claim := s.who.toolsets; claim != nil && !slices.Contains(claim, "*") && !slices.Contains(claim, name) {
		return false
	}
	if !s.toolsets.restricted {
		return true
	}
	_, ok := slices.BinarySearch(s.toolsets.names, name)
	return ok
}
