package discordtest

import (
	"sort"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Channel invites: create and list.

var inviteRoutes = []route{
	{method: "GET", template: "/channels/{channel_id}/invites", bucket: BucketChannelRead, handle: (*Emulator).listInvites},
	{method: "POST", template: "/channels/{channel_id}/invites", bucket: BucketChannelModify, handle: (*Emulator).createInvite},
}

// invite is one channel invite.
type invite struct {
	code            string
	channel         Snowflake
	inviter         Snowflake
	maxAge, maxUses int
	temporary       bool
	created         time.Time
}

type wireInviteGuild struct {
	ID                       string   `json:"id"`
	Name                     string   `json:"name"`
	Splash                   *string  `json:"splash"`
	Banner                   *string  `json:"banner"`
	Description              *string  `json:"description"`
	Icon                     *string  `json:"icon"`
	Features                 []string `json:"features"`
	VerificationLevel        int      `json:"verification_level"`
	VanityURLCode            *string  `json:"vanity_url_code"`
	NSFWLevel                int      `json:"nsfw_level"`
	NSFW                     bool     `json:"nsfw"`
	PremiumSubscriptionCount int      `json:"premium_subscription_count"`
}

type wireInviteChannel struct {
	ID   string `json:"id"`
	Type int    `json:"type"`
	Name string `json:"name"`
}

type wireInvite struct {
	Type      int               `json:"type"`
	Code      string            `json:"code"`
	Inviter   wireUser          `json:"inviter"`
	MaxAge    int               `json:"max_age"`
	CreatedAt string            `json:"created_at"`
	ExpiresAt *string           `json:"expires_at"`
	Guild     wireInviteGuild   `json:"guild"`
	GuildID   string            `json:"guild_id"`
	Channel   wireInviteChannel `json:"channel"`
	Uses      int               `json:"uses"`
	MaxUses   int               `json:"max_uses"`
	Temporary bool              `json:"temporary"`
}

func (st *state) toWireInvite(inv *invite) wireInvite {
	ch := st.channels[inv.channel]
	gs := st.guildOf(ch)
	w := wireInvite{Code: inv.code, Inviter: toWireUser(st.users[inv.inviter]), MaxAge: inv.maxAge,
		CreatedAt: formatTime(inv.created), GuildID: gs.g.ID.String(), MaxUses: inv.maxUses, Temporary: inv.temporary,
		Channel: wireInviteChannel{ID: ch.ID.String(), Type: ch.Type, Name: ch.Name},
		Guild: wireInviteGuild{ID: gs.g.ID.String(), Name: gs.g.Name, Description: gs.g.Description, Icon: gs.g.Icon,
			Features: append([]string{}, gs.g.Features...), VerificationLevel: gs.g.VerificationLevel, NSFWLevel: gs.g.NSFWLevel}}
	if inv.maxAge > 0 {
		exp := formatTime(inv.created.Add(time.Duration(inv.maxAge) * time.Second))
		w.ExpiresAt = &exp
	}
	return w
}

func (e *Emulator) createInvite(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	ch, err := e.channel(c, discordgo.PermissionCreateInstantInvite)
	if err != nil {
		return fail(err)
	}
	if isThread(ch.Type) || ch.Type == discordgoChannelCategory {
		return fail(errWrongType)
	}
	fe := formErrors{}
	inv := &invite{channel: ch.ID, inviter: st.botID, maxAge: 86400, created: c.now, temporary: body.Get("temporary").Bool()}
	if n, ok := intField(body, "max_age", 0, 604800, fe); ok {
		inv.maxAge = n
	}
	if n, ok := intField(body, "max_uses", 0, 100, fe); ok {
		inv.maxUses = n
	}
	if err := fe.err(); err != nil {
		return fail(err)
	}
	inv.code = "emu" + strconv.FormatUint(uint64(st.mint(c.now)), 36)
	if st.invites == nil {
		st.invites = map[string]*invite{}
	}
	st.invites[inv.code] = inv
	return ok(st.toWireInvite(inv))
}

func (e *Emulator) listInvites(c *call) response {
	st := e.st
	st.mu.Lock()
	defer st.mu.Unlock()
	ch, err := e.channel(c, discordgo.PermissionManageChannels)
	if err != nil {
		return fail(err)
	}
	out := []wireInvite{}
	for _, inv := range st.invites {
		if inv.channel == ch.ID {
			out = append(out, st.toWireInvite(inv))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CreatedAt < out[j].CreatedAt })
	return ok(out)
}
