package discordtest

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"
)

// messageInput is a validated create or edit message body.
type messageInput struct {
	content      *string // nil: not given (edit)
	embeds       []json.RawMessage
	embedsSet    bool
	others       int // stickers and files: they make a message non-empty
	tts          bool
	nonce        json.RawMessage
	flags        int
	flagsSet     bool
	ref          *MessageReference
	refMustExist bool
	am           *allowedMentions // nil: Discord's default, every mention pings
	mentionsSet  bool
	repliedTo    *User
}

type allowedMentions struct {
	parse       []string
	users       []Snowflake
	roles       []Snowflake
	repliedUser bool
}

func (in *messageInput) hasContent() bool {
	return strings.TrimSpace(*in.content) != "" || len(in.embeds) > 0 || in.others > 0
}

// messageFlagsSettable are the flags a bot may set on a message.
const messageFlagsSettable = 1<<2 | 1<<12 | 1<<13 | 1<<15

// messageBody reads a JSON body, or a multipart one (see multipartBody).
func (c *call) messageBody() (gjson.Result, []upload, *apiError) {
	if !c.isMultipart() {
		body, err := c.body()
		return body, nil, err
	}
	return c.multipartBody()
}

// parseMessageInput validates a create (create=true) or edit body with
// Discord's limits: content ≤ 2000 characters, ≤ 10 embeds.
func parseMessageInput(body gjson.Result, create bool) (*messageInput, *apiError) {
	in := &messageInput{}
	fe := formErrors{}
	if v := body.Get("content"); v.Exists() && v.Type != gjson.Null {
		s := v.String()
		switch {
		case v.Type != gjson.String:
			fe.add("BASE_TYPE_STRING", "Must be a string.", "content")
		case utf8.RuneCountInString(s) > 2000:
			fe.add("BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.", "content")
		}
		in.content = &s
	} else if create || v.Type == gjson.Null {
		empty := ""
		in.content = &empty
	}
	parseEmbeds(body.Get("embeds"), in, fe)
	in.others = len(body.Get("sticker_ids").Array())
	in.tts = body.Get("tts").Bool()
	if v := body.Get("nonce"); v.Exists() && v.Type != gjson.Null {
		if v.Type == gjson.String && utf8.RuneCountInString(v.String()) > 25 {
			fe.add("BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.", "nonce")
		}
		in.nonce = json.RawMessage(v.Raw)
	}
	if v := body.Get("flags"); v.Exists() && v.Type != gjson.Null {
		in.flags, in.flagsSet = int(v.Int())&messageFlagsSettable, true
	}
	if v := body.Get("message_reference"); v.Exists() && v.Type != gjson.Null && create {
		parseReference(v, in, fe)
	}
	if v := body.Get("allowed_mentions"); v.Exists() && v.Type != gjson.Null {
		in.mentionsSet = true
		in.am = parseAllowedMentions(v, fe)
	}
	if err := fe.err(); err != nil {
		return nil, err
	}
	return in, nil
}

func parseEmbeds(v gjson.Result, in *messageInput, fe formErrors) {
	if !v.Exists() || v.Type == gjson.Null {
		return
	}
	in.embedsSet = true
	if !v.IsArray() {
		fe.add("LIST_TYPE_CONVERT", "Only iterables may be used in a ListType", "embeds")
		return
	}
	items := v.Array()
	if len(items) > 10 {
		fe.add("BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.", "embeds")
		return
	}
	for i, it := range items {
		at := itoa(int64(i))
		if !it.IsObject() {
			fe.add("MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType", "embeds", at)
			continue
		}
		for _, f := range []struct {
			name string
			max  int
		}{{"title", 256}, {"description", 4096}} {
			if utf8.RuneCountInString(it.Get(f.name).String()) > f.max {
				fe.add("BASE_TYPE_MAX_LENGTH", "Must be "+itoa(int64(f.max))+" or fewer in length.", "embeds", at, f.name)
			}
		}
		if len(it.Get("fields").Array()) > 25 {
			fe.add("BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.", "embeds", at, "fields")
		}
		in.embeds = append(in.embeds, normaliseEmbed(it.Raw))
	}
}

// normaliseEmbed gives a request embed Discord's response defaults: type
// "rich" and inline false on fields.
func normaliseEmbed(raw string) json.RawMessage {
	var m map[string]any
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return json.RawMessage(raw)
	}
	if _, ok := m["type"]; !ok {
		m["type"] = "rich"
	}
	if fields, ok := m["fields"].([]any); ok {
		for _, f := range fields {
			if fm, ok := f.(map[string]any); ok {
				if _, ok := fm["inline"]; !ok {
					fm["inline"] = false
				}
			}
		}
	}
	return json.RawMessage(marshal(m))
}

func parseReference(v gjson.Result, in *messageInput, fe formErrors) {
	ref := &MessageReference{}
	mid, ok := ParseSnowflake(v.Get("message_id").String())
	if !ok {
		fe.add("NUMBER_TYPE_COERCE", "Value \""+v.Get("message_id").String()+"\" is not snowflake.", "message_reference", "message_id")
		return
	}
	ref.MessageID = mid
	if c := v.Get("channel_id"); c.Exists() && c.Type != gjson.Null {
		ref.ChannelID, _ = ParseSnowflake(c.String())
	}
	in.ref = ref
	f := v.Get("fail_if_not_exists")
	in.refMustExist = !f.Exists() || f.Type == gjson.Null || f.Bool()
}

func parseAllowedMentions(v gjson.Result, fe formErrors) *allowedMentions {
	am := &allowedMentions{repliedUser: v.Get("replied_user").Bool()}
	if !v.IsObject() {
		fe.add("MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType", "allowed_mentions")
		return am
	}
	for i, p := range v.Get("parse").Array() {
		switch s := p.String(); s {
		case "users", "roles", "everyone":
			am.parse = append(am.parse, s)
		default:
			fe.add("ENUM_TYPE_COERCE", "Value \""+s+"\" is not a valid enum value.", "allowed_mentions", "parse", itoa(int64(i)))
		}
	}
	for _, k := range []string{"users", "roles"} {
		list := v.Get(k).Array()
		if len(list) > 100 {
			fe.add("BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.", "allowed_mentions", k)
		}
		for i, it := range list {
			id, ok := ParseSnowflake(it.String())
			if !ok {
				fe.add("NUMBER_TYPE_COERCE", "Value \""+it.String()+"\" is not snowflake.", "allowed_mentions", k, itoa(int64(i)))
				continue
			}
			if k == "users" {
				am.users = append(am.users, id)
			} else {
				am.roles = append(am.roles, id)
			}
		}
		if len(list) > 0 && slices.Contains(am.parse, k) {
			fe.add("ALLOWED_MENTIONS_PARSE_EXCLUSIVE", "parse:[\""+k+"\"] and "+k+": [ids...] are mutually exclusive.", "allowed_mentions")
		}
	}
	return am
}

var (
	userMention = regexp.MustCompile(`<@!?(\d{1,20})>`)
	roleMention = regexp.MustCompile(`<@&(\d{1,20})>`)
)

// applyMentions fills mentions, mention_roles and mention_everyone: what
// the content mentions, narrowed by allowed_mentions and permissions, so
// a caller can see who would actually be pinged. st.mu must be held.
func (e *Emulator) applyMentions(m *Message, ch *Channel, in *messageInput, perms Perm) {
	st := e.st
	am := in.am
	allowAll := am == nil
	m.Mentions, m.MentionRoles, m.MentionEveryone = nil, nil, false
	addUser := func(u *User) {
		if !slices.ContainsFunc(m.Mentions, func(x User) bool { return x.ID == u.ID }) {
			m.Mentions = append(m.Mentions, *u)
		}
	}
	for _, sm := range userMention.FindAllStringSubmatch(m.Content, -1) {
		id, _ := ParseSnowflake(sm[1])
		if u := st.users[id]; u != nil && (allowAll || slices.Contains(am.parse, "users") || slices.Contains(am.users, id)) {
			addUser(u)
		}
	}
	gs := st.guildOf(ch)
	for _, sm := range roleMention.FindAllStringSubmatch(m.Content, -1) {
		id, _ := ParseSnowflake(sm[1])
		if gs == nil || slices.Contains(m.MentionRoles, id) {
			continue
		}
		i := slices.IndexFunc(gs.roles, func(r *Role) bool { return r.ID == id })
		if i < 0 || (!gs.roles[i].Mentionable && perms&discordgo.PermissionMentionEveryone == 0) {
			continue
		}
		if allowAll || slices.Contains(am.parse, "roles") || slices.Contains(am.roles, id) {
			m.MentionRoles = append(m.MentionRoles, id)
		}
	}
	if strings.Contains(m.Content, "@everyone") || strings.Contains(m.Content, "@here") {
		m.MentionEveryone = perms&discordgo.PermissionMentionEveryone != 0 && (allowAll || slices.Contains(am.parse, "everyone"))
	}
	if in.repliedTo != nil && (allowAll || am.repliedUser) {
		addUser(in.repliedTo)
	}
}
