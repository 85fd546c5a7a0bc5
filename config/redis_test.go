package config

import (
	"strings"
	"testing"
)

func TestRedisSettings(t *testing.T) {
	load := func(env map[string]string) (*Config, error) {
		return Load("serve", nil, func(k string) string { return env[k] })
	}
	c, err := load(nil)
	if err != nil || c.RedisURL != "" || c.RedisFail != "closed" || c.Replicas != 1 {
		t.Fatalf("defaults: %+v, %v", c, err)
	}
	c, err = load(map[string]string{"DMP_REDIS_URL": "redis://127.0.0.1:6379/0", "DMP_REDIS_FAIL": "local", "DMP_REPLICAS": "3"})
	if err != nil || c.RedisURL != "redis://127.0.0.1:6379/0" || c.RedisFail != "local" || c.Replicas != 3 {
		t.Fatalf("set: %+v, %v", c, err)
	}
	for _, tc := range []struct{ env, val, want string }{
		{"DMP_REDIS_URL", "http://x:1", "--redis-url"},
		{"DMP_REDIS_URL", "redis://user:s3cret@", "--redis-url"},
		{"DMP_REDIS_FAIL", "open", "--redis-fail"},
		{"DMP_REPLICAS", "0", "--replicas"},
		{"DMP_REPLICAS", "two", "--replicas"},
	} {
		_, err := load(map[string]string{tc.env: tc.val})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s=%q: %v, want an error naming %s", tc.env, tc.val, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "s3cret") {
			t.Errorf("the error quotes the URL's password: %v", err)
		}
	}
}
