package tools

import (
	"strconv"
	"strings"
	"testing"

	"github.com/tidwall/gjson"
)

func (webhookTokenT) badValues() []string {
	return []string{`""`, `5`, `"a/b"`, `"a.b"`, `"..%2F"`, `"tok?x=1"`, strconv.Quote(strings.Repeat("a", maxWebhookToken+1))}
}

func (webhookTokenT) goodValue() string { return `"tok-EN_1"` }

func (t imageDataT) badValues() []string {
	return []string{`5`, `""`, `"https://example.com/a.png"`, `"data:image/bmp;base64,AAAA"`,
		`"data:image/png;base64,AA!A"`, `"data:image/png;base64,AAA"`, `"data:text/html;base64,AAAA"`,
		`"data:image/png;base64,` + strings.Repeat("A", t.max+4) + `"`}
}

func (imageDataT) goodValue() string { return `"data:image/png;base64,AAAA"` }

// TestSecretAndImageTypes: what each type takes, beyond the generated
// invalid table.
func TestSecretAndImageTypes(t *testing.T) {
	for _, ok := range []string{`"abc"`, `"A-b_9"`, `"` + strings.Repeat("z", maxWebhookToken) + `"`} {
		if err := (webhookTokenT{}).check("t", gjson.Parse(ok)); err != nil {
			t.Errorf("token %s refused: %v", ok, err)
		}
	}
	img := imageDataT{max: 8}
	for _, ok := range []string{`"data:image/png;base64,AAAA"`, `"data:image/webp;base64,AAAAAA=="`, `"data:image/gif;base64,AAA="`} {
		if err := img.check("i", gjson.Parse(ok)); err != nil {
			t.Errorf("image %s refused: %v", ok, err)
		}
	}
	for _, bad := range img.badValues() {
		err := img.check("i", gjson.Parse(bad))
		if err == nil {
			t.Errorf("image %s taken", bad)
		} else if strings.Contains(err.Error(), "AAAA") {
			t.Errorf("the error quotes the value: %v", err)
		}
	}
	if err := (webhookTokenT{}).check("t", gjson.Parse(`"secret/x"`)); err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("a bad token's error must not quote it: %v", err)
	}
}

func (emojiNameT) badValues() []string {
	return []string{`"x"`, `"has space"`, `"a-b"`, `5`, `"` + strings.Repeat("a", 33) + `"`}
}

func (emojiNameT) goodValue() string { return `"party_1"` }

func (t audioDataT) badValues() []string {
	return []string{`5`, `"data:audio/wav;base64,AAAA"`, `"data:image/png;base64,AAAA"`, `"data:audio/ogg;base64,A!AA"`,
		`"data:audio/ogg;base64,` + strings.Repeat("A", t.max+4) + `"`}
}

func (audioDataT) goodValue() string { return `"data:audio/ogg;base64,AAAA"` }
