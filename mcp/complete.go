package mcp

import (
	"context"
	"encoding/json"

	"github.com/tidwall/gjson"
)

// Completer is an optional interface of Options.Catalog: it suggests
// values for prompt arguments and resource-template parameters.
type Completer interface {
	Complete(ctx context.Context, req CompleteRequest) (Completion, error)
}

// CompleteRequest is a completion/complete request.
type CompleteRequest struct {
	// Prompt names the prompt (ref/prompt); URITemplate the resource
	// template (ref/resource). Exactly one is set.
	Prompt, URITemplate string
	Argument, Value     string
	// Context holds the values of arguments already resolved.
	Context map[string]string
}

// Completion is at most MaxCompletionValues values; Total and HasMore say
// how many matched.
type Completion struct {
	Values  []string `json:"values"`
	Total   int      `json:"total"`
	HasMore bool     `json:"hasMore"`
}

// MaxCompletionValues is the most values one completion may carry.
const MaxCompletionValues = 100

func handleComplete(s *Server, r *request) ([]byte, *Error) {
	p := gjson.ParseBytes(r.msg.params)
	ref, arg := p.Get("ref"), p.Get("argument")
	if !ref.IsObject() || !arg.IsObject() {
		return nil, errf(CodeInvalidParams, "invalid params: ref and argument are required objects")
	}
	req := CompleteRequest{Argument: arg.Get("name").String(), Value: arg.Get("value").String()}
	switch ref.Get("type").String() {
	case "ref/prompt":
		req.Prompt = ref.Get("name").String()
	case "ref/resource":
		req.URITemplate = ref.Get("uri").String()
	default:
		return nil, errf(CodeInvalidParams, `invalid params: ref.type must be "ref/prompt" or "ref/resource"`)
	}
	if req.Argument == "" {
		return nil, errf(CodeInvalidParams, "invalid params: argument.name is required")
	}
	var e *Error
	if req.Context, e = stringMap(p.Get("context.arguments"), "context.arguments"); e != nil {
		return nil, e
	}
	c := Completion{Values: []string{}}
	if cp, ok := s.o.Catalog.(Completer); ok {
		var err error
		if c, err = cp.Complete(r.ctx, req); err != nil {
			return nil, s.catalogError(r, err, "")
		}
	}
	c.Total = max(c.Total, len(c.Values))
	if len(c.Values) > MaxCompletionValues {
		c.Values, c.HasMore = c.Values[:MaxCompletionValues], true
	}
	if c.Values == nil {
		c.Values = []string{}
	}
	b, _ := json.Marshal(c)
	return append(append([]byte(`{"completion":`), b...), '}'), nil
}

// marshalResult encodes a catalog's result struct.
func marshalResult(v any) ([]byte, *Error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, errf(CodeInternalError, "internal error: "+err.Error())
	}
	return b, nil
}
