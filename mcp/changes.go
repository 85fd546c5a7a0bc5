package mcp

import (
	"context"
	"sync"
	"time"
)

// ChangeBinder is an optional interface of Options.Catalog: NewServer
// hands such a catalog the server's Changes, through which it reports what
// changed. Called once, before serving.
type ChangeBinder interface{ BindChanges(*Changes) }

// Changes carries change notifications from the catalog to the clients
// that asked for them: sessions (resources/subscribe; every live session
// gets list changes) and 2026-07-28 subscriptions/listen streams.
// Publishing never blocks the caller: events queue for one delivery
// goroutine, and a full queue drops the event (a notification is a hint;
// the next read shows the truth).
type Changes struct {
	s *Server
	q chan change

	mu       sync.Mutex // guards sessions, listens
	sessions map[*session]*listener
	listens  map[*listener]struct{}
}

// changeQueueLen bounds events waiting for delivery.
const changeQueueLen = 1024

// checkTimeout bounds one scope check of a subscriber at delivery.
const checkTimeout = 5 * time.Second

type listKind uint8

const (
	listResources listKind = 1 << iota
	listPrompts
)

type change struct {
	uri  string // resources/updated; "" for a list change
	list listKind
	// visible says who may hear it: list changes (nil = all) and deleted
	// resources; nil on an update means "whoever may read uri now".
	visible func(context.Context) bool
}

// listener is one place notifications go.
type listener struct {
	ctx   context.Context // the subscriber's scope, detached from its request
	send  func([]byte)
	done  <-chan struct{}
	subID string   // raw JSON id of a subscriptions/listen request; "" on a session
	lists listKind // list changes it wants

	mu   sync.Mutex // guards uris, ctx
	uris map[string]bool
}

func newChanges(s *Server) *Changes {
	return &Changes{s: s, q: make(chan change, changeQueueLen), sessions: map[*session]*listener{}, listens: map[*listener]struct{}{}}
}

// ResourceUpdated tells the subscribers of uri that may read it.
func (c *Changes) ResourceUpdated(uri string) { c.enqueue(change{uri: uri}) }

// ResourceDeleted tells the subscribers of uri for which visible reports
// true on their scope: a deleted resource can no longer be read, so the
// catalog says who could see it.
func (c *Changes) ResourceDeleted(uri string, visible func(context.Context) bool) {
	c.enqueue(change{uri: uri, visible: visible})
}

// ResourceListChanged tells the clients that listen for it and for which
// visible (nil: everyone) reports true on their scope.
func (c *Changes) ResourceListChanged(visible func(context.Context) bool) {
	c.enqueue(change{list: listResources, visible: visible})
}

// PromptListChanged tells every client that listens for it.
func (c *Changes) PromptListChanged() { c.enqueue(change{list: listPrompts}) }

func (c *Changes) enqueue(ch change) {
	select {
	case c.q <- ch:
	default:
		c.s.log.Warn().Str("uri", ch.uri).Msg("mcp: change notification queue full; dropped")
	}
}

// run delivers events until ctx ends.
func (c *Changes) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case ch := <-c.q:
			c.deliver(ch)
		}
	}
}

func (c *Changes) deliver(ch change) {
	for _, l := range c.live() {
		if !l.wants(ch) || !c.allowed(l, ch) {
			continue
		}
		method, params := "notifications/resources/updated", []byte(nil)
		switch ch.list {
		case listResources:
			method = "notifications/resources/list_changed"
		case listPrompts:
			method = "notifications/prompts/list_changed"
		}
		if ch.uri != "" {
			params = append(appendJSONString([]byte(`{"uri":`), ch.uri), '}')
		}
		l.send(appendNotification(nil, method, withSubscriptionID(params, l.subID)))
	}
}

// allowed re-checks the subscriber's scope at delivery: what it may read
// may have narrowed since it subscribed.
func (c *Changes) allowed(l *listener, ch change) bool {
	if ch.uri != "" && ch.visible == nil {
		rc := c.s.resourceCatalog()
		if rc == nil {
			return false
		}
		ctx, cancel := context.WithTimeout(l.scope(), checkTimeout)
		defer cancel()
		return rc.CheckResource(ctx, ch.uri) == nil
	}
	return ch.visible == nil || ch.visible(l.scope())
}

// withSubscriptionID adds _meta naming the listen request (2026-07-28),
// so the client can tell which of its streams a notification is for.
func withSubscriptionID(params []byte, subID string) []byte {
	if subID == "" {
		return params
	}
	meta := `"_meta":{"io.modelcontextprotocol/subscriptionId":` + subID + `}`
	if len(params) <= 2 { // none, or {}
		return []byte("{" + meta + "}")
	}
	out := append([]byte(nil), params[:len(params)-1]...)
	return append(append(out, ','), meta+"}"...)
}

// live returns the current listeners, forgetting those whose session or
// stream ended.
func (c *Changes) live() []*listener {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]*listener, 0, len(c.sessions)+len(c.listens))
	for ss, l := range c.sessions {
		if ss.ended() {
			delete(c.sessions, ss)
			continue
		}
		out = append(out, l)
	}
	for l := range c.listens {
		out = append(out, l)
	}
	return out
}

// sessionListener returns the session's listener, made on first use; it
// keeps the scope of the session's latest subscribing request.
func (c *Changes) sessionListener(ss *session, ctx context.Context) *listener {
	c.mu.Lock()
	defer c.mu.Unlock()
	l := c.sessions[ss]
	if l == nil {
		for old := range c.sessions { // forget ended sessions even when nothing changes
			if old.ended() {
				delete(c.sessions, old)
			}
		}
		l = &listener{send: ss.push, done: ss.done, lists: listResources | listPrompts, uris: map[string]bool{}}
		c.sessions[ss] = l
	}
	l.mu.Lock()
	l.ctx = context.WithoutCancel(ctx)
	l.mu.Unlock()
	return l
}

// addListen registers a subscriptions/listen stream until remove is called.
func (c *Changes) addListen(l *listener) (remove func()) {
	c.mu.Lock()
	c.listens[l] = struct{}{}
	c.mu.Unlock()
	return func() {
		c.mu.Lock()
		delete(c.listens, l)
		c.mu.Unlock()
	}
}

func (l *listener) subscribe(uri string) {
	l.mu.Lock()
	l.uris[uri] = true
	l.mu.Unlock()
}

func (l *listener) unsubscribe(uri string) {
	l.mu.Lock()
	delete(l.uris, uri)
	l.mu.Unlock()
}

func (l *listener) wants(ch change) bool {
	select {
	case <-l.done:
		return false
	default:
	}
	if ch.uri == "" {
		return l.lists&ch.list != 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.uris[ch.uri]
}

func (l *listener) scope() context.Context {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.ctx
}
