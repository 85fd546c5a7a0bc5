package jsonguard

import "unicode/utf8"

// scanner walks one document iteratively. The open containers live in a
// bit stack (1 = object), so depth costs one bit, not a stack frame.
type scanner struct {
	b     []byte
	i     int
	depth int
	objs  uint64 // bit d-1 set: level d is an object
}

func (s *scanner) fail(kind error) error { return &Error{Kind: kind, Offset: s.i} }

// run validates the whole input.
func (s *scanner) run() error {
	for {
		s.ws()
		open, err := s.value()
		if err != nil {
			return err
		}
		if open {
			continue
		}
		more, err := s.after()
		if err != nil || !more {
			return err
		}
	}
}

// value reads a scalar, or opens a container and, for an object, reads the
// first key. open reports that a value is due next; otherwise a separator
// or closer is, which after handles.
func (s *scanner) value() (open bool, err error) {
	if s.i >= len(s.b) {
		return false, s.fail(ErrSyntax)
	}
	switch c := s.b[s.i]; {
	case c == '{' || c == '[':
		if s.depth == MaxDepth {
			return false, s.fail(ErrTooDeep)
		}
		s.depth++
		s.objs &^= 1 << (s.depth - 1)
		if c == '{' {
			s.objs |= 1 << (s.depth - 1)
		}
		s.i++
		s.ws()
		if s.i < len(s.b) && (s.b[s.i] == '}' && c == '{' || s.b[s.i] == ']' && c == '[') {
			return false, nil // empty: after closes it
		}
		if c == '{' {
			return true, s.key()
		}
		return true, nil
	case c == '"':
		return false, s.str()
	case c == '-' || c >= '0' && c <= '9':
		return false, s.num()
	case c == 't':
		return false, s.lit("true")
	case c == 'f':
		return false, s.lit("false")
	case c == 'n':
		return false, s.lit("null")
	}
	return false, s.fail(ErrSyntax)
}

// key reads `"name" :` and leaves s.i at the member's value.
func (s *scanner) key() error {
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return s.fail(ErrSyntax)
	}
	if err := s.str(); err != nil {
		return err
	}
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != ':' {
		return s.fail(ErrSyntax)
	}
	s.i++
	s.ws()
	return nil
}

// after consumes separators and closers following a value. more reports
// that another value is due; false with no error means the document ended
// cleanly.
func (s *scanner) after() (more bool, err error) {
	for {
		s.ws()
		if s.depth == 0 {
			if s.i != len(s.b) {
				return false, s.fail(ErrSyntax)
			}
			return false, nil
		}
		if s.i >= len(s.b) {
			return false, s.fail(ErrSyntax)
		}
		obj := s.objs&(1<<(s.depth-1)) != 0
		switch c := s.b[s.i]; {
		case c == ',':
			s.i++
			s.ws()
			if obj {
				return true, s.key()
			}
			return true, nil
		case c == '}' && obj, c == ']' && !obj:
			s.i++
			s.depth--
		default:
			return false, s.fail(ErrSyntax)
		}
	}
}

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *scanner) lit(word string) error {
	if len(s.b)-s.i < len(word) || string(s.b[s.i:s.i+len(word)]) != word {
		return s.fail(ErrSyntax)
	}
	s.i += len(word)
	return nil
}

// str reads a string starting at its opening quote.
func (s *scanner) str() error {
	s.i++
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			s.i++
			return nil
		case c == '\\':
			if err := s.escape(); err != nil {
				return err
			}
		case c < 0x20:
			return s.fail(ErrSyntax)
		case c < utf8.RuneSelf:
			s.i++
		default:
			r, n := utf8.DecodeRune(s.b[s.i:])
			if r == utf8.RuneError && n == 1 {
				return s.fail(ErrSyntax)
			}
			s.i += n
		}
	}
	return s.fail(ErrSyntax)
}

func (s *scanner) escape() error {
	s.i++
	if s.i >= len(s.b) {
		return s.fail(ErrSyntax)
	}
	switch s.b[s.i] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		s.i++
		return nil
	case 'u':
		s.i++
		for k := 0; k < 4; k++ {
			if s.i >= len(s.b) || !isHex(s.b[s.i]) {
				return s.fail(ErrSyntax)
			}
			s.i++
		}
		return nil
	}
	return s.fail(ErrSyntax)
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// num reads -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?
func (s *scanner) num() error {
	if s.b[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.b) && s.b[s.i] == '0':
		s.i++
	case s.digits() == 0:
		return s.fail(ErrSyntax)
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if s.digits() == 0 {
			return s.fail(ErrSyntax)
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if s.digits() == 0 {
			return s.fail(ErrSyntax)
		}
	}
	return nil
}

func (s *scanner) digits() int {
	n := 0
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		s.i++
		n++
	}
	return n
}
