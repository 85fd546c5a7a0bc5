package tools

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"path"
	"strconv"
	"strings"
	"unicode"

	"github.com/tidwall/gjson"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
)

// Files a message tool sends: up to 10, each given as base64 (data), as
// plain text (text) or as an MCP embedded resource (resource, with text
// or a base64 blob). The JSON body gets Discord's attachments array (id n
// for files[n], filename, description); request wraps body and files in
// multipart/form-data, so policy reads the JSON from payload_json like any
// upload and forces allowed_mentions there.

// maxUploadFilenameBytes is the longest filename the proxy's form reader
// (policy) passes; Discord's schema allows more characters.
const maxUploadFilenameBytes = 256

// maxUploadBytes is Discord's base upload limit per message (10 MiB); the
// operator's --attachment-max-bytes may lower it (checked before sending).
const maxUploadBytes = 10 << 20

// resourceT is an MCP embedded resource's contents; the filename defaults
// to the last element of its uri.
var resourceT = objectT{props: []prop{
	{name: "uri", typ: strT{min: 1}, required: true},
	{name: "mimeType", typ: strT{}},
	{name: "text", typ: strT{}},
	{name: "blob", typ: strT{}},
}}

// uploadItemT is one file. Descriptions are few and short: the schema
// sits in two tools of the default set, whose tools/list has a budget.
var uploadItemT = objectT{props: []prop{
	{name: "filename", typ: strT{min: 1, max: maxUploadFilenameBytes}},
	{name: "data", typ: strT{}, desc: "base64"},
	{name: "text", typ: strT{}},
	{name: "resource", typ: resourceT, desc: "MCP embedded resource"},
	{name: "content_type", typ: strT{}},
	{name: "description", typ: str(limAttachmentDescription), desc: "alt text"},
}, limit: checkUpload}

// uploadsT is the attachments parameter.
type uploadsT struct{ arrayT }

var uploadsShape = uploadsT{arrayT{item: uploadItemT, min: 1, max: limMessageAttachments, limit: checkUploadTotal}}

// upload is one file, decoded.
type upload struct {
	filename, ctype, desc string
	data                  []byte
}

// readUpload decodes a checked item.
func readUpload(v gjson.Result) (upload, error) {
	res := v.Get("resource")
	u := upload{filename: v.Get("filename").Str, ctype: v.Get("content_type").Str, desc: v.Get("description").Str}
	if u.filename == "" {
		u.filename = uriFilename(res.Get("uri").Str)
	}
	if u.ctype == "" {
		u.ctype = res.Get("mimeType").Str
	}
	switch {
	case v.Get("data").Exists():
		return u, decode64(&u, v.Get("data").Str)
	case res.Get("blob").Exists():
		return u, decode64(&u, res.Get("blob").Str)
	case v.Get("text").Exists():
		u.data = []byte(v.Get("text").Str)
	default:
		u.data = []byte(res.Get("text").Str)
	}
	if u.ctype == "" {
		u.ctype = "text/plain; charset=utf-8"
	}
	return u, nil
}

// uriFilename is the last element of a resource URI's path, or "".
func uriFilename(uri string) string {
	p, err := url.Parse(uri)
	if err != nil || p.Path == "" || strings.HasSuffix(p.Path, "/") {
		return ""
	}
	return path.Base(p.Path)
}

func decode64(u *upload, s string) error {
	var err error
	if u.data, err = base64.StdEncoding.DecodeString(s); err != nil {
		return badArg("the data of %s is not valid base64", u.filename)
	}
	if u.ctype == "" {
		u.ctype = "application/octet-stream"
	}
	return nil
}

// checkUpload holds one item to one source and a filename Discord and the
// form reader take as written.
func checkUpload(name string, v gjson.Result) error {
	res := v.Get("resource")
	n := 0
	for _, k := range []string{"data", "text", "resource"} {
		if v.Get(k).Exists() {
			n++
		}
	}
	if n != 1 || res.Exists() && res.Get("text").Exists() == res.Get("blob").Exists() {
		return badArg("%s needs exactly one of data, text or resource (and a resource exactly one of text or blob)", name)
	}
	u, err := readUpload(v)
	if err != nil {
		return badArg("%s: %v", name, err)
	}
	if u.filename == "" || u.filename == "." || u.filename == ".." || len(u.filename) > maxUploadFilenameBytes {
		return badArg("%s needs a filename of 1-%d bytes (or a resource uri ending in one)", name, maxUploadFilenameBytes)
	}
	if len(u.ctype) > 255 || strings.ContainsAny(u.filename, `/\`) || strings.IndexFunc(u.filename+u.ctype, unicode.IsControl) >= 0 {
		return badArg("%s: filename and content_type (up to 255 bytes) may not hold slashes or control characters", name)
	}
	return nil
}

func checkUploadTotal(name string, v gjson.Result) error {
	total := 0
	for _, item := range v.Array() {
		u, _ := readUpload(item) // checked
		total += len(u.data)
	}
	if total > maxUploadBytes {
		return badArg("%s carry %d bytes; Discord takes at most %d", name, total, maxUploadBytes)
	}
	return nil
}

// encode writes Discord's attachments array: id n names files[n].
func (uploadsT) encode(w *buf, v gjson.Result) {
	w.open('[')
	for i, item := range v.Array() {
		u, _ := readUpload(item)
		w.open('{')
		w.key("id")
		w.str(strconv.Itoa(i))
		w.key("filename")
		w.str(u.filename)
		if u.desc != "" {
			w.key("description")
			w.str(u.desc)
		}
		w.close('}')
	}
	w.close(']')
}

// uploadsOf decodes a call's files, nil when it sends none.
func uploadsOf(sp *spec, a *args) []upload {
	for _, p := range sp.params {
		if _, ok := p.typ.(uploadsT); !ok {
			continue
		}
		v, ok := a.given(p.name)
		if !ok {
			return nil
		}
		var out []upload
		for _, item := range v.Array() {
			u, _ := readUpload(item) // checked
			out = append(out, u)
		}
		return out
	}
	return nil
}

// uploadBytes is the decoded size of a call's files.
func uploadBytes(files []upload) int {
	n := 0
	for _, f := range files {
		n += len(f.data)
	}
	return n
}

// checkUploads holds a call's files to the operator's limit before
// anything is sent.
func (c *Catalog) checkUploads(sp *spec, a *args) *mcp.ToolResult {
	files := uploadsOf(sp, a)
	if files == nil {
		return nil
	}
	if n, limit := uploadBytes(files), c.p.AttachmentLimit(); n > limit {
		return failure(proxy.InvalidInput, fmt.Sprintf("the attachments carry %d bytes; the operator allows %d", n, limit),
			"Send smaller files, or fewer at once.")
	}
	return nil
}
