package tools

import (
	"fmt"
	"slices"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/policy"
)

// Options choose what the catalog serves and how it guards writes.
type Options struct {
	// Toolsets served: names, or "all"; empty means DefaultToolsets. With
	// Dynamic, these are the toolsets a session may enable.
	Toolsets []string
	// ReadOnly serves only tools whose readOnlyHint is true.
	ReadOnly bool
	// Dynamic starts each session with the discovery tools only.
	Dynamic bool
	// Confirm makes destructive tools ask before sending: through
	// elicitation when the client can answer, else by a confirm argument.
	Confirm bool
	// DryRun turns every write into a preview of what it would send.
	DryRun bool
	// DMAttribution ends each DM send_direct_message sends with a link to
	// the caller's current message (X-Current-Guild, -Channel, -Message).
	DMAttribution bool
	// Image is util_generate_image's endpoint; without a URL the tool is
	// not served.
	Image ImageOptions
}

// toolsetMask is a set of toolsets by their index in toolsets.
type toolsetMask uint32

func toolsetIndex(name string) int {
	return slices.IndexFunc(toolsets, func(t toolsetInfo) bool { return t.name == name })
}

// maskOf reads Options.Toolsets, refusing names the catalog lacks.
func maskOf(names []string) (toolsetMask, error) {
	if len(names) == 0 {
		names = DefaultToolsets
	}
	var m toolsetMask
	for _, n := range names {
		if n == "all" {
			return toolsetMask(1)<<len(toolsets) - 1, nil
		}
		i := toolsetIndex(n)
		if i < 0 {
			return 0, fmt.Errorf("tools: --toolsets names %q; the toolsets are %s, or all", n, toolsetNames())
		}
		m |= 1 << i
	}
	return m, nil
}

func toolsetNames() string {
	s := ""
	for i, t := range toolsets {
		if i > 0 {
			s += ", "
		}
		s += t.name
	}
	return s
}

func (m toolsetMask) has(name string) bool {
	i := toolsetIndex(name)
	return i >= 0 && m&(1<<i) != 0
}

// served reports whether the options serve a row at all.
func (o *Options) served(sp *spec, m toolsetMask) bool {
	if sp.name == generateImageSpec.name && o.Image.URL == "" {
		return false // no image endpoint configured
	}
	return m.has(sp.toolset) && (!o.ReadOnly || sp.ann.ReadOnlyHint)
}

// confirmParam is added to destructive tools when Confirm is on, in the
// row's copy withNames makes (the shared row is not changed: several
// catalogs may be built from one table).
var confirmParam = param{name: "confirm", typ: tBool,
	desc: "true carries out this destructive action; without it the call sends nothing and previews what it would send."}

// allowsToolset reports whether the caller may use the named toolset
// (X-Toolsets and the bearer token's claim only narrow); no scope, any.
func allowsToolset(s *policy.Scope, name string) bool { return s == nil || s.AllowsToolset(name) }
