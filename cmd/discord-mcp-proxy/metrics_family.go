package main

import (
	"bytes"
	"strconv"
	"strings"
	"sync"

	vm "github.com/VictoriaMetrics/metrics"
)

// family is one metric family on a metrics Set of its own, so that its
// series come out together under its HELP and TYPE lines: the library
// writes no help text, and its TYPE lines only behind a process-wide
// switch.
type family struct {
	name, kind, help string
	set              *vm.Set
}

func newFamily(name, kind, help string) *family {
	return &family{name: ns + "_" + name, kind: kind, help: help, set: vm.NewSet()}
}

// series names one series of the family: labels are name, value pairs,
// in order. Values are escaped as the text format wants.
func (f *family) series(labels ...string) string {
	if len(labels) == 0 {
		return f.name
	}
	var b strings.Builder
	b.WriteString(f.name)
	for i := 0; i+1 < len(labels); i += 2 {
		if i == 0 {
			b.WriteByte('{')
		} else {
			b.WriteByte(',')
		}
		b.WriteString(labels[i])
		b.WriteString(`="`)
		writeLabelValue(&b, labels[i+1])
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}

// writeLabelValue escapes backslash, double quote and line feed, the
// three bytes the text format escapes in a label value.
func writeLabelValue(b *strings.Builder, v string) {
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteByte(c)
		}
	}
}

// writeTo appends the family in the text format; a family without series
// writes nothing, as client_golang did for a vector never used.
func (f *family) writeTo(b *bytes.Buffer) {
	start := b.Len()
	writeHeader(b, f.name, f.kind, f.help)
	body := b.Len()
	f.set.WritePrometheus(b)
	if b.Len() == body {
		b.Truncate(start)
	}
}

func writeHeader(b *bytes.Buffer, name, kind, help string) {
	b.WriteString("# HELP ")
	b.WriteString(name)
	b.WriteByte(' ')
	b.WriteString(help)
	b.WriteString("\n# TYPE ")
	b.WriteString(name)
	b.WriteByte(' ')
	b.WriteString(kind)
	b.WriteByte('\n')
}

// writeGauge appends one unlabelled gauge with its header; the value is
// formatted as client_golang does (shortest 'g').
func writeGauge(b *bytes.Buffer, name, help string, v float64) {
	writeHeader(b, name, "gauge", help)
	b.WriteString(name)
	b.WriteByte(' ')
	b.Write(strconv.AppendFloat(b.AvailableBuffer(), v, 'g', -1, 64))
	b.WriteByte('\n')
}

// children caches one family's series by a small comparable key: the
// library finds a series by its full name (built and hashed per call),
// the hot path finds it here without allocating once a key has been
// seen. Keys are bounded label sets, so the map is bounded too.
type children[K comparable, V any] struct {
	mu    sync.RWMutex // guards m
	m     map[K]V
	own   func(K) K // a copy of the key that shares no caller's bytes
	build func(K) V
}

// newChildren: callers may pass keys whose strings are views into request
// buffers that are reused (a tool name read in place from a body); own
// copies a key before it is stored, so a stored key never changes.
func newChildren[K comparable, V any](own func(K) K, build func(K) V) *children[K, V] {
	return &children[K, V]{m: map[K]V{}, own: own, build: build}
}

func (c *children[K, V]) get(k K) V {
	c.mu.RLock()
	v, ok := c.m[k]
	c.mu.RUnlock()
	if ok {
		return v
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.m[k]; ok {
		return v
	}
	k = c.own(k)
	v = c.build(k)
	c.m[k] = v
	return v
}
