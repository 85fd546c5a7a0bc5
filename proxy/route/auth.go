package route

// Which answers prove that Discord authenticated the bot token. The
// limiter lets a token it has not seen accepted send one request at a
// time within a small share of the invalid-request budget; an answer that
// proves the token lets it out. A made-up token must not be able to earn
// that with an answer Discord gives without looking at the token.
//
// Discord answers these without authenticating the caller (openapi.json
// marks their security as optional, "{}"), or, for the last rows, serves
// them to anyone in practice; an answer here proves nothing. Webhook and
// interaction routes with a token in the path are left out by
// TokenScoped, and unpublished paths (a 404 before any auth check) by
// Known. Routes only an OAuth2 bearer token may call are here too: a bot
// token's answer there is no proof either.
var noAuthRoutes = map[factKey]bool{
	{"GET", TGateway}:                                           true,
	{"GET", TGuildsTemplatesCode}:                               true,
	{"GET", TGuildsGuildIDWidgetJSON}:                           true,
	{"GET", TGuildsGuildIDWidgetPNG}:                            true,
	{"GET", TInvitesCode}:                                       true,
	{"GET", TOAuth2Keys}:                                        true,
	{"POST", TPartnerSDKProvisionalAccountsUnmerge}:             true,
	{"POST", TPartnerSDKToken}:                                  true,
	{"GET", TStickerPacks}:                                      true,
	{"GET", TStickerPacksPackID}:                                true,
	{"GET", TStickersStickerID}:                                 true,
	{"GET", TVoiceRegions}:                                      true,
	{"GET", TSoundboardDefaultSounds}:                           true,
	{"GET", TUsersMeApplicationsApplicationIDEntitlements}:      true,
	{"GET", TUsersMeApplicationsApplicationIDRoleConnection}:    true,
	{"PUT", TUsersMeApplicationsApplicationIDRoleConnection}:    true,
	{"DELETE", TUsersMeApplicationsApplicationIDRoleConnection}: true,
	{"GET", TUsersMeGuildsGuildIDMember}:                        true,
}

// ProvesToken reports whether an answer past authentication (2xx, 403,
// 404) to r shows Discord accepted the bot token: r is a published route
// Discord serves only to an authenticated bot, and carries no token of
// its own.
func (r *Route) ProvesToken() bool {
	return r.Known && !r.TokenScoped && !noAuthRoutes[factKey{r.Method, r.Template}]
}
