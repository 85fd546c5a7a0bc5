package mcp

import (
	"encoding/json"

	"github.com/tidwall/gjson"
)

// capabilities: resources and prompts are answered (empty) but not
// advertised, because the catalog offers none yet.
const capabilitiesJSON = `{"tools":{"listChanged":true},"logging":{},"completions":{}}`

func (s *Server) serverInfo() []byte {
	b := append([]byte(`{"name":`), appendJSONString(nil, s.o.Name)...)
	b = append(b, `,"version":`...)
	b = appendJSONString(b, s.o.Version)
	return append(b, '}')
}

func handleInitialize(s *Server, r *request) ([]byte, *Error) {
	pv := gjson.GetBytes(r.msg.params, "protocolVersion")
	if pv.Type != gjson.String {
		return nil, errf(CodeInvalidParams, "invalid params: protocolVersion must be a string")
	}
	v := negotiate(pv.Str)
	if r.sess != nil {
		r.sess.setVersion(v)
		r.sess.canElicit.Store(declaresFormElicitation(gjson.GetBytes(r.msg.params, "capabilities.elicitation")))
	}
	b := append([]byte(`{"protocolVersion":`), appendJSONString(nil, v)...)
	b = append(b, `,"capabilities":`+capabilitiesJSON+`,"serverInfo":`...)
	b = append(b, s.serverInfo()...)
	if s.o.Instructions != "" {
		b = append(b, `,"instructions":`...)
		b = appendJSONString(b, s.o.Instructions)
	}
	return append(b, '}'), nil
}

func handleDiscover(s *Server, r *request) ([]byte, *Error) {
	vs, _ := json.Marshal(allVersions)
	b := append([]byte(`{"supportedVersions":`), vs...)
	b = append(b, `,"capabilities":`+capabilitiesJSON...)
	if s.o.Instructions != "" {
		b = append(b, `,"instructions":`...)
		b = appendJSONString(b, s.o.Instructions)
	}
	b = append(b, `,"_meta":{"io.modelcontextprotocol/serverInfo":`...)
	b = append(b, s.serverInfo()...)
	return append(b, "}}"...), nil
}

func handleSetLevel(s *Server, r *request) ([]byte, *Error) {
	lv := levelIndex(gjson.GetBytes(r.msg.params, "level").String())
	if lv < 0 || gjson.GetBytes(r.msg.params, "level").Type != gjson.String {
		return nil, errf(CodeInvalidParams, "invalid params: level must be one of debug, info, notice, warning, error, critical, alert, emergency")
	}
	if r.sess != nil {
		r.sess.logLevel.Store(int32(lv))
	}
	return []byte(`{}`), nil
}

func handleComplete(s *Server, r *request) ([]byte, *Error) {
	p := gjson.ParseBytes(r.msg.params)
	if !p.Get("ref").IsObject() || !p.Get("argument").IsObject() {
		return nil, errf(CodeInvalidParams, "invalid params: ref and argument are required objects")
	}
	return []byte(`{"completion":{"values":[],"total":0,"hasMore":false}}`), nil
}

// codeResourceNotFound is MCP's code before 2026-07-28, which uses -32602.
const codeResourceNotFound = -32002

func handleNoResource(s *Server, r *request) ([]byte, *Error) {
	uri := gjson.GetBytes(r.msg.params, "uri").String()
	e := &Error{Code: codeResourceNotFound, Message: "resource not found: " + uri}
	if r.modern() {
		e.Code = CodeInvalidParams
	}
	e.Data, _ = json.Marshal(map[string]string{"uri": uri})
	return nil, e
}

func handleNoPrompt(s *Server, r *request) ([]byte, *Error) {
	return nil, errf(CodeInvalidParams, "unknown prompt: "+gjson.GetBytes(r.msg.params, "name").String())
}
