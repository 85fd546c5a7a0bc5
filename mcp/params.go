package mcp

import (
	"unsafe"

	"github.com/tidwall/gjson"
)

// callParams is a request's params read in one pass over their keys and
// one over _meta's: the fields the stateless checks and tools/call ask
// for, each looked up once however many steps read it. Missing fields
// are the zero Result. A key given twice counts once, the first time, as
// with gjson.Get. The Results point into the message's params, which no
// one changes.
type callParams struct {
	name, uri      gjson.Result
	arguments      gjson.Result
	requestState   gjson.Result
	inputResponses gjson.Result
	meta           gjson.Result // _meta itself

	// The _meta keys (names with dots, which a gjson path would need
	// escaped).
	version       gjson.Result // io.modelcontextprotocol/protocolVersion
	logLevel      gjson.Result // io.modelcontextprotocol/logLevel
	caps          gjson.Result // io.modelcontextprotocol/clientCapabilities
	progressToken gjson.Result
}

const (
	metaVersion  = "io.modelcontextprotocol/protocolVersion"
	metaLogLevel = "io.modelcontextprotocol/logLevel"
	metaCaps     = "io.modelcontextprotocol/clientCapabilities"
)

// readParams reads params (a JSON object, or nil).
func readParams(params []byte) callParams {
	var p callParams
	if len(params) == 0 {
		return p
	}
	root := gjson.Parse(unsafe.String(&params[0], len(params)))
	root.ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "name":
			first(&p.name, v)
		case "uri":
			first(&p.uri, v)
		case "arguments":
			first(&p.arguments, v)
		case "requestState":
			first(&p.requestState, v)
		case "inputResponses":
			first(&p.inputResponses, v)
		case "_meta":
			if !p.meta.Exists() {
				p.meta = v
				p.readMeta(v)
			}
		}
		return true
	})
	return p
}

func (p *callParams) readMeta(meta gjson.Result) {
	if !meta.IsObject() {
		return
	}
	meta.ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case metaVersion:
			first(&p.version, v)
		case metaLogLevel:
			first(&p.logLevel, v)
		case metaCaps:
			first(&p.caps, v)
		case "progressToken":
			first(&p.progressToken, v)
		}
		return true
	})
}

// first keeps the first value of a key.
func first(dst *gjson.Result, v gjson.Result) {
	if !dst.Exists() {
		*dst = v
	}
}

// metaStr is a _meta value when it is a string, else "".
func metaStr(v gjson.Result) string {
	if v.Type != gjson.String {
		return ""
	}
	return v.Str
}
