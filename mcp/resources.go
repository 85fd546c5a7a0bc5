package mcp

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
)

// ErrResourceNotFound is what a ResourceCatalog returns (wrapped or not)
// for a URI it does not serve, and equally for one outside the caller's
// scope: the two must be indistinguishable to the caller. The protocol
// layer answers it with the code of the request's revision (-32002
// before 2026-07-28, -32602 from then on).
var ErrResourceNotFound = errors.New("resource not found")

// ResourceCatalog is an optional interface of Options.Catalog: a catalog
// that serves resources implements it, and the server then advertises the
// resources capability.
type ResourceCatalog interface {
	// Resources lists the concrete resources the caller in ctx may read.
	Resources(ctx context.Context) ([]Resource, error)
	// ResourceTemplates lists the URI templates the catalog serves.
	ResourceTemplates(ctx context.Context) []ResourceTemplate
	// ReadResource reads one resource for the caller in ctx.
	ReadResource(ctx context.Context, uri string) ([]ResourceContents, error)
	// CheckResource reports whether the caller in ctx may read uri
	// (ErrResourceNotFound when not), as cheaply as it can: subscriptions
	// and change notifications ask it.
	CheckResource(ctx context.Context, uri string) error
}

// Resource is one entry of resources/list.
type Resource struct {
	URI         string `json:"uri"`
	Name        string `json:"name"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	MimeType    string `json:"mimeType,omitempty"`
}

// ResourceTemplate is one entry of resources/templates/list (RFC 6570).
type ResourceTemplate struct {
	URITemplate string `json:"uriTemplate"`
	Name        string `json:"name"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	MimeType    string `json:"mimeType,omitempty"`
}

// ResourceContents is one item of a resources/read result: Text, or Blob
// (sent base64-encoded) when Blob is non-nil.
type ResourceContents struct {
	URI      string
	MimeType string
	Text     string
	Blob     []byte
}

func (c *ResourceContents) appendJSON(dst []byte) []byte {
	dst = append(dst, `{"uri":`...)
	dst = appendJSONString(dst, c.URI)
	if c.MimeType != "" {
		dst = append(dst, `,"mimeType":`...)
		dst = appendJSONString(dst, c.MimeType)
	}
	if c.Blob != nil {
		dst = append(dst, `,"blob":"`...)
		dst = base64.StdEncoding.AppendEncode(dst, c.Blob)
		return append(dst, `"}`...)
	}
	dst = append(dst, `,"text":`...)
	dst = appendJSONString(dst, c.Text)
	return append(dst, '}')
}

// codeResourceNotFound is MCP's code before 2026-07-28, which uses -32602.
const codeResourceNotFound = -32002

// resourceNotFound is the one answer for an unknown and a hidden resource.
func resourceNotFound(r *request, uri string) *Error {
	e := &Error{Code: codeResourceNotFound, Message: "resource not found: " + uri}
	if r.modern() {
		e.Code = CodeInvalidParams
	}
	e.Data, _ = json.Marshal(map[string]string{"uri": uri})
	return e
}

// catalogError turns a catalog's error into a protocol error.
func (s *Server) catalogError(r *request, err error, uri string) *Error {
	var e *Error
	switch {
	case errors.Is(err, ErrResourceNotFound):
		return resourceNotFound(r, uri)
	case errors.As(err, &e):
		return e
	}
	s.log.Warn().Err(err).Str("method", r.msg.method).Msg("mcp: catalog failed")
	return errf(CodeInternalError, "internal error: "+err.Error())
}

func (s *Server) resourceCatalog() ResourceCatalog {
	rc, _ := s.o.Catalog.(ResourceCatalog)
	return rc
}
