package policy

import "strings"

// Path patterns (X-Allowed-Paths) are matched segment by segment against
// route.Path, which route has already normalised (no /api/vN prefix, no
// query, no trailing slash, no dot segments). A pattern segment is a literal
// (compared byte for byte: case-sensitive, so an odd case fails closed),
// "*" or "{name}" (exactly one segment) or "**" (zero or more segments, so
// "/guilds/1/**" also matches "/guilds/1").

type segKind uint8

const (
	segLit segKind = iota
	segOne
	segAny
)

type patSeg struct {
	kind segKind
	lit  string
}

type pattern []patSeg

// patternList matches when any of its patterns does.
type patternList []pattern

const maxPatternLen = 512

// parsePatterns reads "*" (any path: nil list) or a comma list of patterns.
func parsePatterns(v string) (patternList, string) {
	if strings.TrimSpace(v) == "*" {
		return nil, ""
	}
	items, bad := splitItems(v)
	if bad != "" {
		return nil, bad
	}
	out := make(patternList, 0, len(items))
	for _, it := range items {
		p, bad := parsePattern(it)
		if bad != "" {
			return nil, bad
		}
		out = append(out, p)
	}
	return out, ""
}

func parsePattern(v string) (pattern, string) {
	if len(v) > maxPatternLen {
		return nil, "pattern longer than 512 bytes"
	}
	if !strings.HasPrefix(v, "/") {
		return nil, quote(v) + " must start with /"
	}
	if strings.ContainsAny(v, "?#%\\ \t") {
		return nil, quote(v) + " may not contain ?, #, %, \\ or spaces: patterns match the decoded path without its query"
	}
	if v == "/api" || strings.HasPrefix(v, "/api/") {
		return nil, quote(v) + " starts with /api: patterns match the path after /api/v10"
	}
	// A trailing slash is dropped, as route drops it from paths.
	if len(v) > 1 {
		v = strings.TrimSuffix(v, "/")
	}
	var p pattern
	for _, s := range strings.Split(v[1:], "/") {
		switch {
		case s == "":
			return nil, quote(v) + " has an empty segment"
		case s == "." || s == "..":
			return nil, quote(v) + " has a dot segment"
		case s == "*":
			p = append(p, patSeg{kind: segOne})
		case s == "**":
			p = append(p, patSeg{kind: segAny})
		case len(s) > 2 && s[0] == '{' && s[len(s)-1] == '}' && isName(s[1:len(s)-1]):
			p = append(p, patSeg{kind: segOne})
		case strings.ContainsAny(s, "*{}"):
			return nil, quote(v) + ": a wildcard must be a whole segment (*, ** or {name})"
		default:
			p = append(p, patSeg{kind: segLit, lit: s})
		}
	}
	return p, ""
}

func isName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func (l patternList) match(path string) bool {
	for _, p := range l {
		if p.match(path) {
			return true
		}
	}
	return false
}

// nextSeg returns the segment of path starting at off (just after a '/')
// and the offset after its terminating '/', or len(path)+1 at the end.
func nextSeg(path string, off int) (string, int) {
	i := strings.IndexByte(path[off:], '/')
	if i < 0 {
		return path[off:], len(path) + 1
	}
	return path[off : off+i], off + i + 1
}

// match is the classic wildcard algorithm over segments with one backtrack
// point (the last "**"), so it runs in O(len(p)·segments) without
// allocating, whatever the pattern.
func (p pattern) match(path string) bool {
	if len(path) == 0 || path[0] != '/' {
		return false
	}
	end := len(path) + 1 // offset meaning "no segments left"
	off := 1
	if len(path) == 1 {
		off = end // "/" has no segments
	}
	pi := 0
	starPi, starOff := -1, 0
	for off < end || pi < len(p) {
		if pi < len(p) {
			switch p[pi].kind {
			case segAny:
				starPi, starOff = pi, off
				pi++
				continue
			case segOne:
				if off < end {
					if seg, next := nextSeg(path, off); seg != "" {
						pi, off = pi+1, next
						continue
					}
				}
			case segLit:
				if off < end {
					if seg, next := nextSeg(path, off); seg == p[pi].lit {
						pi, off = pi+1, next
						continue
					}
				}
			}
		}
		// Mismatch: let the last ** swallow one more segment.
		if starPi < 0 || starOff >= end {
			return false
		}
		_, starOff = nextSeg(path, starOff)
		pi, off = starPi+1, starOff
	}
	return true
}
