package mcp

import (
	"encoding/json"

	"github.com/tidwall/gjson"
)

// capabilities lists what this server serves: resources and prompts only
// when the catalog offers them (see ResourceCatalog, PromptCatalog).
// Subscriptions are resources/subscribe before 2026-07-28 and
// subscriptions/listen from then on; both are served.
func (s *Server) capabilities() string {
	c := `{"tools":{"listChanged":true},"logging":{},"completions":{}`
	if s.resourceCatalog() != nil {
		c += `,"resources":{"subscribe":true,"listChanged":true}`
	}
	if s.promptCatalog() != nil {
		c += `,"prompts":{"listChanged":true}`
	}
	return c + "}"
}

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
		s.changes.sessionListener(r.sess, r.ctx) // list changes reach every session
	}
	b := append([]byte(`{"protocolVersion":`), appendJSONString(nil, v)...)
	b = append(b, `,"capabilities":`+s.capabilities()+`,"serverInfo":`...)
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
	b = append(b, `,"capabilities":`+s.capabilities()...)
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
