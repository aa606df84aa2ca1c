// Command helm-template renders a Helm 3 chart as `helm template` does, for machines without a helm
// binary: Go's text/template with the sprig function library (what Helm renders with) and Helm's own
// functions. It trusts the chart and values it is given (they come from the repository under test).
//
// Usage:
//
//	helm-template [--name R] [--namespace NS] [-f values.yaml]... [--set a.b=c]... [--include-crds]
//	              [--kube-version v1.32.0] [--api-versions group/version]... CHART_DIR
//
// It exits 1 with "Error: ..." on standard error when a template fails (fail, required, a bad
// function call) or when a rendered document is not YAML or lacks apiVersion, kind or metadata.name.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

func main() {
	var options renderOptions
	var valuesFiles, sets, apiVersions repeated
	flags := flag.NewFlagSet("helm-template", flag.ContinueOnError)
	flags.StringVar(&options.releaseName, "name", "release-name", "release name")
	flags.StringVar(&options.namespace, "namespace", "default", "release namespace")
	flags.BoolVar(&options.includeCrds, "include-crds", false, "print the chart's crds/ first")
	flags.StringVar(&options.kubeVersion, "kube-version", "v1.32.0", "the Kubernetes version .Capabilities reports")
	flags.Var(&valuesFiles, "f", "a values file merged over values.yaml (repeatable)")
	flags.Var(&valuesFiles, "values", "same as -f")
	flags.Var(&sets, "set", "a.b=c assignments merged last (repeatable)")
	flags.Var(&apiVersions, "api-versions", "an extra API version .Capabilities.APIVersions has (repeatable)")
	if err := flags.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	if flags.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "Error: exactly one chart directory is required")
		os.Exit(2)
	}
	options.chartDir = flags.Arg(0)
	options.valuesFiles = valuesFiles
	options.sets = sets
	options.apiVersions = apiVersions

	out, err := render(options)
	if err != nil {
		fmt.Fprintln(os.Stderr, "Error: "+err.Error())
		os.Exit(1)
	}
	fmt.Print(out)
}
