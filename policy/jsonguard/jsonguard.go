// Package jsonguard checks a caller's JSON before any other parser reads it:
// well-formed (RFC 8259, UTF-8) and at most MaxDepth levels deep, in one
// pass with no recursion and no allocation, so the cost of a hostile body
// is bounded by its length, never by its nesting.
//
// # Why
//
// gjson.Valid recurses once per nesting level: 1 MiB of "[" grew a
// goroutine stack to 256 MiB, and fasthttp's pooled workers kept it. Every
// entry point that parses caller JSON calls Validate first.
//
// The package imports nothing of ours, so mcp, policy and proxy may all
// use it.
package jsonguard

import (
	"errors"
	"strconv"
)

// MaxDepth is the deepest nesting accepted. Discord's bodies and MCP's
// messages are a handful of levels deep; 64 leaves room and refuses abuse
// early.
const MaxDepth = 64

// Error kinds; an *Error wraps exactly one of them.
var (
	ErrSyntax  = errors.New("malformed JSON")
	ErrTooDeep = errors.New("JSON nested too deeply")
)

// Error says what is wrong and at which byte offset.
type Error struct {
	Kind   error // ErrSyntax or ErrTooDeep
	Offset int
}

func (e *Error) Error() string {
	if e.Kind == ErrTooDeep {
		return "JSON nested deeper than " + strconv.Itoa(MaxDepth) + " levels at byte " + strconv.Itoa(e.Offset)
	}
	return e.Kind.Error() + " at byte " + strconv.Itoa(e.Offset)
}

func (e *Error) Unwrap() error { return e.Kind }

// Validate reports whether b is one JSON value (with optional surrounding
// whitespace), nested at most MaxDepth levels. The error is an *Error.
func Validate(b []byte) error {
	s := scanner{b: b}
	if err := s.run(); err != nil {
		return err
	}
	return nil
}

// Valid is Validate for callers that only need a yes or no.
func Valid(b []byte) bool { return Validate(b) == nil }
