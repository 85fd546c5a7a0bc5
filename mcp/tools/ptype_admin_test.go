package tools

import (
	"strconv"
	"testing"
	"time"

	dg "github.com/bwmarrin/discordgo"
	"github.com/tidwall/gjson"
)

// TestPermissionNames: the names permissions are given by are Discord's
// bits, checked against discordgo's constants, and both spellings encode
// to the same integer.
func TestPermissionNames(t *testing.T) {
	want := map[string]int64{
		"create_instant_invite": dg.PermissionCreateInstantInvite, "kick_members": dg.PermissionKickMembers,
		"ban_members": dg.PermissionBanMembers, "administrator": dg.PermissionAdministrator,
		"manage_channels": dg.PermissionManageChannels, "manage_guild": dg.PermissionManageGuild,
		"add_reactions": dg.PermissionAddReactions, "view_audit_log": dg.PermissionViewAuditLogs,
		"priority_speaker": dg.PermissionVoicePrioritySpeaker, "stream": dg.PermissionVoiceStreamVideo,
		"view_channel": dg.PermissionViewChannel, "send_messages": dg.PermissionSendMessages,
		"send_tts_messages": dg.PermissionSendTTSMessages, "manage_messages": dg.PermissionManageMessages,
		"embed_links": dg.PermissionEmbedLinks, "attach_files": dg.PermissionAttachFiles,
		"read_message_history": dg.PermissionReadMessageHistory, "mention_everyone": dg.PermissionMentionEveryone,
		"use_external_emojis": dg.PermissionUseExternalEmojis, "view_guild_insights": dg.PermissionViewGuildInsights,
		"connect": dg.PermissionVoiceConnect, "speak": dg.PermissionVoiceSpeak, "mute_members": dg.PermissionVoiceMuteMembers,
		"deafen_members": dg.PermissionVoiceDeafenMembers, "move_members": dg.PermissionVoiceMoveMembers,
		"use_vad": dg.PermissionVoiceUseVAD, "change_nickname": dg.PermissionChangeNickname,
		"manage_nicknames": dg.PermissionManageNicknames, "manage_roles": dg.PermissionManageRoles,
		"manage_webhooks": dg.PermissionManageWebhooks, "manage_guild_expressions": dg.PermissionManageGuildExpressions,
		"use_application_commands": dg.PermissionUseApplicationCommands, "request_to_speak": dg.PermissionVoiceRequestToSpeak,
		"manage_events": dg.PermissionManageEvents, "manage_threads": dg.PermissionManageThreads,
		"create_public_threads": dg.PermissionCreatePublicThreads, "create_private_threads": dg.PermissionCreatePrivateThreads,
		"use_external_stickers": dg.PermissionUseExternalStickers, "send_messages_in_threads": dg.PermissionSendMessagesInThreads,
		"use_embedded_activities": dg.PermissionUseActivities, "moderate_members": dg.PermissionModerateMembers,
		"view_creator_monetization_analytics": dg.PermissionViewCreatorMonetizationAnalytics,
		"use_soundboard":                      dg.PermissionUseSoundboard, "create_guild_expressions": dg.PermissionCreateGuildExpressions,
		"create_events": dg.PermissionCreateEvents, "use_external_sounds": dg.PermissionUseExternalSounds,
		"send_voice_messages": dg.PermissionSendVoiceMessages, "send_polls": dg.PermissionSendPolls,
		"use_external_apps": dg.PermissionUseExternalApps,
	}
	if got := len(permNameList()); got != len(want) {
		t.Errorf("%d permission names, want %d", got, len(want))
	}
	for name, bit := range want {
		v := gjson.Parse(`["` + name + `"]`)
		if err := tPerms.check("p", v); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got := tPerms.text(v); got != strconv.FormatInt(bit, 10) {
			t.Errorf("%s encodes as %s, want %d", name, got, bit)
		}
	}
	both := gjson.Parse(`["manage_messages","kick_members"]`)
	if tPerms.text(both) != "8194" || tPerms.text(gjson.Parse(`"8194"`)) != "8194" {
		t.Errorf("names and integer disagree: %s", tPerms.text(both))
	}
}

// TestTimeoutDuration: a duration becomes the moment that far ahead.
func TestTimeoutDuration(t *testing.T) {
	for in, d := range map[string]time.Duration{"90s": 90 * time.Second, "10m": 10 * time.Minute, "2h": 2 * time.Hour, "28d": maxTimeout} {
		v := gjson.Parse(`"` + in + `"`)
		if err := timeoutT.check("timeout", v); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		at, err := time.Parse(time.RFC3339, timeoutT.text(v))
		if off := time.Until(at) - d; err != nil || off > 2*time.Second || off < -2*time.Second {
			t.Errorf("%s: %s (%v), want now+%v", in, timeoutT.text(v), err, d)
		}
	}
}
