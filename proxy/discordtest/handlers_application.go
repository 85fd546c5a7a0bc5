package discordtest

import (
	"encoding/json"
	"sort"
	"time"

	"github.com/tidwall/gjson"
	"github.com/valyala/fasthttp"
)

// The bot's application (its id is the bot user's, as for every bot made
// in Discord's developer portal): read and modify it, its role-connection
// metadata, its entitlements, and its SKU's subscriptions. One SKU
// (AppSKUID) has one subscription (AppSubscriptionID, the owner's).

// Ids of the application's seeded objects, so tests can name them.
const (
	AppSKUID          Snowflake = 1100000000000000001
	AppSubscriptionID Snowflake = 1100000000000000002
)

var (
	errUnknownApplication = &apiError{fasthttp.StatusNotFound, 10002, "Unknown Application", nil}
	errUnknownEntitlement = &apiError{fasthttp.StatusNotFound, 10029, "Unknown Entitlement", nil}
	errUnknownSKU         = &apiError{fasthttp.StatusNotFound, 10046, "Unknown SKU", nil}
)

var applicationRoutes = []route{
	{method: "GET", template: "/applications/@me", bucket: BucketApplication, handle: (*Emulator).getApplication},
	{method: "PATCH", template: "/applications/@me", bucket: BucketApplication, handle: (*Emulator).patchApplication},
	{method: "GET", template: "/applications/{application_id}/role-connections/metadata", bucket: BucketApplication, handle: (*Emulator).getRoleConnMetadata},
	{method: "PUT", template: "/applications/{application_id}/role-connections/metadata", bucket: BucketApplication, handle: (*Emulator).putRoleConnMetadata},
	{method: "GET", template: "/applications/{application_id}/entitlements", bucket: BucketApplication, handle: (*Emulator).listEntitlements},
	{method: "POST", template: "/applications/{application_id}/entitlements", bucket: BucketApplication, handle: (*Emulator).createEntitlement},
	{method: "GET", template: "/applications/{application_id}/entitlements/{entitlement_id}", bucket: BucketApplication, handle: (*Emulator).getEntitlement},
	{method: "DELETE", template: "/applications/{application_id}/entitlements/{entitlement_id}", bucket: BucketApplication, handle: (*Emulator).deleteEntitlement},
	{method: "POST", template: "/applications/{application_id}/entitlements/{entitlement_id}/consume", bucket: BucketApplication, handle: (*Emulator).consumeEntitlement},
	{method: "GET", template: "/skus/{sku_id}/subscriptions", bucket: BucketApplication, handle: (*Emulator).listSubscriptions},
	{method: "GET", template: "/skus/{sku_id}/subscriptions/{subscription_id}", bucket: BucketApplication, handle: (*Emulator).getSubscription},
}

// BucketApplication is the application routes' bucket (not limited by
// DefaultLimits).
const BucketApplication = "application"

// appState is the application's editable side; made on first use.
type appState struct {
	form         map[string]json.RawMessage // PATCH /applications/@me fields as last set
	metadata     json.RawMessage            // role-connection metadata records
	entitlements map[Snowflake]*entitlement
}

type entitlement struct {
	id, sku, user, guild Snowflake
	typ                  int
	consumed, deleted    bool
}

// app returns the application state; st.mu must be held.
func (st *state) application() *appState {
	if st.app == nil {
		st.app = &appState{form: map[string]json.RawMessage{}, metadata: json.RawMessage("[]"), entitlements: map[Snowflake]*entitlement{}}
	}
	return st.app
}

// appFor checks application_id is the bot's; st.mu must be held.
func (e *Emulator) appFor(c *call) (*appState, *apiError) {
	id, err := c.snowflake("application_id")
	if err != nil {
		return nil, err
	}
	if id != e.st.botID {
		return nil, errUnknownApplication
	}
	return e.st.application(), nil
}

// wireApplication is Discord's PrivateApplicationResponse.
type wireApplication struct {
	ID                    string          `json:"id"`
	Name                  string          `json:"name"`
	Icon                  *string         `json:"icon"`
	Description           string          `json:"description"`
	Type                  *int            `json:"type"`
	VerifyKey             string          `json:"verify_key"`
	Flags                 int             `json:"flags"`
	FlagsNew              string          `json:"flags_new"`
	RedirectURIs          []string        `json:"redirect_uris"`
	InteractionsURL       *string         `json:"interactions_endpoint_url"`
	RoleConnURL           *string         `json:"role_connections_verification_url"`
	Owner                 wireUser        `json:"owner"`
	GuildCount            int             `json:"approximate_guild_count"`
	UserInstallCount      int             `json:"approximate_user_install_count"`
	UserAuthCount         int             `json:"approximate_user_authorization_count"`
	ExplicitContentFilter int             `json:"explicit_content_filter"`
	Team                  *struct{}       `json:"team"`
	Scopes                []string        `json:"eligible_oauth2_scopes"`
	Tags                  json.RawMessage `json:"tags,omitempty"`
	CustomInstallURL      *string         `json:"custom_install_url,omitempty"`
}

func (e *Emulator) wireApp() wireApplication {
	st := e.st
	a, bot := st.application(), st.users[st.botID]
	w := wireApplication{ID: bot.ID.String(), Name: bot.Username, Description: "", VerifyKey: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		FlagsNew: "0", RedirectURIs: []string{}, Owner: toWireUser(st.users[OwnerUserID]), GuildCount: len(st.guilds), Scopes: []string{"bot", "applications.commands"}}
	if st.users[OwnerUserID] == nil {
		w.Owner = toWireUser(bot)
	}
	str := func(k string) *string {
		if v := gjson.ParseBytes(a.form[k]); v.Type == gjson.String {
			return &v.Str
		}
		return nil
	}
	w.InteractionsURL, w.RoleConnURL, w.CustomInstallURL = str("interactions_endpoint_url"), str("role_connections_verification_url"), str("custom_install_url")
	if h := str("icon"); h != nil {
		w.Icon = imageHash(*h)
	}
	if t, ok := a.form["tags"]; ok && string(t) != "null" {
		w.Tags = t
	}
	return w
}

func (e *Emulator) getApplication(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	return ok(e.wireApp())
}

// appFormKeys are the PATCH /applications/@me fields the emulator keeps;
// any other known key is taken and ignored.
var appFormKeys = []string{"interactions_endpoint_url", "role_connections_verification_url", "custom_install_url", "tags", "icon", "cover_image"}

func (e *Emulator) patchApplication(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	if t := body.Get("tags"); t.Exists() && t.Type != gjson.Null && (!t.IsArray() || len(t.Array()) > 5) {
		return fail(formError("BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.", "tags"))
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	a := e.st.application()
	for _, k := range appFormKeys {
		if v := body.Get(k); v.Exists() {
			a.form[k] = json.RawMessage(v.Raw)
		}
	}
	return ok(e.wireApp())
}

func (e *Emulator) getRoleConnMetadata(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	a, err := e.appFor(c)
	if err != nil {
		return fail(err)
	}
	return response{status: fasthttp.StatusOK, body: append([]byte(nil), a.metadata...)}
}

func (e *Emulator) putRoleConnMetadata(c *call) response {
	raw := c.ctx.PostBody()
	if !gjson.ValidBytes(raw) {
		return fail(errInvalidJSON)
	}
	list := gjson.ParseBytes(raw)
	if !list.IsArray() || len(list.Array()) > 5 {
		return fail(formError("BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length."))
	}
	out := make([]map[string]any, 0, 5)
	for _, it := range list.Array() {
		out = append(out, map[string]any{"type": it.Get("type").Int(), "key": it.Get("key").Str, "name": it.Get("name").Str,
			"description": it.Get("description").Str})
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	a, err := e.appFor(c)
	if err != nil {
		return fail(err)
	}
	a.metadata = marshal(out)
	return response{status: fasthttp.StatusOK, body: append([]byte(nil), a.metadata...)}
}

// wireEntitlement is Discord's EntitlementResponse.
type wireEntitlement struct {
	ID       string  `json:"id"`
	SKU      string  `json:"sku_id"`
	App      string  `json:"application_id"`
	User     string  `json:"user_id"`
	Guild    *string `json:"guild_id"`
	Deleted  bool    `json:"deleted"`
	Starts   *string `json:"starts_at"`
	Ends     *string `json:"ends_at"`
	Type     int     `json:"type"`
	Consumed bool    `json:"consumed"`
}

func (e *Emulator) wireEnt(x *entitlement) wireEntitlement {
	w := wireEntitlement{ID: x.id.String(), SKU: x.sku.String(), App: e.st.botID.String(), User: x.user.String(), Deleted: x.deleted, Type: x.typ, Consumed: x.consumed}
	if x.guild != 0 {
		g := x.guild.String()
		w.Guild = &g
	}
	return w
}

func (e *Emulator) listEntitlements(c *call) response {
	limit, ferr := c.intQuery("limit", 100, 1, 100)
	if ferr != nil {
		return fail(ferr)
	}
	user, ferr := c.snowflakeQuery("user_id")
	if ferr != nil {
		return fail(ferr)
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	a, err := e.appFor(c)
	if err != nil {
		return fail(err)
	}
	out := []wireEntitlement{}
	for _, x := range a.entitlements {
		if (user == 0 || x.user == user) && !x.deleted && len(out) < limit {
			out = append(out, e.wireEnt(x))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return ok(out)
}

func (e *Emulator) createEntitlement(c *call) response {
	body, berr := c.body()
	if berr != nil {
		return fail(berr)
	}
	sku, ok1 := ParseSnowflake(body.Get("sku_id").String())
	owner, ok2 := ParseSnowflake(body.Get("owner_id").String())
	kind := body.Get("owner_type").Int()
	if !ok1 || !ok2 || kind != 1 && kind != 2 {
		return fail(formError("BASE_TYPE_REQUIRED", "This field is required", "sku_id"))
	}
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	a, err := e.appFor(c)
	if err != nil {
		return fail(err)
	}
	if sku != AppSKUID {
		return fail(errUnknownSKU)
	}
	x := &entitlement{id: e.st.mint(c.now), sku: sku, typ: 8} // the published spec knows types 8 and 10 only
	if kind == 1 {
		x.guild, x.user = owner, e.st.botID
	} else {
		x.user = owner
	}
	a.entitlements[x.id] = x
	return ok(e.wireEnt(x))
}

// entitlementOf resolves entitlement_id; st.mu must be held.
func (e *Emulator) entitlementOf(c *call) (*entitlement, *apiError) {
	a, err := e.appFor(c)
	if err != nil {
		return nil, err
	}
	id, err := c.snowflake("entitlement_id")
	if err != nil {
		return nil, err
	}
	x := a.entitlements[id]
	if x == nil || x.deleted {
		return nil, errUnknownEntitlement
	}
	return x, nil
}

func (e *Emulator) getEntitlement(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	x, err := e.entitlementOf(c)
	if err != nil {
		return fail(err)
	}
	return ok(e.wireEnt(x))
}

func (e *Emulator) deleteEntitlement(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	x, err := e.entitlementOf(c)
	if err != nil {
		return fail(err)
	}
	x.deleted = true
	return noContent()
}

func (e *Emulator) consumeEntitlement(c *call) response {
	e.st.mu.Lock()
	defer e.st.mu.Unlock()
	x, err := e.entitlementOf(c)
	if err != nil {
		return fail(err)
	}
	x.consumed = true
	return noContent()
}

// wireSubscription is Discord's SubscriptionResponse.
type wireSubscription struct {
	ID           string   `json:"id"`
	User         string   `json:"user_id"`
	SKUs         []string `json:"sku_ids"`
	RenewalSKUs  []string `json:"renewal_sku_ids"`
	Entitlements []string `json:"entitlement_ids"`
	Start        string   `json:"current_period_start"`
	End          string   `json:"current_period_end"`
	Status       int      `json:"status"`
	CanceledAt   *string  `json:"canceled_at"`
}

// theSubscription is the seeded one: the owner's, this month.
func theSubscription(now time.Time) wireSubscription {
	start := now.UTC().Truncate(24 * time.Hour)
	return wireSubscription{ID: AppSubscriptionID.String(), User: OwnerUserID.String(), SKUs: []string{AppSKUID.String()},
		RenewalSKUs: []string{}, Entitlements: []string{}, Start: formatTime(start), End: formatTime(start.Add(30 * 24 * time.Hour))}
}

// skuFor checks sku_id is the application's SKU.
func skuFor(c *call) *apiError {
	id, err := c.snowflake("sku_id")
	if err != nil {
		return err
	}
	if id != AppSKUID {
		return errUnknownSKU
	}
	return nil
}

func (e *Emulator) listSubscriptions(c *call) response {
	if err := skuFor(c); err != nil {
		return fail(err)
	}
	user, ferr := c.snowflakeQuery("user_id")
	if ferr != nil {
		return fail(ferr)
	}
	out := []wireSubscription{}
	if user == 0 || user == OwnerUserID {
		out = append(out, theSubscription(c.now))
	}
	return ok(out)
}

func (e *Emulator) getSubscription(c *call) response {
	if err := skuFor(c); err != nil {
		return fail(err)
	}
	if id, err := c.snowflake("subscription_id"); err != nil || id != AppSubscriptionID {
		return fail(errNotFound)
	}
	return ok(theSubscription(c.now))
}
