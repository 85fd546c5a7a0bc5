package mcp

import (
	"strings"
	"unsafe"

	"github.com/tidwall/gjson"
)

// callParams is a request's params read in one pass over their keys and
// one over _meta's: the fields the stateless checks and tools/call ask
// for, each looked up once however many steps read it. Missing fields
// are the zero value. A key given twice counts once, the first time, as
// with gjson.Get. The values point into the message's params, which no
// one changes.
type callParams struct {
	name, uri      pval
	arguments      pval
	requestState   pval
	inputResponses pval
	meta           pval // _meta itself

	// The _meta keys (names with dots, which a gjson path would need
	// escaped).
	version       pval // io.modelcontextprotocol/protocolVersion
	logLevel      pval // io.modelcontextprotocol/logLevel
	caps          pval // io.modelcontextprotocol/clientCapabilities
	progressToken pval
}

// pval is a gjson.Result reduced to its raw text and type: 24 bytes, not
// 80. Every stateless call allocates a request holding ten of them; a
// string's text is cut from Raw when asked for (see str).
type pval struct {
	Raw  string
	Type gjson.Type
}

// res is the value as gjson reads it.
func (v pval) res() gjson.Result { return gjson.Result{Type: v.Type, Raw: v.Raw, Str: v.str()} }

// str is gjson's Str: a string's text ("" for other types). Without a
// backslash it is Raw's inside, as it nearly always is for names and
// versions; otherwise gjson unescapes it.
func (v pval) str() string {
	if v.Type != gjson.String {
		return ""
	}
	if n := len(v.Raw); n >= 2 && strings.IndexByte(v.Raw[1:n-1], '\\') < 0 {
		return v.Raw[1 : n-1]
	}
	return gjson.Parse(v.Raw).Str
}

// Exists is gjson.Result.Exists.
func (v pval) Exists() bool { return v.Type != gjson.Null || len(v.Raw) != 0 }

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
			firstVal(&p.name, v)
		case "uri":
			firstVal(&p.uri, v)
		case "arguments":
			firstVal(&p.arguments, v)
		case "requestState":
			firstVal(&p.requestState, v)
		case "inputResponses":
			firstVal(&p.inputResponses, v)
		case "_meta":
			if !p.meta.Exists() {
				firstVal(&p.meta, v)
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
			firstVal(&p.version, v)
		case metaLogLevel:
			firstVal(&p.logLevel, v)
		case metaCaps:
			firstVal(&p.caps, v)
		case "progressToken":
			firstVal(&p.progressToken, v)
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

// firstVal is first for a pval.
func firstVal(dst *pval, v gjson.Result) {
	if !dst.Exists() {
		*dst = pval{Raw: v.Raw, Type: v.Type}
	}
}

// metaStr is a _meta value when it is a string, else "".
func metaStr(v pval) string {
	return v.str()
}
