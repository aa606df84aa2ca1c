package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	"sigs.k8s.io/yaml"
)

type renderOptions struct {
	chartDir    string
	releaseName string
	namespace   string
	includeCrds bool
	kubeVersion string
	valuesFiles []string
	sets        []string
	apiVersions []string
}

// includeDepth bounds include/tpl recursion as Helm does, so a self-including template fails cleanly.
const includeDepth = 1000

func render(options renderOptions) (string, error) {
	c, err := loadChart(options.chartDir)
	if err != nil {
		return "", err
	}
	values, err := loadValues(options.chartDir+"/values.yaml", options.valuesFiles, options.sets)
	if err != nil {
		return "", err
	}
	capabilities, err := newCapabilities(options.kubeVersion, options.apiVersions)
	if err != nil {
		return "", err
	}
	top := map[string]interface{}{
		"Values": values,
		"Release": map[string]interface{}{
			"Name": options.releaseName, "Namespace": options.namespace, "Service": "Helm",
			"IsInstall": true, "IsUpgrade": false, "Revision": 1,
		},
		"Chart":        c.metadata,
		"Files":        c.files,
		"Capabilities": capabilities,
	}

	root := template.New("gotpl")
	// As Helm does when not --strict: a missing key renders as nothing, never as "<no value>".
	root.Option("missingkey=zero")
	depth := 0
	funcs := sprig.TxtFuncMap()
	delete(funcs, "env")
	delete(funcs, "expandenv")
	funcs["toYaml"] = toYAML
	funcs["fromYaml"] = fromYAML
	funcs["fromYamlArray"] = fromYAMLArray
	funcs["toJson"] = toJSON
	funcs["fromJson"] = fromJSON
	funcs["fromJsonArray"] = fromJSONArray
	funcs["required"] = required
	funcs["lookup"] = func(string, string, string, string) (map[string]interface{}, error) {
		return map[string]interface{}{}, nil
	}
	funcs["include"] = func(name string, data interface{}) (string, error) {
		depth++
		defer func() { depth-- }()
		if depth > includeDepth {
			return "", fmt.Errorf("rendering template has a nested reference name: %s: too deep", name)
		}
		var out bytes.Buffer
		if err := root.ExecuteTemplate(&out, name, data); err != nil {
			return "", err
		}
		return out.String(), nil
	}
	funcs["tpl"] = func(text string, data interface{}) (string, error) {
		depth++
		defer func() { depth-- }()
		if depth > includeDepth {
			return "", fmt.Errorf("tpl nested too deep")
		}
		clone, err := root.Clone()
		if err != nil {
			return "", err
		}
		parsed, err := clone.New("tpl").Parse(text)
		if err != nil {
			return "", fmt.Errorf("cannot parse template %q: %v", text, err)
		}
		var out bytes.Buffer
		if err := parsed.Execute(&out, data); err != nil {
			return "", fmt.Errorf("error calling tpl: %v", err)
		}
		return strings.ReplaceAll(out.String(), "<no value>", ""), nil
	}
	root.Funcs(funcs)

	names := make([]string, 0, len(c.templates))
	for name := range c.templates {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if _, err := root.New(name).Parse(c.templates[name]); err != nil {
			return "", err
		}
	}

	var manifests []manifest
	for _, name := range names {
		base := name[strings.LastIndex(name, "/")+1:]
		if strings.HasPrefix(base, "_") || base == "NOTES.txt" {
			continue
		}
		data := map[string]interface{}{}
		for key, value := range top {
			data[key] = value
		}
		data["Template"] = map[string]interface{}{"Name": name, "BasePath": c.name + "/templates"}
		var out bytes.Buffer
		if err := root.ExecuteTemplate(&out, name, data); err != nil {
			return "", err
		}
		text := strings.ReplaceAll(out.String(), "<no value>", "")
		split, err := splitManifests(name, text)
		if err != nil {
			return "", err
		}
		manifests = append(manifests, split...)
	}
	sortByInstallOrder(manifests)

	var out strings.Builder
	if options.includeCrds {
		for _, crd := range c.crds {
			fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", crd.name, strings.TrimRight(string(crd.data), "\n"))
		}
	}
	for _, m := range manifests {
		fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", m.source, m.content)
	}
	return out.String(), nil
}

func toYAML(v interface{}) string {
	data, err := yaml.Marshal(v)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(string(data), "\n")
}

func fromYAML(text string) map[string]interface{} {
	m := map[string]interface{}{}
	if err := yaml.Unmarshal([]byte(text), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func fromYAMLArray(text string) []interface{} {
	var a []interface{}
	if err := yaml.Unmarshal([]byte(text), &a); err != nil {
		return []interface{}{err.Error()}
	}
	return a
}

func toJSON(v interface{}) string {
	data, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(data)
}

func fromJSON(text string) map[string]interface{} {
	m := map[string]interface{}{}
	if err := json.Unmarshal([]byte(text), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func fromJSONArray(text string) []interface{} {
	var a []interface{}
	if err := json.Unmarshal([]byte(text), &a); err != nil {
		return []interface{}{err.Error()}
	}
	return a
}

func required(message string, value interface{}) (interface{}, error) {
	if value == nil {
		return value, fmt.Errorf("%s", message)
	}
	if s, ok := value.(string); ok && s == "" {
		return value, fmt.Errorf("%s", message)
	}
	return value, nil
}

// capabilities is .Capabilities: the Kubernetes version and the API versions the cluster serves.
type capabilities struct {
	KubeVersion kubeVersion
	APIVersions versionSet
}

type kubeVersion struct {
	Version    string
	Major      string
	Minor      string
	GitVersion string
}

func (v kubeVersion) String() string { return v.Version }

type versionSet []string

// Has reports whether a "group/version" or "group/version/Kind" is served.
func (s versionSet) Has(version string) bool {
	for _, v := range s {
		if v == version {
			return true
		}
	}
	return false
}

func newCapabilities(version string, extra []string) (capabilities, error) {
	trimmed := strings.TrimPrefix(version, "v")
	parts := strings.SplitN(trimmed, ".", 3)
	if len(parts) < 2 {
		return capabilities{}, fmt.Errorf("--kube-version %q is not vMAJOR.MINOR[.PATCH]", version)
	}
	for _, part := range parts[:2] {
		if _, err := strconv.Atoi(part); err != nil {
			return capabilities{}, fmt.Errorf("--kube-version %q is not vMAJOR.MINOR[.PATCH]", version)
		}
	}
	builtIn := []string{
		"v1", "apps/v1", "batch/v1", "policy/v1", "autoscaling/v2", "networking.k8s.io/v1",
		"rbac.authorization.k8s.io/v1", "coordination.k8s.io/v1", "events.k8s.io/v1",
		"apiextensions.k8s.io/v1", "admissionregistration.k8s.io/v1", "storage.k8s.io/v1",
		"scheduling.k8s.io/v1", "discovery.k8s.io/v1", "certificates.k8s.io/v1",
	}
	return capabilities{
		KubeVersion: kubeVersion{Version: "v" + trimmed, Major: parts[0], Minor: parts[1], GitVersion: "v" + trimmed},
		APIVersions: append(versionSet(builtIn), extra...),
	}, nil
}
