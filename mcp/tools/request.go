package tools

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
)

// planned is what a call will send, as far as it is known before sending:
// the row's own request, or its run's plan.
func (sp *spec) planned(a *args) []*proxy.Request {
	if sp.plan != nil {
		return sp.plan(sp, a)
	}
	return []*proxy.Request{request(sp, a)}
}

// request is the row's request for these arguments, as proxy.Do takes it.
func request(sp *spec, a *args) *proxy.Request {
	// Path and query in one buffer, one allocation, then cut in two.
	b := appendPath(make([]byte, 0, len(sp.path)+64), sp, a)
	n := len(b)
	pq := frozen(appendQuery(b, sp, a))
	req := &proxy.Request{Method: sp.method, Path: pq[:n], Query: pq[n:], Body: buildBody(sp, a)}
	if files := uploadsOf(sp, a); files != nil {
		req.Body, req.ContentType = multipartOf(req.Body, files)
	}
	for _, p := range sp.params {
		if p.in == inReason {
			req.Reason = a.str(p.name)
		}
	}
	return req
}

// buildPath fills the spec's path template from the arguments. Ids are
// validated snowflakes; other path values (emoji) are escaped.
func buildPath(sp *spec, a *args) string {
	return frozen(appendPath(make([]byte, 0, len(sp.path)+2*20), sp, a)) // two 20-digit ids fit
}

// appendPath appends buildPath's path to dst.
func appendPath(dst []byte, sp *spec, a *args) []byte {
	rest := sp.path
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			return append(dst, rest...)
		}
		j := strings.IndexByte(rest[i:], '}')
		dst = append(dst, rest[:i]...)
		dst = append(dst, url.PathEscape(a.pathText(rest[i+1:i+j]))...)
		rest = rest[i+j+1:]
	}
}

// frozen is b as a string, without a copy: b is never written again.
func frozen(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// queryPair is one query parameter, before encoding.
type queryPair struct{ key, val string }

// buildQuery encodes the query parameters the caller gave, with defaults,
// sorted by key as url.Values.Encode does, into one string.
func buildQuery(sp *spec, a *args) string { return frozen(appendQuery(nil, sp, a)) }

// appendQuery appends buildQuery's query to dst.
func appendQuery(dst []byte, sp *spec, a *args) []byte {
	var stack [8]queryPair
	pairs := stack[:0]
	for _, p := range sp.params {
		if p.in != inQuery {
			continue
		}
		key := p.key
		if key == "" {
			key = p.name
		}
		if a.has(p.name) {
			pairs = append(pairs, queryPair{key, a.text(p.name)})
		} else if it, ok := p.typ.(intT); ok && it.def != nil {
			pairs = append(pairs, queryPair{key, strconv.FormatInt(*it.def, 10)})
		}
	}
	slices.SortStableFunc(pairs, func(x, y queryPair) int { return strings.Compare(x.key, y.key) })
	for i, q := range pairs {
		if i > 0 {
			dst = append(dst, '&')
		}
		dst = append(dst, url.QueryEscape(q.key)...)
		dst = append(dst, '=')
		dst = append(dst, url.QueryEscape(q.val)...)
	}
	return dst
}

// bodyEntry is one top-level or nested key of the body.
type bodyEntry struct {
	key string
	p   *param
}

// buildBody writes the body parameters as a JSON object, nesting dotted keys one level ("message_reference.message_id").
// allowed_mentions is not set here: proxy.Do forces the caller's on every
// message it sends.
func buildBody(sp *spec, a *args) []byte {
	var stack [12]bodyEntry
	ents := stack[:0]
	for i := range sp.params {
		p := &sp.params[i]
		if p.in != inBody || !a.has(p.name) {
			continue
		}
		key := p.key
		if key == "" {
			key = p.name
		}
		ents = append(ents, bodyEntry{key: key, p: p})
	}
	if len(ents) == 0 {
		return nil
	}
	w := &buf{}
	w.open('{')
	for i, e := range ents {
		outer, _, nested := strings.Cut(e.key, ".")
		if !nested {
			w.key(e.key)
			writeEntry(w, e, a)
			continue
		}
		if slices.ContainsFunc(ents[:i], func(x bodyEntry) bool { return strings.HasPrefix(x.key, outer+".") }) {
			continue // written with the first key under outer
		}
		w.key(outer)
		w.open('{')
		for _, x := range ents[i:] {
			if inner, ok := strings.CutPrefix(x.key, outer+"."); ok {
				w.key(inner)
				writeEntry(w, x, a)
			}
		}
		w.close('}')
	}
	w.close('}')
	return w.b
}

func writeEntry(w *buf, e bodyEntry, a *args) {
	if av := a.get(e.p.name); av != nil && av.filled != "" {
		w.str(av.filled)
		return
	}
	v, _ := a.given(e.p.name)
	e.p.typ.encode(w, v)
}
