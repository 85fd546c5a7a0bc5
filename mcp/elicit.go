package mcp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/tidwall/gjson"
)

// ErrNoElicitation: the client did not declare the elicitation capability,
// or the transport cannot carry a server request now.
var ErrNoElicitation = errors.New("mcp: client cannot answer elicitation")

// ErrElicitationFailed: the client's answer never came (timeout, session
// ended) or was not a valid elicitation result.
var ErrElicitationFailed = errors.New("mcp: elicitation failed")

// ErrElicitationMalformed: the client answered, but not with a valid
// elicitation result (a client's bug, not a lost connection). It wraps
// ErrElicitationFailed.
var ErrElicitationMalformed = fmt.Errorf("mcp: malformed elicitation answer: %w", ErrElicitationFailed)

// ErrInputRequired: in the stateless revision the question goes back to
// the client as an input_required result and the client calls the tool
// again with the answer (multi round-trip). The tool must stop and send
// nothing; its result is replaced.
var ErrInputRequired = errors.New("mcp: input required; the client will call again with the answer")

// elicitTimeout bounds how long a call waits for a person to answer.
const elicitTimeout = 10 * time.Minute

// defaultElicitSchema is an empty form: a plain yes/no question.
var defaultElicitSchema = json.RawMessage(`{"type":"object","properties":{}}`)

// Elicit sends elicitation/create to the client of the call in ctx and
// waits for its answer (or ctx's end). action is "accept", "decline" or
// "cancel"; content is the accepted form's JSON object (may be nil). Any
// error means the question was not answered: send nothing.
//
// In the stateless revision the first Elicit of an unanswered call
// returns ErrInputRequired; the client calls the tool again with the
// answer, so everything before Elicit runs again and must not act.
func Elicit(ctx context.Context, message string, requestedSchema json.RawMessage) (action string, content json.RawMessage, err error) {
	if len(requestedSchema) == 0 {
		requestedSchema = defaultElicitSchema
	}
	if !gjson.ValidBytes(requestedSchema) || !gjson.ParseBytes(requestedSchema).IsObject() {
		return "", nil, fmt.Errorf("mcp: elicitation schema is not a JSON object: %w", ErrElicitationFailed)
	}
	ci, _ := ctx.Value(callKey{}).(*callInfo)
	if ci == nil {
		return "", nil, ErrNoElicitation
	}
	if ci.round != nil {
		return ci.round.elicit(message, requestedSchema)
	}
	ss := sessionOf(ctx)
	if ss == nil || !ci.canAsk || !ss.canElicit.Load() {
		return "", nil, ErrNoElicitation
	}
	params := elicitParams(ci.version >= version20251125, message, requestedSchema)
	raw, err := ss.ask(ctx, ci.notify, "elicitation/create", params)
	if err != nil {
		return "", nil, err
	}
	return parseElicitAnswer(raw)
}

// elicitParams is elicitation/create's params; "mode" exists from
// 2025-11-25 on.
func elicitParams(withMode bool, message string, schema json.RawMessage) []byte {
	b := []byte(`{`)
	if withMode {
		b = append(b, `"mode":"form",`...)
	}
	b = append(b, `"message":`...)
	b = appendJSONString(b, message)
	b = append(b, `,"requestedSchema":`...)
	b = append(b, schema...)
	return append(b, '}')
}

// declaresFormElicitation reads initialize's capabilities.elicitation: {}
// (form, before 2025-11-25) or an object with "form". URL-only clients
// cannot show a form.
func declaresFormElicitation(v gjson.Result) bool {
	return v.IsObject() && (v.Get("form").Exists() || !v.Get("url").Exists())
}

// parseElicitAnswer reads an elicitation result: action, and content for
// accept.
func parseElicitAnswer(result []byte) (string, json.RawMessage, error) {
	r := gjson.ParseBytes(result)
	if !r.IsObject() {
		return "", nil, fmt.Errorf("mcp: elicitation result is not an object: %w", ErrElicitationMalformed)
	}
	action := r.Get("action")
	switch action.Str {
	case "accept":
		c := r.Get("content")
		if c.Exists() && c.Type != gjson.Null {
			if !c.IsObject() {
				return "", nil, fmt.Errorf("mcp: elicitation content is not an object: %w", ErrElicitationMalformed)
			}
			return "accept", json.RawMessage(c.Raw), nil
		}
		return "accept", nil, nil
	case "decline", "cancel":
		if action.Type == gjson.String {
			return action.Str, nil, nil
		}
	}
	return "", nil, fmt.Errorf("mcp: elicitation action %s is not accept, decline or cancel: %w", quote(action.Raw), ErrElicitationMalformed)
}
