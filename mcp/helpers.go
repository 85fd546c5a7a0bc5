package mcp

import (
	"context"
	"encoding/json"
	"unsafe"

	"github.com/tidwall/gjson"
	"github.com/valyala/fasthttp"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy/jsonguard"
)

// The helper endpoints are sessionless REST for scripts and tests:
// GET|POST /v1/tools/list and POST /v1/tools/call.

func writeHelperError(ctx *fasthttp.RequestCtx, status int, msg string) {
	b := append([]byte(`{"error":`), appendJSONString(nil, msg)...)
	writeJSON(ctx, status, append(b, '}'))
}

func (s *Server) serveHelperList(ctx *fasthttp.RequestCtx) {
	if !ctx.IsGet() && !ctx.IsPost() {
		ctx.Response.Header.Set("Allow", "GET, POST")
		writeHelperError(ctx, fasthttp.StatusMethodNotAllowed, "method not allowed")
		return
	}
	pctx, status, err := s.prepare(ctx)
	if err != nil {
		writeHelperError(ctx, status, err.Error())
		return
	}
	b := append([]byte(`{"tools":`), appendTools(nil, s.o.Catalog.Tools(pctx))...)
	writeJSON(ctx, fasthttp.StatusOK, append(b, '}'))
}

func (s *Server) serveHelperCall(ctx *fasthttp.RequestCtx) {
	if !ctx.IsPost() {
		ctx.Response.Header.Set("Allow", "POST")
		writeHelperError(ctx, fasthttp.StatusMethodNotAllowed, "method not allowed")
		return
	}
	pctx, status, err := s.prepare(ctx)
	if err != nil {
		writeHelperError(ctx, status, err.Error())
		return
	}
	body := ctx.Request.Body()
	if err := jsonguard.Validate(body); err != nil {
		writeHelperError(ctx, fasthttp.StatusBadRequest, "body must be a JSON object {\"name\",\"arguments\"}: "+err.Error())
		return
	}
	if len(body) == 0 || !gjson.Parse(unsafe.String(&body[0], len(body))).IsObject() {
		writeHelperError(ctx, fasthttp.StatusBadRequest, `body must be a JSON object {"name","arguments"}`)
		return
	}
	// One pass over the body, read in place: the call ends before the
	// handler returns, and the result copies what it keeps.
	p := readParams(body)
	s.helperCall(pctx, ctx, p.name.res(), p.arguments.res(), "name", "arguments")
}

// helperCall runs one tool for the helper endpoints; nameKey and argsKey
// are how the endpoint spells them, for error messages.
func (s *Server) helperCall(pctx context.Context, ctx *fasthttp.RequestCtx, name, args gjson.Result, nameKey, argsKey string) {
	if name.Type != gjson.String || name.Str == "" {
		writeHelperError(ctx, fasthttp.StatusBadRequest, nameKey+" must be a non-empty string")
		return
	}
	raw := emptyArgs()
	if args.Exists() && args.Type != gjson.Null {
		if !args.IsObject() {
			writeHelperError(ctx, fasthttp.StatusBadRequest, argsKey+" must be an object")
			return
		}
		// A copy: args point into fasthttp's body buffer, reused after
		// the handler returns, and a Catalog may keep what it read.
		raw = json.RawMessage(args.Raw)
	}
	if !hasTool(s.o.Catalog.Tools(pctx), name.Str) {
		writeHelperError(ctx, fasthttp.StatusNotFound, "unknown tool: "+name.Str)
		return
	}
	r := &request{ctx: pctx, notify: ignoreNote, logLevel: len(logLevels)}
	res, e := s.callTool(pctx, r, name.Str, raw, func(float64, float64, string) {})
	switch {
	case e != nil && e.Code == CodeInternalError:
		writeHelperError(ctx, fasthttp.StatusInternalServerError, e.Message)
	case e != nil:
		writeHelperError(ctx, fasthttp.StatusBadRequest, e.Message)
	case res.Upstream != nil && res.Upstream.Status > 0:
		ctx.Response.Header.Set("X-Response-Src", "discord")
		writeJSON(ctx, res.Upstream.Status, res.Upstream.Body)
	default:
		writeOwnedJSON(ctx, fasthttp.StatusOK, appendToolResult(getBody(), res, !s.o.DisableUntrustedFence))
		releaseStructured(res)
	}
}

// hasTool reports whether the caller may see the tool (hidden tools are
// unknown to them).
func hasTool(tools []*Tool, name string) bool {
	for _, t := range tools {
		if t != nil && t.Name == name {
			return true
		}
	}
	return false
}
