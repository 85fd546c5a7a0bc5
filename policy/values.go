package policy

import (
	"sort"
	"strconv"
	"strings"
)

// HeaderError is a malformed request header (HTTP 400). Reason never
// contains a token.
type HeaderError struct {
	Header string
	Reason string
}

func (e *HeaderError) Error() string { return e.Header + ": " + e.Reason }

// maxListItems bounds a comma list so a huge header cannot build a huge set.
const maxListItems = 1000

// quote shows a caller's value in an error, shortened: headers other than
// Authorization carry no secrets, but may be long.
func quote(v string) string {
	if len(v) > 64 {
		v = v[:64] + "…"
	}
	return strconv.Quote(v)
}

// isSnowflake accepts Discord's canonical ids: 1-20 digits, no leading zero,
// fitting in uint64. Canonical only, so string comparison is id comparison.
func isSnowflake(s string) bool {
	if len(s) == 0 || len(s) > 20 || s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

// splitItems splits a comma list, trimming spaces; empty items are errors
// because "1,,2" or a trailing comma is usually a templating bug.
func splitItems(v string) ([]string, string) {
	if v == emptyValue {
		return nil, "empty; omit the header instead"
	}
	parts := strings.Split(v, ",")
	if len(parts) > maxListItems {
		return nil, "more than " + strconv.Itoa(maxListItems) + " items"
	}
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
		if parts[i] == "" {
			return nil, "empty item in " + quote(v)
		}
	}
	return parts, ""
}

// idSet is a set of snowflakes, or "any". The zero value is the empty set.
type idSet struct {
	any bool
	ids map[string]struct{}
}

var anyIDs = idSet{any: true}

func (s idSet) has(id string) bool {
	if s.any {
		return true
	}
	_, ok := s.ids[id]
	return ok
}

// sorted lists the ids, for stable output.
func (s idSet) sorted() []string {
	out := make([]string, 0, len(s.ids))
	for id := range s.ids {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// intersect never widens: any ∩ X = X.
func (s idSet) intersect(o idSet) idSet {
	if s.any {
		return o
	}
	if o.any {
		return s
	}
	r := idSet{ids: map[string]struct{}{}}
	for id := range s.ids {
		if _, ok := o.ids[id]; ok {
			r.ids[id] = struct{}{}
		}
	}
	return r
}

// parseIDs reads "*" (any), "0" (none) or a comma list of snowflakes.
func parseIDs(v string) (idSet, string) {
	switch strings.TrimSpace(v) {
	case "*":
		return anyIDs, ""
	case "0":
		return idSet{ids: map[string]struct{}{}}, ""
	}
	items, bad := splitItems(v)
	if bad != "" {
		return idSet{}, bad
	}
	s := idSet{ids: make(map[string]struct{}, len(items))}
	for _, it := range items {
		if it == "*" || it == "0" {
			return idSet{}, quote(it) + " must stand alone, not in a list"
		}
		if !isSnowflake(it) {
			return idSet{}, quote(it) + " is not a snowflake (want digits, no leading zero)"
		}
		s.ids[it] = struct{}{}
	}
	return s, ""
}

// methodSet is a bit per Discord REST method.
type methodSet uint8

const allMethods methodSet = 1<<5 - 1

var methodNames = [...]string{"GET", "POST", "PUT", "PATCH", "DELETE"}

func methodBit(m string) methodSet {
	for i, n := range methodNames {
		if m == n {
			return 1 << i
		}
	}
	return 0
}

func (s methodSet) has(m string) bool {
	b := methodBit(m)
	return b != 0 && s&b != 0
}

// parseMethods reads "*" or a comma list; names are case-insensitive here
// (our syntax), while Check compares the route's upper-case method.
func parseMethods(v string) (methodSet, string) {
	if strings.TrimSpace(v) == "*" {
		return allMethods, ""
	}
	items, bad := splitItems(v)
	if bad != "" {
		return 0, bad
	}
	var s methodSet
	for _, it := range items {
		b := methodBit(strings.ToUpper(it))
		if b == 0 {
			return 0, quote(it) + " is not one of GET, POST, PUT, PATCH, DELETE, *"
		}
		s |= b
	}
	return s, ""
}

// intentSet is a bit per privileged gateway intent.
type intentSet uint8

const allIntents intentSet = 7

func intentBit(n string) (intentSet, bool) {
	switch n {
	case "server_members":
		return 1, true
	case "presence":
		return 2, true
	case "message_content":
		return 4, true
	}
	return 0, false
}

// parseIntents reads "*", "0" (none) or a comma list of intent names.
func parseIntents(v string) (intentSet, string) {
	switch strings.TrimSpace(v) {
	case "*":
		return allIntents, ""
	case "0":
		return 0, ""
	}
	items, bad := splitItems(v)
	if bad != "" {
		return 0, bad
	}
	var s intentSet
	for _, it := range items {
		b, ok := intentBit(it)
		if !ok {
			return 0, quote(it) + " is not one of server_members, presence, message_content"
		}
		s |= b
	}
	return s, ""
}

// parsePerms reads a non-negative decimal permission integer.
func parsePerms(v string) (int64, string) {
	if v == emptyValue {
		return 0, "empty; omit the header instead"
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n < 0 {
		return 0, quote(v) + " is not a decimal permission integer"
	}
	return n, ""
}

// parseBoolBytes is parseBool for a header's view: the common values
// without a copy, anything else as parseBool reads it.
func parseBoolBytes(v []byte) (bool, string) {
	if len(v) == 1 && (v[0] == '1' || v[0] == '0') {
		return v[0] == '1', ""
	}
	return parseBool(string(v))
}

// parseBool reads 1/true/0/false.
func parseBool(v string) (bool, string) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true":
		return true, ""
	case "0", "false":
		return false, ""
	}
	return false, quote(v) + " is not 1, true, 0 or false"
}
