package discordtest

import (
	"strconv"

	"github.com/valyala/fasthttp"
)

// Discord's JSON error codes used by the emulator.
const (
	CodeGeneral            = 0
	CodeUnknownChannel     = 10003
	CodeUnknownGuild       = 10004
	CodeUnknownMember      = 10007
	CodeUnknownMessage     = 10008
	CodeUnknownRole        = 10011
	CodeUnknownUser        = 10013
	CodeUnknownEmoji       = 10014
	CodeUnknownWebhook     = 10015
	CodeUnknownInteraction = 10062
	CodeMissingAccess      = 50001
	CodeCannotEditOthers   = 50005
	CodeEmptyMessage       = 50006
	CodeNonTextChannel     = 50008
	CodeMissingPerms       = 50013
	CodeWrongChannelType   = 50024
	CodeBulkDeleteTooOld   = 50034
	CodeInvalidFormBody    = 50035
	CodeInvalidJSON        = 50109
)

// apiError is one Discord JSON error answer.
type apiError struct {
	status  int
	code    int
	message string
	errors  formErrors // only for 50035
}

var (
	errUnauthorized   = &apiError{fasthttp.StatusUnauthorized, CodeGeneral, "401: Unauthorized", nil}
	errNotFound       = &apiError{fasthttp.StatusNotFound, CodeGeneral, "404: Not Found", nil}
	errMethod         = &apiError{fasthttp.StatusMethodNotAllowed, CodeGeneral, "405: Method Not Allowed", nil}
	errUnknownChannel = &apiError{fasthttp.StatusNotFound, CodeUnknownChannel, "Unknown Channel", nil}
	errUnknownGuild   = &apiError{fasthttp.StatusNotFound, CodeUnknownGuild, "Unknown Guild", nil}
	errUnknownMember  = &apiError{fasthttp.StatusNotFound, CodeUnknownMember, "Unknown Member", nil}
	errUnknownMessage = &apiError{fasthttp.StatusNotFound, CodeUnknownMessage, "Unknown Message", nil}
	errUnknownUser    = &apiError{fasthttp.StatusNotFound, CodeUnknownUser, "Unknown User", nil}
	errUnknownRole    = &apiError{fasthttp.StatusNotFound, CodeUnknownRole, "Unknown Role", nil}
	errNonText        = &apiError{fasthttp.StatusBadRequest, CodeNonTextChannel, "Cannot send messages in a non-text channel", nil}
	errWrongType      = &apiError{fasthttp.StatusBadRequest, CodeWrongChannelType, "Cannot execute action on this channel type", nil}
	errUnknownEmoji   = &apiError{fasthttp.StatusBadRequest, CodeUnknownEmoji, "Unknown Emoji", nil}
	errUnknownWebhook = &apiError{fasthttp.StatusNotFound, CodeUnknownWebhook, "Unknown Webhook", nil}
	errUnknownInter   = &apiError{fasthttp.StatusNotFound, CodeUnknownInteraction, "Unknown interaction", nil}
	errMissingAccess  = &apiError{fasthttp.StatusForbidden, CodeMissingAccess, "Missing Access", nil}
	errMissingPerms   = &apiError{fasthttp.StatusForbidden, CodeMissingPerms, "Missing Permissions", nil}
	errEditOthers     = &apiError{fasthttp.StatusForbidden, CodeCannotEditOthers, "Cannot edit a message authored by another user", nil}
	errEmptyMessage   = &apiError{fasthttp.StatusBadRequest, CodeEmptyMessage, "Cannot send an empty message", nil}
	errBulkTooOld     = &apiError{fasthttp.StatusBadRequest, CodeBulkDeleteTooOld, "You can only bulk delete messages that are under 14 days old.", nil}
	errInvalidJSON    = &apiError{fasthttp.StatusBadRequest, CodeInvalidJSON, "The request body contains invalid JSON.", nil}
	errInternal       = &apiError{fasthttp.StatusInternalServerError, CodeGeneral, "500: Internal Server Error", nil}
)

// formErrors is Discord's nested "errors" object of a 50035 answer: a path
// of keys (array indexes as strings) ending in {"_errors": [{code, message}]}.
type formErrors map[string]any

type fieldError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// add records one error at a path such as ["embeds", "0", "title"].
func (f formErrors) add(code, message string, path ...string) {
	m := map[string]any(f)
	for _, p := range path {
		next, _ := m[p].(map[string]any)
		if next == nil {
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	list, _ := m["_errors"].([]fieldError)
	m["_errors"] = append(list, fieldError{code, message})
}

// err is the 50035 answer carrying f, or nil when f is empty.
func (f formErrors) err() *apiError {
	if len(f) == 0 {
		return nil
	}
	return &apiError{fasthttp.StatusBadRequest, CodeInvalidFormBody, "Invalid Form Body", f}
}

// formError is a 50035 answer with a single error.
func formError(code, message string, path ...string) *apiError {
	f := formErrors{}
	f.add(code, message, path...)
	return f.err()
}

func (e *apiError) body() []byte {
	type wire struct {
		Message string     `json:"message"`
		Code    int        `json:"code"`
		Errors  formErrors `json:"errors,omitempty"`
	}
	return marshal(wire{e.message, e.code, e.errors})
}

// Error makes apiError usable as an error in helpers.
func (e *apiError) Error() string { return strconv.Itoa(e.status) + " " + e.message }

// CodeInvalidWebhookToken: a webhook's id with another token.
const CodeInvalidWebhookToken = 50027

var errInvalidWebhookToken = &apiError{fasthttp.StatusUnauthorized, CodeInvalidWebhookToken, "Invalid Webhook Token", nil}
