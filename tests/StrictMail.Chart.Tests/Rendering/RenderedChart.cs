using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace StrictMail.Chart.Tests.Rendering;

/// <summary>Every document helm-template printed, in order.</summary>
internal sealed class RenderedChart(IReadOnlyList<RenderedDocument> documents)
{
    /// <summary>All rendered objects, CRDs included.</summary>
    public IReadOnlyList<RenderedDocument> Documents { get; } = documents;

    /// <summary>Splits helm-template's output ("---" then "# Source: ...") into documents.</summary>
    public static RenderedChart Parse(string output)
    {
        var documents = new List<RenderedDocument>();
        var stream = new YamlStream();
        var texts = ("\n" + output).Split("\n---\n", StringSplitOptions.RemoveEmptyEntries);
        foreach (var text in texts)
        {
            var source = text.Split('\n').FirstOrDefault(l => l.StartsWith("# Source: ", StringComparison.Ordinal))?["# Source: ".Length..] ?? "?";
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                continue;
            }

            documents.Add(new RenderedDocument(source, text, YamlJson.ToJson(root)!.AsObject()));
        }

        return new RenderedChart(documents);
    }

    /// <summary>The objects of one kind.</summary>
    public IReadOnlyList<RenderedDocument> OfKind(string kind) => Documents.Where(d => d.Kind == kind).ToArray();

    /// <summary>The one object of a kind and name; fails when there is none or more than one.</summary>
    public RenderedDocument Single(string kind, string name) => Documents.Single(d => d.Kind == kind && d.Name == name);

    /// <summary>The one object of a kind; fails when there is none or more than one.</summary>
    public RenderedDocument Single(string kind) => Documents.Single(d => d.Kind == kind);

    /// <summary>The operator Deployment, typed.</summary>
    public V1Deployment Operator => Single("Deployment").As<V1Deployment>();

    /// <summary>The relay StatefulSet, typed.</summary>
    public V1StatefulSet Relay => Single("StatefulSet").As<V1StatefulSet>();

    /// <summary>Every pod template (Deployments and StatefulSets) by its owner's name.</summary>
    public IReadOnlyDictionary<string, V1PodTemplateSpec> PodTemplates =>
        OfKind("Deployment").ToDictionary(d => d.Name, d => d.As<V1Deployment>().Spec.Template)
            .Concat(OfKind("StatefulSet").ToDictionary(d => d.Name, d => d.As<V1StatefulSet>().Spec.Template))
            .ToDictionary();

    /// <summary>The value of a "--name=value" argument of the operator container.</summary>
    public string OperatorArg(string name)
    {
        var args = Operator.Spec.Template.Spec.Containers.Single().Args;
        return args.Single(a => a.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..];
    }

    /// <summary>The value of an environment variable of the relay container.</summary>
    public string? RelayEnv(string name) =>
        Relay.Spec.Template.Spec.Containers.Single().Env.SingleOrDefault(e => e.Name == name)?.Value;
}
