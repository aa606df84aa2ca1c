package main

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"
)

// manifest is one YAML document of a rendered template.
type manifest struct {
	source  string
	content string
	kind    string
}

var separator = regexp.MustCompile(`(?m)^---[ \t]*(#.*)?$`)

// splitManifests cuts a template's output at "---" lines and checks each non-empty document is a
// Kubernetes object: valid YAML with apiVersion, kind and metadata.name.
func splitManifests(source, text string) ([]manifest, error) {
	var out []manifest
	for _, part := range separator.Split(text, -1) {
		content := strings.TrimSpace(part)
		if !hasContent(content) {
			continue
		}
		var object map[string]interface{}
		if err := yaml.Unmarshal([]byte(content), &object); err != nil {
			return nil, fmt.Errorf("YAML parse error on %s: %v", source, err)
		}
		if object == nil {
			continue
		}
		kind, _ := object["kind"].(string)
		apiVersion, _ := object["apiVersion"].(string)
		metadata, _ := object["metadata"].(map[string]interface{})
		name, _ := metadata["name"].(string)
		if kind == "" || apiVersion == "" || name == "" {
			return nil, fmt.Errorf("%s: a document lacks apiVersion, kind or metadata.name", source)
		}
		out = append(out, manifest{source: source, content: content, kind: kind})
	}
	return out, nil
}

// hasContent is false for a document of only blank and comment lines.
func hasContent(text string) bool {
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			return true
		}
	}
	return false
}

// installOrder is Helm's: kinds others depend on first; unknown kinds last, by kind.
var installOrder = []string{
	"PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy",
	"PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass",
	"PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole",
	"ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding",
	"RoleBindingList", "Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
	"HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService",
}

func sortByInstallOrder(manifests []manifest) {
	rank := map[string]int{}
	for i, kind := range installOrder {
		rank[kind] = i
	}
	sort.SliceStable(manifests, func(i, j int) bool {
		a, aKnown := rank[manifests[i].kind]
		b, bKnown := rank[manifests[j].kind]
		switch {
		case aKnown && bKnown:
			return a < b
		case aKnown != bKnown:
			return aKnown
		default:
			return manifests[i].kind < manifests[j].kind
		}
	})
}
