package tools

import (
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

//go:generate go run ./internal/limitgen

// Nested request shapes, with the limits of Discord's published request
// schemas (discord-api-spec openapi.json: RichEmbed, PollCreateRequest,
// MessageReferenceRequest), generated into limits_gen.go.

var (
	tSnowflake = snowflakeT{}
	tBool      = boolT{}
	tURL       = strT{min: 1, max: limEmbedURL}
)

func str(max int) strT { return strT{max: max} }

func intRange(min, max int64, def *int64) intT { return intT{min: min, max: max, def: def} }

// embedT is one rich embed.
var embedT = objectT{props: []prop{
	{name: "title", typ: str(limEmbedTitle)},
	{name: "description", typ: str(limEmbedDescription)},
	{name: "url", typ: tURL},
	{name: "color", typ: intRange(0, limEmbedColor, nil), desc: "RGB as an integer, e.g. 5793266."},
	{name: "timestamp", typ: timeT{}},
	{name: "footer", typ: objectT{props: []prop{{name: "text", typ: str(limEmbedFooterText), required: true}, {name: "icon_url", typ: tURL}}}},
	{name: "author", typ: objectT{props: []prop{{name: "name", typ: str(limEmbedAuthorName), required: true}, {name: "url", typ: tURL}, {name: "icon_url", typ: tURL}}}},
	{name: "image", typ: objectT{props: []prop{{name: "url", typ: tURL, required: true}}}},
	{name: "thumbnail", typ: objectT{props: []prop{{name: "url", typ: tURL, required: true}}}},
	{name: "fields", typ: arrayT{max: limEmbedFields, item: objectT{props: []prop{
		{name: "name", typ: strT{min: 1, max: limEmbedFieldName}, required: true},
		{name: "value", typ: strT{min: 1, max: limEmbedFieldValue}, required: true},
		{name: "inline", typ: tBool},
	}}}},
}}

// embedsT is a message's embeds: up to 10, 6,000 characters in all.
var embedsT = arrayT{item: embedT, max: limMessageEmbeds, limit: embedTotal}

// embedTextPaths are the texts Discord counts toward the 6,000.
var embedTextPaths = []string{"title", "description", "footer.text", "author.name"}

func embedTotal(name string, v gjson.Result) error {
	total := 0
	v.ForEach(func(_, e gjson.Result) bool {
		for _, p := range embedTextPaths {
			total += utf8.RuneCountInString(e.Get(p).Str)
		}
		e.Get("fields").ForEach(func(_, f gjson.Result) bool {
			total += utf8.RuneCountInString(f.Get("name").Str) + utf8.RuneCountInString(f.Get("value").Str)
			return true
		})
		return true
	})
	if total > 6000 {
		return badArg("%s carry %d characters in all; Discord allows at most 6000", name, total)
	}
	return nil
}

// pollEmojiT is an answer's emoji: a custom one by id or a unicode one by name.
var pollEmojiT = objectT{props: []prop{{name: "id", typ: tSnowflake}, {name: "name", typ: strT{min: 1, max: 64}}}}

// pollT is a new poll.
var pollT = objectT{props: []prop{
	{name: "question", required: true, typ: objectT{props: []prop{{name: "text", typ: strT{min: limPollTextMin, max: limPollTextMax}, required: true}}}},
	{name: "answers", required: true, typ: arrayT{min: limPollAnswersMin, max: limPollAnswersMax, item: objectT{props: []prop{
		{name: "poll_media", required: true, typ: objectT{props: []prop{
			// Answers: 55 characters (Discord's docs), stricter than the
			// spec's shared PollMedia limit.
			{name: "text", typ: strT{min: limPollTextMin, max: 55}, required: true},
			{name: "emoji", typ: pollEmojiT},
		}}},
	}}}},
	{name: "duration", typ: intRange(limPollDurationMin, limPollDurationMax, nil), desc: "Hours the poll stays open (1-768); Discord's default is 24."},
	{name: "allow_multiselect", typ: tBool},
}}

// messageFlagsT are the flags a bot may set on a message it sends.
var messageFlagsT = flagsT{
	names: []string{"suppress_embeds", "suppress_notifications"},
	bits:  []int64{1 << 2, 1 << 12},
}

// stickersT are up to 3 sticker ids.
var stickersT = arrayT{item: tSnowflake, min: 1, max: limMessageStickers}

// messageIDsT are bulk delete's 2 to 100 distinct ids.
var messageIDsT = arrayT{item: tSnowflake, min: limBulkDeleteMin, max: limBulkDeleteMax, unique: true}

// forwardT names a message to forward; it is sent as Discord's
// message_reference of type 1 (FORWARD).
type forwardT struct{ objectT }

var forwardShape = forwardT{objectT{props: []prop{
	{name: "channel_id", typ: tSnowflake, required: true, desc: "The channel of the message to forward."},
	{name: "message_id", typ: tSnowflake, required: true, desc: "The message to forward."},
}}}

func (forwardT) encode(w *buf, v gjson.Result) {
	w.open('{')
	w.key("type")
	w.int(1)
	w.key("channel_id")
	w.str(v.Get("channel_id").Str)
	w.key("message_id")
	w.str(v.Get("message_id").Str)
	w.close('}')
}
