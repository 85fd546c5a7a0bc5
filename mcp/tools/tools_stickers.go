package tools

import (
	"bytes"
	"encoding/base64"
	"mime/multipart"
	"net/textproto"
	"strings"

	dg "github.com/bwmarrin/discordgo"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/mcp"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy"
	"github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/route"
)

// The stickers toolset: a server's stickers (Manage Expressions to change
// them), Discord's sticker packs, and any sticker by id. Creating one
// uploads a file, so that request is a multipart form (policy refuses a
// form it cannot read while the caller's scope is restricted).

const exSticker, exPack = "151515151515151515", "161616161616161616"

var (
	stickerIDParam = param{name: "sticker_id", desc: "The sticker's id.", typ: tSnowflake, in: inPath, required: true}
	stickerName    = param{name: "name", desc: "The sticker's name, 2-30 characters.", typ: strT{min: 2, max: 30}, in: inBody}
	stickerTags    = param{name: "tags", desc: "Autocomplete words, e.g. an emoji's name (1-200 characters).", typ: strT{min: 1, max: 200}, in: inBody}
	stickerDesc    = param{name: "description", desc: "Up to 100 characters.", typ: str(100), in: inBody}
	stickerPath    = "/guilds/" + exUsr + "/stickers"
)

var stickerFields = []field{
	{name: "id", src: "id", typ: oString},
	{name: "name", src: "name", typ: oString, untrusted: true},
	{name: "description", src: "description", typ: oString, nullable: true, untrusted: true},
	{name: "tags", src: "tags", typ: oString, untrusted: true},
	{name: "format_type", src: "format_type", typ: oInt, desc: "1 png, 2 apng, 3 lottie, 4 gif"},
	{name: "guild_id", src: "guild_id", typ: oString, nullable: true},
	{name: "pack_id", src: "pack_id", typ: oString, nullable: true},
}

var stickerPackFields = []field{
	{name: "id", src: "id", typ: oString},
	{name: "name", src: "name", typ: oString},
	{name: "description", src: "description", typ: oString},
	{name: "stickers", src: "stickers.#", typ: oInt, desc: "how many stickers"},
}

var stickerSpecs = []*spec{
	{
		name: "list_guild_stickers", title: "List server stickers", toolset: tsStickers,
		desc: "List a server's custom stickers.", params: []param{whGuildParam},
		ann:    mcp.Annotations{Title: "List server stickers", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TGuildsGuildIDStickers,
		out:      []field{{name: "stickers", src: "@this", typ: oArray, items: stickerFields}},
		examples: []example{{`{"guild_id":"` + exUsr + `"}`, "GET " + stickerPath}},
	},
	{
		name: "get_guild_sticker", title: "Get server sticker", toolset: tsStickers,
		desc: "Describe one of a server's stickers.", params: []param{whGuildParam, stickerIDParam},
		ann:    mcp.Annotations{Title: "Get server sticker", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TGuildsGuildIDStickersStickerID, out: stickerFields,
		examples: []example{{`{"guild_id":"` + exUsr + `","sticker_id":"` + exSticker + `"}`, "GET " + stickerPath + "/" + exSticker}},
	},
	{
		name: "create_guild_sticker", title: "Create server sticker", toolset: tsStickers,
		desc: "Add a sticker to a server from a PNG, APNG or GIF given as a data URI (up to 512 KiB, 320x320).",
		params: []param{whGuildParam, mustGive(stickerName), mustGive(stickerTags), stickerDesc,
			{name: "file", desc: "The image as a data URI.", typ: imageDataT{max: (512 << 10) * 4 / 3}, required: true}, reasonParam},
		ann:   mcp.Annotations{Title: "Create server sticker", OpenWorldHint: true},
		needs: access{perms: dg.PermissionManageGuildExpressions}, method: "POST", path: route.TGuildsGuildIDStickers,
		plan: stickerForm, run: runPlan(stickerForm), out: stickerFields,
		examples: []example{{`{"guild_id":"` + exUsr + `","name":"wave","tags":"wave","file":"data:image/png;base64,AAAA"}`,
			"POST " + stickerPath + ` multipart name=wave tags=wave file="sticker.png" (image/png, 3 bytes)`}},
	},
	{
		name: "modify_guild_sticker", title: "Modify server sticker", toolset: tsStickers,
		desc:   "Rename a server's sticker or change its tags or description.",
		params: []param{whGuildParam, stickerIDParam, stickerName, stickerTags, stickerDesc, reasonParam},
		ann:    mcp.Annotations{Title: "Modify server sticker", IdempotentHint: true, OpenWorldHint: true},
		needs:  access{perms: dg.PermissionManageGuildExpressions}, oneOf: []string{"name", "tags", "description"},
		method: "PATCH", path: route.TGuildsGuildIDStickersStickerID, out: stickerFields,
		examples: []example{{`{"guild_id":"` + exUsr + `","sticker_id":"` + exSticker + `","name":"wave2"}`, "PATCH " + stickerPath + "/" + exSticker + ` {"name":"wave2"}`}},
	},
	{
		name: "delete_guild_sticker", title: "Delete server sticker", toolset: tsStickers,
		desc: "Delete a server's sticker.", params: []param{whGuildParam, stickerIDParam, reasonParam},
		ann:   mcp.Annotations{Title: "Delete server sticker", DestructiveHint: true, IdempotentHint: true, OpenWorldHint: true},
		needs: access{perms: dg.PermissionManageGuildExpressions}, method: "DELETE", path: route.TGuildsGuildIDStickersStickerID,
		out:      okWithID("sticker_id"),
		examples: []example{{`{"guild_id":"` + exUsr + `","sticker_id":"` + exSticker + `"}`, "DELETE " + stickerPath + "/" + exSticker}},
	},
	{
		name: "get_sticker", title: "Get sticker", toolset: tsStickers,
		desc: "Describe any sticker by id: a server's or one of Discord's.", params: []param{stickerIDParam},
		ann:    mcp.Annotations{Title: "Get sticker", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TStickersStickerID, out: stickerFields,
		examples: []example{{`{"sticker_id":"` + exSticker + `"}`, "GET /stickers/" + exSticker}},
	},
	{
		name: "list_sticker_packs", title: "List sticker packs", toolset: tsStickers,
		desc:   "List Discord's sticker packs.",
		ann:    mcp.Annotations{Title: "List sticker packs", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TStickerPacks,
		out:      []field{{name: "packs", src: "sticker_packs", typ: oArray, items: stickerPackFields}},
		examples: []example{{`{}`, "GET /sticker-packs"}},
	},
	{
		name: "get_sticker_pack", title: "Get sticker pack", toolset: tsStickers,
		desc:   "Describe one of Discord's sticker packs.",
		params: []param{{name: "pack_id", desc: "The pack's id.", typ: tSnowflake, in: inPath, required: true}},
		ann:    mcp.Annotations{Title: "Get sticker pack", ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: true},
		method: "GET", path: route.TStickerPacksPackID, out: stickerPackFields,
		examples: []example{{`{"pack_id":"` + exPack + `"}`, "GET /sticker-packs/" + exPack}},
	},
}

// stickerBoundary fixes the form's boundary, so a plan reads the same
// every time (examples, previews).
const stickerBoundary = "dmp-sticker-form"

// stickerForm is create_guild_sticker's request: name, tags, description
// and the decoded file as a multipart form.
func stickerForm(sp *spec, a *args) []*proxy.Request {
	req := request(sp, a)
	name, tags, desc, file := a.str("name"), a.str("tags"), a.str("description"), a.str("file")
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	_ = w.SetBoundary(stickerBoundary)
	_ = w.WriteField("name", name)
	_ = w.WriteField("tags", tags)
	if desc != "" {
		_ = w.WriteField("description", desc)
	}
	kind, data, _ := strings.Cut(strings.TrimPrefix(file, "data:image/"), ";base64,")
	raw, _ := base64.StdEncoding.DecodeString(data) // checked by imageDataT
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="sticker.`+kind+`"`)
	h.Set("Content-Type", "image/"+kind)
	part, _ := w.CreatePart(h)
	_, _ = part.Write(raw)
	_ = w.Close()
	req.Body, req.ContentType = b.Bytes(), w.FormDataContentType()
	return []*proxy.Request{req}
}
