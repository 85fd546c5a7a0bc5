package tools

import (
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// openAPI is Discord's published description, as proxy/route keeps it.
type openAPI struct {
	Components struct {
		Schemas map[string]json.RawMessage `json:"schemas"`
	} `json:"components"`
	Paths map[string]map[string]json.RawMessage `json:"paths"`
}

type schemaNode struct {
	Ref        string                 `json:"$ref"`
	OneOf      []schemaNode           `json:"oneOf"`
	Properties map[string]*schemaNode `json:"properties"`
	Items      *schemaNode            `json:"items"`
	MinLength  *int                   `json:"minLength"`
	MaxLength  *int                   `json:"maxLength"`
	MinItems   *int                   `json:"minItems"`
	MaxItems   *int                   `json:"maxItems"`
	Unique     bool                   `json:"uniqueItems"`
	Minimum    *int64                 `json:"minimum"`
	Maximum    *int64                 `json:"maximum"`
}

func loadOpenAPI(t *testing.T) *openAPI {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "proxy", "route", "testdata", "openapi.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var api openAPI
	if err := json.NewDecoder(zr).Decode(&api); err != nil {
		t.Fatal(err)
	}
	return &api
}

// at walks a dotted path ("RichEmbed.fields[].name") through schemas,
// following $refs and nullable oneOfs.
func (api *openAPI) at(t *testing.T, path string) *schemaNode {
	t.Helper()
	parts := strings.Split(path, ".")
	n := api.named(t, parts[0])
	for _, p := range parts[1:] {
		items := strings.HasSuffix(p, "[]")
		n = api.deref(t, n).Properties[strings.TrimSuffix(p, "[]")]
		if n == nil {
			t.Fatalf("%s: no %s", path, p)
		}
		if items {
			n = api.deref(t, n).Items
		}
	}
	return api.deref(t, n)
}

func (api *openAPI) named(t *testing.T, name string) *schemaNode {
	var n schemaNode
	if err := json.Unmarshal(api.Components.Schemas[name], &n); err != nil {
		t.Fatalf("schema %s: %v", name, err)
	}
	return &n
}

func (api *openAPI) deref(t *testing.T, n *schemaNode) *schemaNode {
	for {
		switch {
		case n.Ref != "":
			n = api.named(t, n.Ref[strings.LastIndexByte(n.Ref, '/')+1:])
		case len(n.OneOf) > 0 && n.Properties == nil && n.MaxLength == nil:
			var next *schemaNode
			for i := range n.OneOf {
				if n.OneOf[i].Ref != "" || n.OneOf[i].Properties != nil {
					next = &n.OneOf[i]
				}
			}
			if next == nil {
				return n
			}
			n = next
		default:
			return n
		}
	}
}

// TestShapesMatchSpec: the limits the parameter types enforce are
// Discord's published ones (read from openapi.json), so a caller is
// refused exactly where Discord would refuse.
func TestShapesMatchSpec(t *testing.T) {
	api := loadOpenAPI(t)
	field := func(o objectT, name string) ptype { return o.props[o.index(name)].typ }
	obj := func(p ptype) objectT {
		if f, ok := p.(forwardT); ok {
			return f.objectT
		}
		return p.(objectT)
	}
	eqLen := func(what string, got strT, spec *schemaNode) {
		if spec.MaxLength == nil || got.max != *spec.MaxLength {
			t.Errorf("%s: maxLength %d, spec %v", what, got.max, spec.MaxLength)
		}
	}
	eqItems := func(what string, got arrayT, spec *schemaNode) {
		if spec.MaxItems == nil || got.max != *spec.MaxItems || spec.MinItems != nil && got.min != *spec.MinItems {
			t.Errorf("%s: %d-%d items, spec %v-%v", what, got.min, got.max, spec.MinItems, spec.MaxItems)
		}
	}
	eqLen("embed title", field(embedT, "title").(strT), api.at(t, "RichEmbed.title"))
	eqLen("embed description", field(embedT, "description").(strT), api.at(t, "RichEmbed.description"))
	eqLen("embed url", field(embedT, "url").(strT), api.at(t, "RichEmbed.url"))
	eqLen("embed footer", field(obj(field(embedT, "footer")), "text").(strT), api.at(t, "RichEmbedFooter.text"))
	eqLen("embed author", field(obj(field(embedT, "author")), "name").(strT), api.at(t, "RichEmbedAuthor.name"))
	fields := field(embedT, "fields").(arrayT)
	eqItems("embed fields", fields, api.at(t, "RichEmbed.fields"))
	eqLen("field name", field(fields.item.(objectT), "name").(strT), api.at(t, "RichEmbedField.name"))
	eqLen("field value", field(fields.item.(objectT), "value").(strT), api.at(t, "RichEmbedField.value"))
	if c, s := field(embedT, "color").(intT), api.at(t, "RichEmbed.color"); s.Maximum == nil || c.max != *s.Maximum {
		t.Errorf("embed color max %d, spec %v", c.max, s.Maximum)
	}
	eqItems("embeds", embedsT, api.at(t, "MessageCreateRequest.embeds"))
	eqItems("sticker_ids", stickersT, api.at(t, "MessageCreateRequest.sticker_ids"))
	eqItems("poll answers", field(pollT, "answers").(arrayT), api.at(t, "PollCreateRequest.answers"))
	eqLen("poll question", field(obj(field(pollT, "question")), "text").(strT), api.at(t, "PollMediaCreateRequest.text"))
	if d, s := field(pollT, "duration").(intT), api.at(t, "PollCreateRequest.duration"); s.Maximum == nil || d.max != *s.Maximum || d.min != *s.Minimum {
		t.Errorf("poll duration %d-%d, spec %v-%v", d.min, d.max, s.Minimum, s.Maximum)
	}
	// Content: the spec allows 4000 (Nitro senders); a bot gets 2000.
	if spec := api.at(t, "MessageCreateRequest.content"); spec.MaxLength == nil || 2000 > *spec.MaxLength {
		t.Errorf("content limit 2000 is above the spec's %v", spec.MaxLength)
	}
	// Bulk delete's body is inline in its route.
	var bulk struct {
		RequestBody struct {
			Content map[string]struct {
				Schema schemaNode `json:"schema"`
			} `json:"content"`
		} `json:"requestBody"`
	}
	if err := json.Unmarshal(api.Paths["/channels/{channel_id}/messages/bulk-delete"]["post"], &bulk); err != nil {
		t.Fatal(err)
	}
	spec := bulk.RequestBody.Content["application/json"].Schema.Properties["messages"]
	eqItems("bulk delete", messageIDsT, spec)
	if spec.Unique != messageIDsT.unique {
		t.Errorf("bulk delete: unique %v, spec %v", messageIDsT.unique, spec.Unique)
	}
}
