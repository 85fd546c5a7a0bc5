package tools

import "github.com/discord-mcp-proxy/discord-mcp-proxy/proxy/discordtest"

// stickers drives the stickers toolset: a server sticker's life (its
// create a multipart form), Discord's packs, a sticker by id.
func (r *driveRun) stickers() {
	g := `"guild_id":"` + discordtest.GuildID.String() + `"`
	id := r.call("create_guild_sticker", `{`+g+`,"name":"wave","tags":"wave","description":"hi","file":"data:image/png;base64,iVBORw0KGgo=","reason":"drive"}`).Get("id").String()
	r.call("list_guild_stickers", `{`+g+`}`)
	r.call("get_guild_sticker", `{`+g+`,"sticker_id":"`+id+`"}`)
	r.call("modify_guild_sticker", `{`+g+`,"sticker_id":"`+id+`","name":"wave2"}`)
	r.call("get_sticker", `{"sticker_id":"`+id+`"}`)
	r.call("delete_guild_sticker", `{`+g+`,"sticker_id":"`+id+`","confirm":true}`)
	r.call("list_sticker_packs", `{}`)
	r.call("get_sticker_pack", `{"pack_id":"`+discordtest.StickerPackID.String()+`"}`)
}

// util drives util_generate_image against the local image fake.
func (r *driveRun) util() {
	out := r.call("util_generate_image", `{"channel_id":"@G","prompt":"a red fox","content":"here it is"}`)
	if out.Get("bytes").Int() == 0 || out.Get("model").Str != "gpt-image-1" || out.Get("id").Str == "" {
		r.t.Errorf("util_generate_image: %s", out.Raw)
	}
}
