using System.Text.Json.Nodes;

namespace StrictMail.Chart.Tests.Rendering;

/// <summary>
/// The renderer behaves as `helm template` does where the chart relies on it: values merging and
/// --set typing, missing keys, Helm's functions, .Files, the built-in objects, install order, and
/// refusing what is not YAML. Runs against the real helm too, when one is on PATH.
/// </summary>
public sealed class HelmTemplateTests : IDisposable
{
    private readonly ScratchChart _chart = new("a:\n  x: 1\n  w: 2\nlist: [1, 2]\n");

    [Fact]
    public void Set_Assignments_TypedAsHelmTypesThem()
    {
        var values = Values("--set", @"n=1,b=true,zero=007,s=x\,y,nested.list[1]=z,nothing=null", "--set", "a.x=9");

        Assert.True(
            JsonNode.DeepEquals(
                JsonNode.Parse("""{"a":{"w":2,"x":9},"b":true,"list":[1,2],"n":1,"nested":{"list":[null,"z"]},"s":"x,y","zero":"007"}"""),
                values),
            values.ToJsonString());
    }

    [Fact]
    public void ValuesFile_NullAndNestedMap_RemovesTheKeyAndMergesTheRest()
    {
        _chart.Write("override.yaml", "a:\n  w: null\n  z: 3\nlist: [3]\n");

        var values = Values("-f", Path.Combine(_chart.Path, "override.yaml"));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":{"x":1,"z":3},"list":[3]}"""), values), values.ToJsonString());
    }

    [Fact]
    public void MissingKey_RendersAsNothing()
    {
        Assert.Equal("[]", _chart.Value("{{ printf \"[%s]\" (.Values.nope | toString) | quote }}").Replace("<nil>", string.Empty, StringComparison.Ordinal));
        Assert.Equal("xy", _chart.Value("\"x{{ .Values.nope }}y\""));
    }

    [Fact]
    public void IncludeAndTpl_DefinedTemplatesAndValueTemplates_Rendered()
    {
        _chart.Write("templates/_helpers.tpl", "{{- define \"scratch.name\" -}}{{ .Release.Name }}-{{ .Chart.Name }}{{- end -}}");

        var value = _chart.Value(
            "{{ printf \"%s|%s\" (include \"scratch.name\" .) (tpl .Values.t .) | quote }}",
            "--set", "t={{ .Chart.Version }}/{{ .Values.a.x }}");

        Assert.Equal("strictmail-scratch|1.2.3/1", value);
    }

    [Fact]
    public void BuiltInObjects_ReleaseChartTemplateCapabilities_Filled()
    {
        var value = _chart.Value(
            "{{ printf \"%s %s %s %s %s %t\" .Release.Name .Release.Namespace .Release.Service .Chart.AppVersion .Template.Name (.Capabilities.APIVersions.Has \"apps/v1\") | quote }}");

        Assert.Equal("strictmail mail Helm 4.5 scratch/templates/value.yaml true", value);
    }

    [Fact]
    public void Files_GetAndGlob_ReadTheChartsOtherFiles()
    {
        _chart.Write("files/a.txt", "hello").Write("files/b.txt", "world").Write("files/sub/c.json", "{}");

        var value = _chart.Value("{{ printf \"%s %d\" (.Files.Get \"files/a.txt\") (len (.Files.Glob \"files/*.txt\")) | quote }}");

        Assert.Equal("hello 2", value);
    }

    [Fact]
    public void Required_ValueMissing_FailsWithTheMessage()
    {
        _chart.Write("templates/value.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ required \"set name, please\" .Values.name }}\n");

        var result = _chart.Render();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("set name, please", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Fail_Called_FailsWithTheMessage()
    {
        _chart.Write("templates/value.yaml", "{{ fail \"no way\" }}");

        var result = _chart.Render();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("no way", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Document_NotYaml_Fails()
    {
        _chart.Write("templates/value.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: [unclosed\n");

        var result = _chart.Render();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("value.yaml", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_SeveralKinds_InHelmsInstallOrderWithSourceComments()
    {
        _chart.Write("templates/a-deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n")
            .Write("templates/b-both.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n---\n# only a comment\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n")
            .Write("templates/NOTES.txt", "not a manifest: {{ .Release.Name }}")
            .Write("crds/c.yaml", "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: c\n");

        var result = _chart.Render("--include-crds");
        Assert.True(result.ExitCode == 0, result.Error);
        var documents = RenderedChart.Parse(result.Output).Documents;

        Assert.Equal(["CustomResourceDefinition c", "ServiceAccount sa", "Service s", "Deployment d"], documents.Select(d => $"{d.Kind} {d.Name}"));
        Assert.Equal(["scratch/crds/c.yaml", "scratch/templates/b-both.yaml", "scratch/templates/b-both.yaml", "scratch/templates/a-deployment.yaml"], documents.Select(d => d.Source));
        Assert.DoesNotContain("not a manifest", result.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _chart.Dispose();

    private JsonNode Values(params string[] arguments) => JsonNode.Parse(_chart.Value("{{ .Values | toJson | quote }}", arguments))!;
}
