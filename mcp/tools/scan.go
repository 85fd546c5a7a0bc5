package tools

import "github.com/tidwall/gjson"

// A member scanner for projections: it walks an object's keys or an
// array's items, skipping each value by its brackets and quotes without
// decoding it. gjson's ForEach decodes every value it passes (numbers
// parsed, strings unescaped); a projection keeps a few fields of each
// message, so only the kept ones are decoded, by gjson, afterwards.
//
// Input is Discord's answer and may be malformed or cut short: like
// gjson, a value that never ends runs to the end of the input, and a
// member list stops at what it cannot read. The scanner never reads past
// the end and never panics. TestProjectMatchesGet and FuzzProject hold the
// projection to gjson's answers (on any valid JSON, and on the malformed
// shapes the test lists).

// members iterates the members of a raw JSON object or array.
type members struct {
	s   string
	i   int
	obj bool
	// plain: the value next returned last is a closed string without a
	// backslash, its text the raw value's inside (found while skipping
	// it, so valueOf need not scan it again).
	plain bool
}

// membersOf starts on raw, which must begin with '{' or '['.
func membersOf(raw string) members {
	return members{s: raw, i: 1, obj: len(raw) > 0 && raw[0] == '{'}
}

// end is the index just after the closing bracket, once next has
// returned false (the end of the input when there is none).
func (m *members) end() int {
	i := skipSpace(m.s, m.i)
	if i < len(m.s) && (m.s[i] == '}' || m.s[i] == ']') {
		return i + 1
	}
	return len(m.s)
}

// next returns the next key (objects; unescaped) and raw value.
func (m *members) next() (key, val string, ok bool) {
	s := m.s
	i := skipSpace(s, m.i)
	if i < len(s) && s[i] == ',' {
		i = skipSpace(s, i+1)
	}
	if i >= len(s) || s[i] == '}' || s[i] == ']' {
		return "", "", false
	}
	if m.obj {
		end, closed, escaped := scanString(s, i)
		if !closed {
			return "", "", false
		}
		key = s[i+1 : end-1]
		if escaped {
			key = gjson.Parse(s[i:end]).Str // escaped keys are rare
		}
		i = skipSpace(s, end)
		if i >= len(s) || s[i] != ':' {
			return "", "", false
		}
		i = skipSpace(s, i+1)
	}
	end, plain := 0, false
	if i < len(s) && s[i] == '"' {
		var closed, escaped bool
		end, closed, escaped = scanString(s, i)
		plain = closed && !escaped
	} else if end = skipValue(s, i); end < 0 {
		return "", "", false
	}
	m.i, m.plain = end, plain
	return key, s[i:end], true
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t') {
		i++
	}
	return i
}

// skipString returns the index after the string starting at s[i] ('"'),
// or -1 when s[i] starts none; one that never ends runs to the end.
func skipString(s string, i int) int {
	end, _, _ := scanString(s, i)
	return end
}

// scanString is skipString that also reports whether the string closed
// and whether it holds a backslash (its text then needs unescaping).
func scanString(s string, i int) (end int, closed, escaped bool) {
	if i >= len(s) || s[i] != '"' {
		return -1, false, false
	}
	for j := i + 1; ; {
		k := indexQuoteOrBackslash(s, j)
		switch {
		case k < 0:
			return len(s), false, escaped
		case s[k] == '"':
			return k + 1, true, escaped
		}
		escaped = true
		j = k + 2 // past the backslash and the byte it escapes
		if j >= len(s) {
			return len(s), false, true
		}
	}
}

// skipValue returns the index after the value starting at s[i], or -1.
func skipValue(s string, i int) int {
	if i >= len(s) {
		return -1
	}
	switch s[i] {
	case '"':
		return skipString(s, i)
	case '{', '[':
		return skipNested(s, i)
	}
	j := i
	for j < len(s) {
		switch s[j] {
		case ',', '}', ']', ' ', '\n', '\r', '\t':
			if j == i {
				return -1
			}
			return j
		}
		j++
	}
	return j
}

// skipNested skips a whole object or array, strings included; one that
// never closes runs to the end.
func skipNested(s string, i int) int {
	depth := 0
	for j := i; j < len(s); j++ {
		c := s[j]
		if !structural[c] {
			continue
		}
		switch c {
		case '"':
			j = skipString(s, j) - 1
		case '{', '[':
			depth++
		default: // '}', ']'
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return len(s)
}

// structural marks the bytes skipNested must look at; it is never
// written after init.
var structural = func() (t [256]bool) {
	for _, c := range `"{}[]` {
		t[c] = true
	}
	return t
}()

// scannedValue is valueOf for the value members.next just returned.
func (m *members) scannedValue(raw string) gjson.Result {
	if m.plain {
		return gjson.Result{Type: gjson.String, Raw: raw, Str: raw[1 : len(raw)-1]}
	}
	return valueOf(raw)
}

// valueOf decodes one raw value (what gjson.Get would have returned).
func valueOf(raw string) gjson.Result {
	switch raw[0] {
	case '{', '[':
		return gjson.Result{Type: gjson.JSON, Raw: raw}
	case '"':
		// Without a backslash the text is the raw string's inside: most
		// ids and names, read without gjson's unescaping pass.
		if n := len(raw); n >= 2 && indexQuoteOrBackslash(raw, 1) == n-1 {
			return gjson.Result{Type: gjson.String, Raw: raw, Str: raw[1 : n-1]}
		}
	}
	return gjson.Parse(raw)
}
