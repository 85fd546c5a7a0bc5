package mcp

import (
	"encoding/json"

	"github.com/tidwall/gjson"
)

// pageCursor reads a list request's cursor: the offset it stands for.
func pageCursor(r *request) (int, *Error) {
	c := gjson.GetBytes(r.msg.params, "cursor")
	if !c.Exists() || c.Type == gjson.Null {
		return 0, nil
	}
	n, ok := decodeCursor(c.String())
	if c.Type != gjson.String || !ok {
		return 0, errf(CodeInvalidParams, "invalid params: unknown cursor")
	}
	return n, nil
}

// appendPage writes key's page of items (JSON-encoded) and nextCursor.
func appendPage[T any](r *request, key string, items []T) ([]byte, *Error) {
	off, e := pageCursor(r)
	if e != nil {
		return nil, e
	}
	if off > len(items) {
		return nil, errf(CodeInvalidParams, "invalid params: cursor out of range")
	}
	end := min(off+pageSize, len(items))
	page, err := json.Marshal(items[off:end])
	if err != nil {
		return nil, errf(CodeInternalError, "internal error: "+err.Error())
	}
	b := append([]byte(`{"`+key+`":`), page...)
	if end < len(items) {
		b = append(b, `,"nextCursor":`...)
		b = appendJSONString(b, encodeCursor(end))
	}
	return append(b, '}'), nil
}

func handleResourcesList(s *Server, r *request) ([]byte, *Error) {
	rc := s.resourceCatalog()
	if rc == nil {
		return appendPage(r, "resources", []Resource{})
	}
	list, err := rc.Resources(r.ctx)
	if err != nil {
		return nil, s.catalogError(r, err, "")
	}
	if list == nil {
		list = []Resource{}
	}
	return appendPage(r, "resources", list)
}

func handleTemplatesList(s *Server, r *request) ([]byte, *Error) {
	list := []ResourceTemplate{}
	if rc := s.resourceCatalog(); rc != nil {
		list = append(list, rc.ResourceTemplates(r.ctx)...)
	}
	return appendPage(r, "resourceTemplates", list)
}

// resourceURI reads the uri parameter every resource method carries.
func resourceURI(r *request) (string, *Error) {
	u := gjson.GetBytes(r.msg.params, "uri")
	if u.Type != gjson.String || u.Str == "" {
		return "", errf(CodeInvalidParams, "invalid params: uri must be a non-empty string")
	}
	return u.Str, nil
}

func handleResourcesRead(s *Server, r *request) ([]byte, *Error) {
	uri, e := resourceURI(r)
	if e != nil {
		return nil, e
	}
	rc := s.resourceCatalog()
	if rc == nil {
		return nil, resourceNotFound(r, uri)
	}
	contents, err := rc.ReadResource(r.ctx, uri)
	if err != nil {
		return nil, s.catalogError(r, err, uri)
	}
	b := []byte(`{"contents":[`)
	for i := range contents {
		if i > 0 {
			b = append(b, ',')
		}
		b = contents[i].appendJSON(b)
	}
	return append(b, "]}"...), nil
}

// handleSubscribe (sessioned revisions) checks the caller may read the
// resource, then has its session told when it changes.
func handleSubscribe(s *Server, r *request) ([]byte, *Error) {
	uri, e := resourceURI(r)
	if e != nil {
		return nil, e
	}
	rc := s.resourceCatalog()
	if rc == nil || r.sess == nil {
		return nil, resourceNotFound(r, uri)
	}
	if err := rc.CheckResource(r.ctx, uri); err != nil {
		return nil, s.catalogError(r, err, uri)
	}
	s.changes.sessionListener(r.sess, r.ctx).subscribe(uri)
	return []byte(`{}`), nil
}

func handleUnsubscribe(s *Server, r *request) ([]byte, *Error) {
	uri, e := resourceURI(r)
	if e != nil {
		return nil, e
	}
	if r.sess != nil {
		s.changes.sessionListener(r.sess, r.ctx).unsubscribe(uri)
	}
	return []byte(`{}`), nil
}
