package main

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"sigs.k8s.io/yaml"
)

// chart is a chart directory as Helm loads it: metadata, templates, crds and the other files.
type chart struct {
	metadata  map[string]interface{}
	name      string
	templates map[string]string // "<chart>/templates/x.yaml" -> text
	crds      []namedFile
	files     files
}

type namedFile struct {
	name string
	data []byte
}

func loadChart(dir string) (*chart, error) {
	data, err := os.ReadFile(filepath.Join(dir, "Chart.yaml"))
	if err != nil {
		return nil, fmt.Errorf("%s is not a chart: %v", dir, err)
	}
	var raw map[string]interface{}
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("Chart.yaml: %v", err)
	}
	name, _ := raw["name"].(string)
	if name == "" {
		return nil, fmt.Errorf("Chart.yaml has no name")
	}
	// .Chart's fields are the Chart.yaml keys with a capital first letter (.Chart.AppVersion).
	metadata := map[string]interface{}{}
	for key, value := range raw {
		runes := []rune(key)
		runes[0] = unicode.ToUpper(runes[0])
		metadata[string(runes)] = value
	}
	c := &chart{metadata: metadata, name: name, templates: map[string]string{}, files: files{}}
	ignore := readIgnore(filepath.Join(dir, ".helmignore"))
	err = filepath.Walk(dir, func(file string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, file)
		rel = filepath.ToSlash(rel)
		if rel == "." {
			return nil
		}
		if ignored(ignore, rel, info.IsDir()) {
			if info.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if info.IsDir() {
			return nil
		}
		content, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		switch {
		case strings.HasPrefix(rel, "templates/"):
			c.templates[path.Join(name, rel)] = string(content)
		case rel == "Chart.yaml" || rel == "values.yaml" || rel == "values.schema.json" || rel == "Chart.lock":
		case strings.HasPrefix(rel, "charts/"):
			return fmt.Errorf("subcharts (%s) are not supported", rel)
		default:
			if strings.HasPrefix(rel, "crds/") && (strings.HasSuffix(rel, ".yaml") || strings.HasSuffix(rel, ".yml") || strings.HasSuffix(rel, ".json")) {
				c.crds = append(c.crds, namedFile{path.Join(name, rel), content})
			}
			c.files[rel] = content
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(c.crds, func(i, j int) bool { return c.crds[i].name < c.crds[j].name })
	return c, nil
}

func readIgnore(file string) []string {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	var patterns []string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			patterns = append(patterns, line)
		}
	}
	return patterns
}

// ignored matches .helmignore's common forms: a glob on the base name or the path, "dir/" for directories.
func ignored(patterns []string, rel string, dir bool) bool {
	for _, pattern := range patterns {
		if strings.HasSuffix(pattern, "/") {
			if !dir {
				continue
			}
			pattern = strings.TrimSuffix(pattern, "/")
		}
		pattern = strings.TrimPrefix(pattern, "/")
		if ok, _ := path.Match(pattern, rel); ok {
			return true
		}
		if ok, _ := path.Match(pattern, path.Base(rel)); ok {
			return true
		}
	}
	return false
}

// files is .Files: the chart's files other than templates, Chart.yaml and values.
type files map[string][]byte

func (f files) Get(name string) string { return string(f[name]) }

func (f files) GetBytes(name string) []byte { return f[name] }

func (f files) Glob(pattern string) files {
	matched := files{}
	for name, data := range f {
		if ok, _ := path.Match(pattern, name); ok || globStar(pattern, name) {
			matched[name] = data
		}
	}
	return matched
}

// globStar lets "**" cross directories, as Helm's glob library does.
func globStar(pattern, name string) bool {
	if !strings.Contains(pattern, "**") {
		return false
	}
	prefix := pattern[:strings.Index(pattern, "**")]
	suffix := pattern[strings.Index(pattern, "**")+2:]
	if !strings.HasPrefix(name, prefix) {
		return false
	}
	rest := name[len(prefix):]
	suffix = strings.TrimPrefix(suffix, "/")
	if suffix == "" {
		return true
	}
	for i := 0; i <= len(rest); i++ {
		if ok, _ := path.Match(suffix, rest[i:]); ok && (i == 0 || rest[i-1] == '/') {
			return true
		}
	}
	return false
}

func (f files) names() []string {
	names := make([]string, 0, len(f))
	for name := range f {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

func (f files) AsConfig() string {
	data := map[string]string{}
	for _, name := range f.names() {
		data[path.Base(name)] = string(f[name])
	}
	return toYAML(data)
}

func (f files) AsSecrets() string {
	data := map[string][]byte{}
	for _, name := range f.names() {
		data[path.Base(name)] = f[name]
	}
	return toYAML(data)
}

func (f files) Lines(name string) []string {
	text := string(f[name])
	if text == "" {
		return []string{}
	}
	return strings.Split(strings.TrimSuffix(text, "\n"), "\n")
}
