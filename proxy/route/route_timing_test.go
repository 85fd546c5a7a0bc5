package route

import "testing"

func BenchmarkParse(b *testing.B) {
	for _, bm := range []struct{ name, method, path string }{
		{"messages", "POST", "/api/v10/channels/123456789012345678/messages"},
		{"reaction", "PUT", "/api/v10/channels/123456789012345678/messages/123456789012345679/reactions/%F0%9F%91%8D/@me"},
		{"webhook", "PATCH", "/api/v10/webhooks/123456789012345678/aW50ZXJhY3Rpb246MTIz/messages/@original"},
		{"unknown", "GET", "/api/v10/channels/123456789012345678/123456789012345679"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r, err := Parse(bm.method, bm.path)
				if err != nil {
					b.Fatal(err)
				}
				_ = r.Key()
			}
		})
	}
}
