package route

import (
	"errors"
	"fmt"
)

// Sentinel errors; a *PathError wraps one of them, so callers test with
// errors.Is and never by message.
var (
	// ErrMethod: the method is not one Discord's REST API uses.
	ErrMethod = errors.New("route: method not allowed")
	// ErrUnsafePath: the path cannot be normalised without guessing what
	// Discord (or a policy pattern) would make of it.
	ErrUnsafePath = errors.New("route: unsafe path")
	// ErrPathTooLong: the path exceeds MaxPathLen.
	ErrPathTooLong = errors.New("route: path too long")
)

// PathError says why Parse refused a request line, and where.
type PathError struct {
	Method string
	Path   string
	Pos    int    // byte offset in Path of the offending input, -1 if none
	Reason string // "empty segment", "encoded slash", ...
	Err    error  // ErrMethod, ErrUnsafePath or ErrPathTooLong
}

func (e *PathError) Error() string {
	path := e.Path
	if len(path) > 120 {
		path = path[:120] + "..."
	}
	if e.Pos >= 0 {
		return fmt.Sprintf("%v: %s %q: %s at byte %d", e.Err, e.Method, path, e.Reason, e.Pos)
	}
	return fmt.Sprintf("%v: %s %q: %s", e.Err, e.Method, path, e.Reason)
}

func (e *PathError) Unwrap() error { return e.Err }

func unsafePath(method, path string, pos int, reason string) error {
	return &PathError{Method: method, Path: path, Pos: pos, Reason: reason, Err: ErrUnsafePath}
}
