package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"sigs.k8s.io/yaml"
)

// loadValues reads the chart's values.yaml, merges each file over it, then each --set assignment.
func loadValues(chartValues string, files, sets []string) (map[string]interface{}, error) {
	values := map[string]interface{}{}
	if data, err := os.ReadFile(chartValues); err == nil {
		if err := yaml.Unmarshal(data, &values); err != nil {
			return nil, fmt.Errorf("%s: %v", chartValues, err)
		}
	} else if !os.IsNotExist(err) {
		return nil, err
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		var override map[string]interface{}
		if err := yaml.Unmarshal(data, &override); err != nil {
			return nil, fmt.Errorf("%s: %v", file, err)
		}
		values = mergeValues(values, override)
	}
	for _, set := range sets {
		override := map[string]interface{}{}
		if err := parseSet(set, override); err != nil {
			return nil, fmt.Errorf("--set %q: %v", set, err)
		}
		values = mergeValues(values, override)
	}
	if values == nil {
		values = map[string]interface{}{}
	}
	return values, nil
}

// mergeValues merges override into base as Helm does: maps merge key by key, anything else
// replaces, and a null removes the key.
func mergeValues(base, override map[string]interface{}) map[string]interface{} {
	if base == nil {
		base = map[string]interface{}{}
	}
	for key, value := range override {
		if value == nil {
			delete(base, key)
			continue
		}
		overrideMap, overrideIsMap := value.(map[string]interface{})
		baseMap, baseIsMap := base[key].(map[string]interface{})
		if overrideIsMap && baseIsMap {
			base[key] = mergeValues(baseMap, overrideMap)
		} else {
			base[key] = value
		}
	}
	return base
}

// parseSet applies one --set argument (comma-separated a.b=c, list[0]=x, backslash escapes) to into.
func parseSet(text string, into map[string]interface{}) error {
	for _, assignment := range splitUnescaped(text, ',') {
		if assignment == "" {
			continue
		}
		key, value, found := cutUnescaped(assignment, '=')
		if !found {
			return fmt.Errorf("%q is not key=value", assignment)
		}
		path := splitUnescaped(key, '.')
		if err := assign(into, path, typedValue(unescape(value))); err != nil {
			return err
		}
	}
	return nil
}

func assign(into map[string]interface{}, path []string, value interface{}) error {
	name, index, err := splitIndex(unescape(path[0]))
	if err != nil {
		return err
	}
	if index < 0 {
		if len(path) == 1 {
			into[name] = value
			return nil
		}
		child, ok := into[name].(map[string]interface{})
		if !ok {
			child = map[string]interface{}{}
			into[name] = child
		}
		return assign(child, path[1:], value)
	}
	list, _ := into[name].([]interface{})
	for len(list) <= index {
		list = append(list, nil)
	}
	if len(path) == 1 {
		list[index] = value
	} else {
		child, ok := list[index].(map[string]interface{})
		if !ok {
			child = map[string]interface{}{}
			list[index] = child
		}
		if err := assign(child, path[1:], value); err != nil {
			return err
		}
	}
	into[name] = list
	return nil
}

// splitIndex splits "name[3]" into ("name", 3); a plain name has index -1.
func splitIndex(segment string) (string, int, error) {
	open := strings.IndexByte(segment, '[')
	if open < 0 || !strings.HasSuffix(segment, "]") {
		return segment, -1, nil
	}
	index, err := strconv.Atoi(segment[open+1 : len(segment)-1])
	if err != nil || index < 0 || index > 65535 {
		return "", 0, fmt.Errorf("bad list index in %q", segment)
	}
	return segment[:open], index, nil
}

// typedValue turns --set text into a value the way Helm's strvals does: booleans, null, and
// integers without a leading zero are typed; everything else stays a string.
func typedValue(text string) interface{} {
	switch {
	case strings.EqualFold(text, "true"):
		return true
	case strings.EqualFold(text, "false"):
		return false
	case strings.EqualFold(text, "null"):
		return nil
	case text == "0":
		return int64(0)
	}
	if n, err := strconv.ParseInt(text, 10, 64); err == nil && !strings.HasPrefix(text, "0") {
		return n
	}
	return text
}

func splitUnescaped(text string, separator byte) []string {
	var parts []string
	start := 0
	for i := 0; i < len(text); i++ {
		if text[i] == '\\' {
			i++
			continue
		}
		if text[i] == separator {
			parts = append(parts, text[start:i])
			start = i + 1
		}
	}
	return append(parts, text[start:])
}

func cutUnescaped(text string, separator byte) (string, string, bool) {
	for i := 0; i < len(text); i++ {
		if text[i] == '\\' {
			i++
			continue
		}
		if text[i] == separator {
			return text[:i], text[i+1:], true
		}
	}
	return text, "", false
}

func unescape(text string) string {
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		if text[i] == '\\' && i+1 < len(text) {
			i++
		}
		b.WriteByte(text[i])
	}
	return b.String()
}
