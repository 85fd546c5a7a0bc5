package policy

import (
	"strconv"

	"github.com/tidwall/gjson"
)

// maxExactJSONInt is 2^53: beyond it a JSON number may be read as a
// float64 and land on another integer (other bits) than the one checked.
const maxExactJSONInt = 1 << 53

// unambiguous refuses a body with duplicate keys in any object, compared
// after decoding \u escapes. gjson's Get reads the first of duplicates
// while Discord's parser keeps the last, so any member policy reads
// (permissions, channel_id, roles, message_reference, allowed_mentions…)
// could be checked in one reading and acted on in the other.
func unambiguous(v gjson.Result) error {
	return dupWalk(v, 0)
}

func dupWalk(v gjson.Result, depth int) error {
	if depth > maxBodyDepth {
		return deny("body", "the body is nested too deeply to check")
	}
	var err error
	if v.IsObject() {
		var buf [16]string // most objects fit: no allocation
		keys := buf[:0]
		v.ForEach(func(k, val gjson.Result) bool {
			for _, seen := range keys {
				if seen == k.Str {
					err = deny("body", "the body repeats the key "+quote(k.Str)+"; which copy Discord reads would be a guess")
					return false
				}
			}
			keys = append(keys, k.Str)
			if val.IsObject() || val.IsArray() {
				err = dupWalk(val, depth+1)
			}
			return err == nil
		})
		return err
	}
	v.ForEach(func(_, val gjson.Result) bool {
		if val.IsObject() || val.IsArray() {
			err = dupWalk(val, depth+1)
		}
		return err == nil
	})
	return err
}

// grant checks bits a role or overwrite would grant against
// X-Permission-Bits. deny bits only take away, so they are not checked.
// Only the forms the check reads exactly pass: a string of digits, or a
// JSON integer up to 2^53. Arrays, objects, floats, exponents, signs and
// larger numbers are refused rather than guessed at.
func (c *checker) grant(key string, v gjson.Result) error {
	if c.s.perms == allPerms || v.Type == gjson.Null {
		return nil
	}
	raw := v.Raw
	if v.Type == gjson.String {
		raw = v.Str
	}
	if (v.Type != gjson.String && v.Type != gjson.Number) || !allDigits(raw) {
		return deny(hPermissionBits, key+" is not a permission integer")
	}
	bits, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || v.Type == gjson.Number && bits > maxExactJSONInt {
		return deny(hPermissionBits, key+" is not a permission integer Discord would read exactly")
	}
	if extra := bits &^ c.s.perms; extra != 0 {
		return deny(hPermissionBits, key+" grants bits "+strconv.FormatInt(extra, 10)+" beyond X-Permission-Bits")
	}
	return nil
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
