package discordtest

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
)

// Multipart message bodies, read the way Discord reads them: the JSON
// body is the payload_json field; without one, the plain form fields are
// the JSON body (each a string). File parts are named files[n], and n is
// the id an attachments entry in the JSON refers to.

// maxUploads is Discord's limit on files per message.
const maxUploads = 10

// maxUploadBytes bounds one request's files (Discord's base limit, 10 MiB).
const maxUploadBytes = 10 << 20

// errTooLarge is Discord's answer to files over the upload limit.
var errTooLarge = &apiError{413, 40005, "Request entity too large", nil}

// upload is one file part of a multipart body.
type upload struct {
	index       int // n in files[n]
	filename    string
	contentType string
	data        []byte
}

// isMultipart reports whether the request body is multipart/form-data.
func (c *call) isMultipart() bool {
	return bytes.HasPrefix(c.ctx.Request.Header.ContentType(), []byte("multipart/form-data"))
}

// multipartBody parses a multipart message body into its JSON part and
// its files.
func (c *call) multipartBody() (gjson.Result, []upload, *apiError) {
	form, err := c.ctx.MultipartForm()
	if err != nil {
		return gjson.Result{}, nil, errInvalidJSON
	}
	payload := formJSON(form)
	if !gjson.Valid(payload) || !gjson.Parse(payload).IsObject() {
		return gjson.Result{}, nil, errInvalidJSON
	}
	files, ferr := readUploads(form)
	if ferr != nil {
		return gjson.Result{}, nil, ferr
	}
	return gjson.Parse(payload), files, nil
}

// formJSON is the JSON body a form stands for: its (last) payload_json, or
// its plain fields as strings.
func formJSON(form *multipart.Form) string {
	if v := form.Value["payload_json"]; len(v) > 0 {
		return v[len(v)-1]
	}
	m := map[string]string{}
	for k, v := range form.Value {
		if len(v) > 0 {
			m[k] = v[len(v)-1]
		}
	}
	return string(marshal(m))
}

// readUploads reads every file part, in files[n] order where named so.
func readUploads(form *multipart.Form) ([]upload, *apiError) {
	var out []upload
	total := 0
	next := 0
	for name, fhs := range form.File {
		for _, fh := range fhs {
			idx, ok := uploadIndex(name)
			if !ok {
				idx = maxUploads + next // unnamed parts: after the named ones
				next++
			}
			f, err := fh.Open()
			if err != nil {
				return nil, errInvalidJSON
			}
			data := make([]byte, fh.Size)
			_, rerr := io.ReadFull(f, data)
			_ = f.Close()
			if rerr != nil {
				return nil, errInvalidJSON
			}
			total += len(data)
			ct := fh.Header.Get("Content-Type")
			if ct == "" || ct == "application/octet-stream" {
				ct = http.DetectContentType(data)
			}
			out = append(out, upload{index: idx, filename: fh.Filename, contentType: ct, data: data})
		}
	}
	switch {
	case len(out) > maxUploads:
		return nil, formError("BASE_TYPE_MAX_LENGTH", "Must be "+itoa(maxUploads)+" or fewer in length.", "files")
	case total > maxUploadBytes:
		return nil, errTooLarge
	}
	slices.SortFunc(out, func(a, b upload) int { return a.index - b.index })
	return out, nil
}

// uploadIndex reads n from "files[n]".
func uploadIndex(name string) (int, bool) {
	s, ok := strings.CutPrefix(name, "files[")
	if !ok {
		return 0, false
	}
	s, ok = strings.CutSuffix(s, "]")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n >= maxUploads {
		return 0, false
	}
	return n, true
}
