package main

import (
	"testing"
	"time"
)

// BenchmarkMetricsPerRequest: what the observer costs one passthrough
// request (an upstream round trip, a limiter wait, a cache lookup).
func BenchmarkMetricsPerRequest(b *testing.B) {
	m := newMetrics(&app{})
	b.ReportAllocs()
	for b.Loop() {
		m.Upstream("passthrough", "GET", "/channels/{channel_id}/messages", 200, "", time.Millisecond)
		m.Waited(time.Microsecond)
		m.CacheLookup(true)
	}
}

// BenchmarkMetricsToolCall: what the observer costs one tool call with
// one upstream round trip.
func BenchmarkMetricsToolCall(b *testing.B) {
	m := newMetrics(&app{})
	b.ReportAllocs()
	for b.Loop() {
		m.Upstream("tool", "GET", "/channels/{channel_id}/messages", 200, "", time.Millisecond)
		m.Waited(time.Microsecond)
		m.ToolCall("get_messages", "ok", time.Millisecond)
	}
}

// BenchmarkMetricsPerRequestParallel: the same from every P at once, as
// under load (the series are shared).
func BenchmarkMetricsPerRequestParallel(b *testing.B) {
	m := newMetrics(&app{})
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			m.Upstream("passthrough", "GET", "/channels/{channel_id}/messages", 200, "", time.Millisecond)
			m.Waited(time.Microsecond)
			m.CacheLookup(true)
		}
	})
}
