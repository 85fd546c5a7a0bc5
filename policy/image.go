package policy

// hImageModel picks the image model util_generate_image asks for, among
// the operator's --image-models (the tool checks it is one of them).
const hImageModel = "X-Image-Model"

// readImageModel reads X-Image-Model: one model name of letters, digits
// and ". _ : -", up to 100 characters.
func (s *Scope) readImageModel(h *headerViews) error {
	v, err := singleView(hImageModel, h.peek(hImageModel))
	if err != nil || v == nil {
		return err
	}
	if len(v) > 100 {
		return &HeaderError{hImageModel, "longer than 100 characters"}
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == ':' || c == '-') {
			return &HeaderError{hImageModel, "want a model name of letters, digits and . _ : -"}
		}
	}
	s.ImageModel = string(v) // a copy: the scope outlives h's buffers
	return nil
}
