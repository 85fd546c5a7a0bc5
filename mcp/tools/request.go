package tools

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// buildPath fills the spec's path template from the arguments. Values are
// validated snowflakes, so no escaping is needed; anything else would have
// been refused by parseArgs.
func buildPath(sp *spec, a *args) string {
	var b strings.Builder
	b.Grow(len(sp.path) + 2*20) // two 20-digit ids fit without regrowing
	rest := sp.path
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			b.WriteString(rest)
			return b.String()
		}
		j := strings.IndexByte(rest[i:], '}')
		b.WriteString(rest[:i])
		b.WriteString(url.PathEscape(a.str(rest[i+1 : i+j])))
		rest = rest[i+j+1:]
	}
}

// queryPair is one query parameter, before encoding.
type queryPair struct{ key, val string }

// buildQuery encodes the query parameters the caller gave, with defaults,
// sorted by key as url.Values.Encode does, into one string.
func buildQuery(sp *spec, a *args) string {
	var stack [8]queryPair
	pairs := stack[:0]
	var num [20]byte
	for _, p := range sp.params {
		if p.in != inQuery {
			continue
		}
		switch {
		case a.has(p.name) && p.kind == kInt:
			pairs = append(pairs, queryPair{p.name, string(strconv.AppendInt(num[:0], a.int(p.name, 0), 10))})
		case a.has(p.name):
			pairs = append(pairs, queryPair{p.name, a.str(p.name)})
		case p.def != nil:
			pairs = append(pairs, queryPair{p.name, strconv.FormatInt(*p.def, 10)})
		}
	}
	slices.SortStableFunc(pairs, func(x, y queryPair) int { return strings.Compare(x.key, y.key) })
	var b strings.Builder
	for i, q := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(q.key))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(q.val))
	}
	return b.String()
}

// buildBody writes the body parameters as a JSON object, nesting dotted
// keys one level ("message_reference.message_id"). allowed_mentions is not
// set here: proxy.Do forces the caller's on every message it sends.
func buildBody(sp *spec, a *args) []byte {
	w := &buf{}
	any := false
	w.open('{')
	done := map[string]bool{}
	for _, p := range sp.params {
		if p.in != inBody || !a.has(p.name) {
			continue
		}
		key := p.key
		if key == "" {
			key = p.name
		}
		outer, _, nested := strings.Cut(key, ".")
		if !nested {
			w.key(key)
			writeArg(w, p, a)
			any = true
			continue
		}
		if done[outer] {
			continue
		}
		done[outer] = true
		w.key(outer)
		w.open('{')
		for _, q := range sp.params {
			k := q.key
			if q.in != inBody || !a.has(q.name) || !strings.HasPrefix(k, outer+".") {
				continue
			}
			w.key(strings.TrimPrefix(k, outer+"."))
			writeArg(w, q, a)
		}
		w.close('}')
		any = true
	}
	w.close('}')
	if !any {
		return nil
	}
	return w.b
}

func writeArg(w *buf, p param, a *args) {
	switch p.kind {
	case kInt:
		w.int(a.int(p.name, 0))
	case kBool, kEmbeds:
		w.raw(a.raw(p.name))
	default:
		w.str(a.str(p.name))
	}
}
