package proxy

import "github.com/tidwall/gjson"

// editFunc appends a replacement for one JSON value.
type editFunc func(dst []byte, v gjson.Result) []byte

// appendArray appends arr with the items keep accepts (all when keep is
// nil), each through edit (copied raw when edit is nil). A value that is
// not an array is copied as is.
func appendArray(dst []byte, arr gjson.Result, keep func(gjson.Result) bool, edit editFunc) []byte {
	if !arr.IsArray() {
		return append(dst, arr.Raw...)
	}
	dst = append(dst, '[')
	n := 0
	arr.ForEach(func(_, item gjson.Result) bool {
		if keep != nil && !keep(item) {
			return true
		}
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		if edit != nil {
			dst = edit(dst, item)
		} else {
			dst = append(dst, item.Raw...)
		}
		return true
	})
	return append(dst, ']')
}

// editMembers appends obj with the members named in edits replaced by
// their edit (every duplicate); others are copied raw. A value that is not
// an object is copied as is.
func editMembers(dst []byte, obj gjson.Result, edits map[string]editFunc) []byte {
	if !obj.IsObject() {
		return append(dst, obj.Raw...)
	}
	dst = append(dst, '{')
	n := 0
	obj.ForEach(func(k, v gjson.Result) bool {
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		dst = append(append(dst, k.Raw...), ':')
		if e := edits[k.Str]; e != nil {
			dst = e(dst, v)
		} else {
			dst = append(dst, v.Raw...)
		}
		return true
	})
	return append(dst, '}')
}

// dropMembers appends obj without the named members.
func dropMembers(dst []byte, obj gjson.Result, names ...string) []byte {
	dst = append(dst, '{')
	n := 0
	obj.ForEach(func(k, v gjson.Result) bool {
		for _, name := range names {
			if k.Str == name {
				return true
			}
		}
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		dst = append(append(append(dst, k.Raw...), ':'), v.Raw...)
		return true
	})
	return append(dst, '}')
}
