package tools

import (
	"context"
	"encoding/json"
	"io"
	"maps"
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"github.com/tidwall/gjson"
)

// listBytes is the size of a tools/list result holding tools.
func listBytes(c *Catalog) int {
	n := len(`{"tools":[]}`)
	for i, t := range c.Tools(context.Background()) {
		n += len(t.Encoded)
		if i > 0 {
			n++
		}
	}
	return n
}

// TestToolsetSelection: the default set, read-only and all serve what
// they say, and the default list stays under 30 KB.
func TestToolsetSelection(t *testing.T) {
	build := func(o Options) *Catalog {
		c, err := NewWith(nil, zerolog.New(io.Discard), o)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	def, ro, all := build(Options{Confirm: true}), build(Options{Toolsets: []string{"all"}, ReadOnly: true}), build(Options{Toolsets: []string{"all"}, Confirm: true,
		Image: ImageOptions{URL: "http://127.0.0.1:9/v1/images/generations", Models: []string{"m"}}}) // util_generate_image needs one
	for _, sp := range def.specs {
		if !strings.Contains(","+strings.Join(DefaultToolsets, ",")+",", ","+sp.toolset+",") {
			t.Errorf("default serves %s of toolset %s", sp.name, sp.toolset)
		}
	}
	for _, sp := range ro.specs {
		if !sp.ann.ReadOnlyHint {
			t.Errorf("--read-only serves %s", sp.name)
		}
	}
	if len(all.specs) != len(specs) {
		t.Errorf("all serves %d of %d tools", len(all.specs), len(specs))
	}
	if n := listBytes(def); n > 30<<10 {
		t.Errorf("default tools/list is %d bytes, over 30 KB", n)
	}
	t.Logf("tools: %d in the catalog; tools/list bytes: default %d (%d tools), read-only %d (%d), all %d (%d)",
		len(specs), listBytes(def), len(def.specs), listBytes(ro), len(ro.specs), listBytes(all), len(all.specs))
	if _, err := NewWith(nil, zerolog.New(io.Discard), Options{Toolsets: []string{"messages", "everything"}}); err == nil || !strings.Contains(err.Error(), "everything") {
		t.Errorf("an unknown toolset was accepted: %v", err)
	}
	for _, sp := range all.specs {
		has := gjson.GetBytes(all.tools[sp.name].InputSchema, "properties.confirm").Exists()
		if has != sp.ann.DestructiveHint {
			t.Errorf("%s: confirm in schema %v, destructive %v", sp.name, has, sp.ann.DestructiveHint)
		}
	}
}

// TestDynamicToolsets: a session starts with the discovery tools only; a
// hidden tool answers as one that does not exist.
func TestDynamicToolsets(t *testing.T) {
	c, err := NewWith(nil, zerolog.New(io.Discard), Options{Toolsets: []string{"messages", "pins"}, Dynamic: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(c.Tools(context.Background())); strings.Join(got, ",") != "list_toolsets,get_toolset_tools,enable_toolset" {
		t.Errorf("a new session sees %v", got)
	}
	_, err = c.CallTool(context.Background(), "get_message", json.RawMessage(`{}`), nil)
	_, err2 := c.CallTool(context.Background(), "no_such_tool", json.RawMessage(`{}`), nil)
	if err == nil || err2 == nil || strings.ReplaceAll(err.Error(), "get_message", "X") != strings.ReplaceAll(err2.Error(), "no_such_tool", "X") {
		t.Errorf("hidden tool: %v; unknown tool: %v", err, err2)
	}
	res, _ := c.CallTool(context.Background(), "list_toolsets", nil, nil)
	if got := gjson.GetBytes(res.Structured, "toolsets.#.name").String(); got != `["messages","pins"]` {
		t.Errorf("list_toolsets: %s", res.Structured)
	}
	res, _ = c.CallTool(context.Background(), "get_toolset_tools", json.RawMessage(`{"toolset":"pins"}`), nil)
	if got := gjson.GetBytes(res.Structured, "tools.#.name").String(); got != `["list_pins","pin_message","unpin_message"]` {
		t.Errorf("get_toolset_tools: %s %s", res.Structured, res.Text)
	}
	for _, name := range []string{"polls", "nope"} { // not offered, not existing: one answer
		res, _ = c.CallTool(context.Background(), "enable_toolset", json.RawMessage(`{"toolset":"`+name+`"}`), nil)
		if !res.IsError || !strings.Contains(res.Text, "no toolset named") {
			t.Errorf("enable %s: %s", name, res.Text)
		}
	}
}

// TestUntrustedMarks: tools whose results carry user-written text (message
// content, names, topics) mark them for mcp's fence; the others do not.
func TestUntrustedMarks(t *testing.T) {
	want := map[string]bool{"get_message": true, "get_messages": true, "fetch_messages": true, "search_messages": true,
		"get_channel_info": true, "list_reactions": true, "list_pins": true, "get_poll_voters": true, "discord_request": true,
		// Messages they return list attachments, whose filenames users write.
		"send_message": true, "edit_message": true, "crosspost_message": true, "end_poll": true, "get_attachment": true,
		"list_channels": true, "create_thread": true, "create_forum_post": true, "list_active_threads": true, "search_threads": true, "get_direct_messages": true, "wait_for_messages": true,
		"list_archived_threads": true, "modify_thread": true,
		"create_channel": true, "modify_channel": true, "delete_channel": true,
		"list_forum_tags": true, "set_forum_tags": true,
		// They answer with the message sent, whose attachments users name.
		"send_direct_message": true, "edit_direct_message": true}
	for _, n := range untrustedMore { // the webhooks … util toolsets (untrusted_test.go)
		want[n] = true
	}
	maps.Copy(want, adminUntrusted)
	for _, sp := range specs {
		if got := anyUntrusted(sp.out) || anyUntrusted(sp.outExtra); got != want[sp.name] {
			t.Errorf("%s: untrusted %v", sp.name, got)
		}
	}
}
