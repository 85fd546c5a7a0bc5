package proxy

import (
	"encoding/json"
	"errors"
	"math"

	"github.com/valyala/fasthttp"
)

// The proxy's own refusals come in Discord's error shape, {"message",
// "code"}, so a Discord library pointed at the passthrough reports them
// as it reports Discord's (discord.js's DiscordAPIError, discordgo's
// RESTError, disgo's rest.Error), plus the proxy's "type" and
// "resolution". X-Response-Src: mcp tells them apart from Discord's.

// Discord's JSON error codes the proxy's refusals map to.
const (
	codeGeneral         = 0
	codeUnknownChannel  = 10003
	codeUnknownGuild    = 10004
	codeUnknownMessage  = 10008
	codeResourceLimited = 40062 // "Service resource is being rate limited"
	codeMissingPerms    = 50013
	codeInvalidFormBody = 50035
	codeEntityTooLarge  = 40005
	codeUnauthorized    = 40001
)

// discordCode picks the code a Discord library would expect for e.
func discordCode(e *Error) int {
	switch e.Kind {
	case PermissionDenied:
		if e.Status == 404 {
			return codeGeneral // a feature that is off: nothing is missing
		}
		return codeMissingPerms
	case InvalidInput:
		if e.Status == 413 {
			return codeEntityTooLarge
		}
		return codeInvalidFormBody
	case RateLimited:
		return codeResourceLimited
	case ChannelNotFound:
		return codeUnknownChannel
	case GuildNotFound:
		return codeUnknownGuild
	case MessageNotFound:
		return codeUnknownMessage
	case NotConnected:
		if e.Status == 401 {
			return codeUnauthorized
		}
	}
	return codeGeneral
}

// apiError is the body of a refusal.
type apiError struct {
	Message    string   `json:"message"`
	Code       int      `json:"code"`
	Type       Kind     `json:"type"`
	Resolution string   `json:"resolution,omitempty"`
	RetryAfter *float64 `json:"retry_after,omitempty"` // seconds, for 429s
	Global     *bool    `json:"global,omitempty"`
}

// WriteError answers with the proxy's own error in Discord's shape and
// X-Response-Src: mcp. A 429 carries retry_after and Retry-After, as
// Discord's do.
func WriteError(rc *fasthttp.RequestCtx, err error) {
	var pe *Error
	if !errors.As(err, &pe) {
		pe = &Error{Kind: NotConnected, Status: 500, Msg: "internal error"}
	}
	out := apiError{Message: pe.Msg, Code: discordCode(pe), Type: pe.Kind, Resolution: pe.Resolution}
	if pe.Status == 429 {
		secs := math.Max(pe.RetryAfter.Seconds(), 0)
		global := false
		out.RetryAfter, out.Global = &secs, &global
	}
	body, _ := json.Marshal(out) // strings and numbers only: cannot fail
	rc.Response.Header.Set("X-Response-Src", "mcp")
	rc.Response.Header.SetContentType("application/json")
	if pe.RetryAfter > 0 {
		rc.Response.Header.Set("Retry-After", formatSeconds(pe.RetryAfter.Seconds()))
	}
	rc.SetStatusCode(pe.Status)
	rc.SetBody(body)
}
