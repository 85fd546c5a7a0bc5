package policy

import (
	"context"
	"reflect"
	"testing"

	"github.com/discord-mcp-proxy/discord-mcp-proxy/config"
)

type parentKey struct{}

// TestScopeContextIsWithScope: the context ScopeContext returns carries
// the same scope ScopeOf builds, still answers the parent's values and
// ends when the parent does; a refused request gets the parent back.
func TestScopeContextIsWithScope(t *testing.T) {
	ce := ceiling(t, config.Config{EnablePassthrough: true})
	parent, cancel := context.WithCancel(context.WithValue(context.Background(), parentKey{}, "v"))
	ctx, s, err := ce.ScopeContext(parent, newScribbler(everyHeader...))
	if err != nil {
		t.Fatal(err)
	}
	if FromContext(ctx) != s || !reflect.DeepEqual(*s, *scope(t, ce, everyHeader...)) {
		t.Error("the context's scope is not the one ScopeOf builds")
	}
	if ctx.Value(parentKey{}) != "v" || FromContext(parent) != nil {
		t.Error("the parent's values are lost, or the parent gained a scope")
	}
	inner := WithScope(ctx, ce.Default())
	if FromContext(inner) != ce.Default() {
		t.Error("WithScope over a scoped context does not win")
	}
	cancel()
	<-ctx.Done()
	if ctx.Err() != context.Canceled {
		t.Errorf("Err = %v after the parent ended", ctx.Err())
	}
	bad, s2, err := ce.ScopeContext(parent, newScribbler("X-Target-Guilds", ""))
	if err == nil || s2 != nil || bad != parent {
		t.Errorf("refused headers: ctx %v scope %v err %v", bad, s2, err)
	}
}
