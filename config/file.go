package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxFileBytes bounds a config file: settings are a page of text.
const maxFileBytes = 1 << 20

// readFile reads a YAML mapping of setting names (spelled as the flags)
// to scalars or lists of scalars (joined with commas, as the flags take
// them). Unknown keys are errors, so a typo never silently falls back to
// a default.
func readFile(path string) (map[string]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--config: %w", err)
	}
	if len(raw) > maxFileBytes {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, maxFileBytes)
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return map[string]string{}, nil // an empty file sets nothing
		}
		return nil, fmt.Errorf("%s: not valid YAML: %w", path, err)
	}
	if len(doc.Content) == 0 {
		return map[string]string{}, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: want a mapping of setting: value", path)
	}
	known := map[string]bool{"config": false}
	for _, s := range settings() {
		known[s.name] = true
	}
	out := map[string]string{}
	var errs []error
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if err := fileEntry(out, known, k, v); err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", path, k.Line, err))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

func fileEntry(out map[string]string, known map[string]bool, k, v *yaml.Node) error {
	name := k.Value
	if !known[name] {
		if name == "discord-token" || strings.Contains(strings.ToLower(name), "token") {
			return fmt.Errorf("%s: tokens are not read from files; set env DISCORD_TOKEN", name)
		}
		return fmt.Errorf("%s: unknown setting", name)
	}
	if _, dup := out[name]; dup {
		return fmt.Errorf("%s: set twice", name)
	}
	val, err := scalarText(v)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	out[name] = val
	return nil
}

// scalarText turns a scalar or a sequence of scalars into the flag's text.
func scalarText(v *yaml.Node) (string, error) {
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Tag == "!!null" {
			return "", nil
		}
		return v.Value, nil
	case yaml.SequenceNode:
		parts := make([]string, 0, len(v.Content))
		for _, item := range v.Content {
			if item.Kind != yaml.ScalarNode {
				return "", errors.New("want a list of plain values")
			}
			if strings.Contains(item.Value, ",") {
				return "", fmt.Errorf("list item %s contains a comma", strconv.Quote(item.Value))
			}
			parts = append(parts, item.Value)
		}
		return strings.Join(parts, ","), nil
	}
	return "", errors.New("want a value or a list of values")
}
