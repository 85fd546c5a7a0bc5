package proxy

import "github.com/tidwall/gjson"

// message appends a message object, without its text when the caller
// lacks the message_content intent: content becomes "", embeds,
// attachments and components become [], poll goes, as Discord itself
// answers a bot without the intent. Replied-to and forwarded messages
// (referenced_message, message_snapshots[].message) are stripped too.
func (a *answerFilter) message(dst []byte, m gjson.Result) []byte {
	if !a.strip || !m.IsObject() {
		return append(dst, m.Raw...)
	}
	dst = append(dst, '{')
	n := 0
	m.ForEach(func(k, v gjson.Result) bool {
		if k.Str == "poll" {
			return true
		}
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		dst = append(append(dst, k.Raw...), ':')
		switch k.Str {
		case "content":
			dst = append(dst, `""`...)
		case "embeds", "attachments", "components":
			dst = append(dst, `[]`...)
		case "referenced_message":
			dst = a.message(dst, v)
		case "message_snapshots":
			dst = appendArray(dst, v, nil, a.snapshot)
		default:
			dst = append(dst, v.Raw...)
		}
		return true
	})
	return append(dst, '}')
}

func (a *answerFilter) snapshot(dst []byte, s gjson.Result) []byte {
	return editMembers(dst, s, map[string]editFunc{"message": a.message})
}

// pinItems: {"items":[{"pinned_at":…,"message":{…}}]}.
func (a *answerFilter) pinItems(dst []byte, items gjson.Result) []byte {
	return appendArray(dst, items, nil, a.snapshot)
}

// searchPages: guild search's "messages" is an array of arrays.
func (a *answerFilter) searchPages(dst []byte, pages gjson.Result) []byte {
	return appendArray(dst, pages, nil, func(d []byte, page gjson.Result) []byte {
		return appendArray(d, page, nil, a.message)
	})
}

// callbackResource: an interaction callback's {"resource":{"message":…}}.
func (a *answerFilter) callbackResource(dst []byte, res gjson.Result) []byte {
	return editMembers(dst, res, map[string]editFunc{"message": a.message})
}

// threads filters a thread list ({"threads","members","first_messages"})
// to the threads in scope, with their members and first messages, and
// strips message text.
func (a *answerFilter) threads(dst []byte, root gjson.Result) []byte {
	kept := map[string]bool{}
	visible := func(t gjson.Result) bool {
		ok := !a.s.FiltersChannels() || a.channelVisible(t)
		if ok {
			kept[t.Get("id").Str] = true
		}
		return ok
	}
	// threads first, so members and first messages can follow them
	// whatever order Discord sends the members in.
	root.Get("threads").ForEach(func(_, t gjson.Result) bool { visible(t); return true })
	return editMembers(dst, root, map[string]editFunc{
		"threads": func(d []byte, v gjson.Result) []byte {
			return appendArray(d, v, func(t gjson.Result) bool { return kept[t.Get("id").Str] }, nil)
		},
		"members": func(d []byte, v gjson.Result) []byte {
			return appendArray(d, v, func(m gjson.Result) bool { return kept[m.Get("id").Str] }, nil)
		},
		"first_messages": func(d []byte, v gjson.Result) []byte {
			return appendArray(d, v, func(m gjson.Result) bool { return kept[m.Get("channel_id").Str] }, a.message)
		},
	})
}
