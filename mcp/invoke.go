package mcp

import (
	"github.com/tidwall/gjson"
	"github.com/valyala/fasthttp"
)

// serveInvoke is POST /mcp/v1/tools/invoke, the endpoint of the
// JWT-guarded server this project grew from: {"method": "<tool>",
// "params": {…}} with the caller's Authorization, answered like
// /v1/tools/call (the tool result; Discord's own error body and status
// when Discord refused). params follow this catalog's tool schemas.
func (s *Server) serveInvoke(ctx *fasthttp.RequestCtx) {
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
	if !gjson.ValidBytes(body) || !gjson.ParseBytes(body).IsObject() {
		writeHelperError(ctx, fasthttp.StatusBadRequest, `body must be a JSON object {"method","params"}`)
		return
	}
	s.helperCall(pctx, ctx, gjson.GetBytes(body, "method"), gjson.GetBytes(body, "params"), "method", "params")
}
