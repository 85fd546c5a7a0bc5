package mcp

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The stateless revision (2026-07-28) has no server requests: a tool that
// needs an answer ends its call with an input_required result carrying
// the questions (inputRequests) and an opaque requestState; the client
// asks its user and calls again with inputResponses and the state.
//
// The state is signed (HMAC-SHA256 with the server's key), bound to the
// tool and its exact arguments, expires, and is accepted once: a client
// cannot answer a question it was never asked, reuse one call's consent
// for other arguments, or replay it. Answers to earlier rounds travel
// inside the signed state, so a tool that asks twice gets both.

// stateTTL is how long a question stays answerable.
const stateTTL = 10 * time.Minute

// inputRound is one stateless tools/call's view of the exchange.
type inputRound struct {
	canElicit bool
	call      string            // hash of tool name and arguments
	answers   map[string]answer // verified answers by input key
	asked     []asked           // questions this run could not answer yet
	n         int               // Elicit calls so far: keys are their order
	mu        sync.Mutex        // guards n, asked
}

type answer struct {
	Q string          `json:"q"` // hash of the question it answers
	R json.RawMessage `json:"r"` // the client's elicitation result
}

type asked struct {
	key, q string
	params []byte
}

// signedState is requestState's payload.
type signedState struct {
	Exp     int64             `json:"exp"`
	Nonce   string            `json:"nonce"`
	Call    string            `json:"call"`
	Answers map[string]answer `json:"answers,omitempty"`
	Asked   map[string]string `json:"asked"` // key → question hash
}

// newInputRound reads a stateless tools/call's params. A state that is
// missing, forged, expired, for another call or already used yields no
// answers: the questions are simply asked again. A client that cannot
// answer a form gets no round at all: Elicit then refuses at once, as it
// does outside a session, and nothing is hashed or verified.
func (s *Server) newInputRound(p *callParams, name string, args []byte) *inputRound {
	if caps := p.caps.res(); !caps.IsObject() || !declaresFormElicitation(caps.Get("elicitation")) {
		return nil
	}
	in := &inputRound{canElicit: true, call: callHash(name, args), answers: map[string]answer{}}
	st, ok := s.states.open(p.requestState.res().String(), in.call)
	if !ok {
		return in
	}
	in.answers = st.Answers
	if in.answers == nil {
		in.answers = map[string]answer{}
	}
	resp := p.inputResponses.res()
	for key, q := range st.Asked {
		if r := resp.Get(escapePath(key)); r.IsObject() {
			in.answers[key] = answer{Q: q, R: json.RawMessage(r.Raw)}
		}
	}
	return in
}

// escapePath escapes gjson's path syntax in a literal key.
func escapePath(key string) string {
	b := make([]byte, 0, len(key)+4)
	for i := 0; i < len(key); i++ {
		switch key[i] {
		case '.', '*', '?', '|', '#', '@', '!', '=', '<', '>', '%', '\\':
			b = append(b, '\\')
		}
		b = append(b, key[i])
	}
	return string(b)
}

// elicit answers from a verified answer to this very question, or records
// the question and stops the call.
func (in *inputRound) elicit(message string, schema json.RawMessage) (string, json.RawMessage, error) {
	if !in.canElicit {
		return "", nil, ErrNoElicitation
	}
	params := elicitParams(true, message, schema)
	q := hashHex(params)
	in.mu.Lock()
	in.n++
	key := "elicit-" + strconv.Itoa(in.n)
	a, ok := in.answers[key]
	if !ok || a.Q != q {
		in.asked = append(in.asked, asked{key: key, q: q, params: params})
	}
	in.mu.Unlock()
	if !ok || a.Q != q {
		return "", nil, ErrInputRequired
	}
	return parseElicitAnswer(a.R)
}

// pending reports whether the call asked something it has no answer to.
func (in *inputRound) pending() bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	return len(in.asked) > 0
}

// result is the input_required result that replaces the call's own.
func (in *inputRound) result(states *stateSigner) []byte {
	in.mu.Lock()
	defer in.mu.Unlock()
	st := signedState{Exp: time.Now().Add(stateTTL).Unix(), Call: in.call, Answers: in.answers, Asked: map[string]string{}}
	b := []byte(`{"resultType":"input_required","inputRequests":{`)
	for i, a := range in.asked {
		if i > 0 {
			b = append(b, ',')
		}
		st.Asked[a.key] = a.q
		b = appendJSONString(b, a.key)
		b = append(b, `:{"method":"elicitation/create","params":`...)
		b = append(b, a.params...)
		b = append(b, '}')
	}
	b = append(b, `},"requestState":`...)
	b = appendJSONString(b, states.seal(st))
	return append(b, '}')
}

func callHash(name string, args []byte) string {
	var c bytes.Buffer
	if json.Compact(&c, args) != nil {
		c.Reset()
		c.Write(args)
	}
	return hashHex(append(append([]byte(name), 0), c.Bytes()...))
}

func hashHex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:16])
}

// stateSigner seals and opens request states; used remembers accepted
// nonces until they expire.
type stateSigner struct {
	key  []byte
	mu   sync.Mutex // guards used
	used map[string]int64
}

// maxUsedStates bounds the replay memory; when it is full of unexpired
// states, new ones are refused (the question is asked again).
const maxUsedStates = 100_000

func newStateSigner(key []byte) *stateSigner {
	if len(key) == 0 {
		key = make([]byte, 32)
		_, _ = rand.Read(key) // crypto/rand.Read never fails (Go 1.24+)
	}
	return &stateSigner{key: key, used: map[string]int64{}}
}

func (g *stateSigner) mac(payload string) string {
	m := hmac.New(sha256.New, g.key)
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func (g *stateSigner) seal(st signedState) string {
	var n [16]byte
	_, _ = rand.Read(n[:])
	st.Nonce = hex.EncodeToString(n[:])
	b, _ := json.Marshal(st) // maps of strings and raw JSON always marshal
	p := base64.RawURLEncoding.EncodeToString(b)
	return p + "." + g.mac(p)
}

// open verifies a state for call and marks it used.
func (g *stateSigner) open(state, call string) (signedState, bool) {
	var st signedState
	p, sig, ok := strings.Cut(state, ".")
	if !ok || !hmac.Equal([]byte(sig), []byte(g.mac(p))) {
		return st, false
	}
	b, err := base64.RawURLEncoding.DecodeString(p)
	if err != nil || json.Unmarshal(b, &st) != nil {
		return st, false
	}
	now := time.Now().Unix()
	if st.Exp < now || st.Call != call || st.Nonce == "" {
		return st, false
	}
	return st, g.consume(st.Nonce, st.Exp, now)
}

func (g *stateSigner) consume(nonce string, exp, now int64) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.used) >= maxUsedStates/2 {
		for k, e := range g.used {
			if e < now {
				delete(g.used, k)
			}
		}
	}
	if _, seen := g.used[nonce]; seen || len(g.used) >= maxUsedStates {
		return false
	}
	g.used[nonce] = exp
	return true
}
