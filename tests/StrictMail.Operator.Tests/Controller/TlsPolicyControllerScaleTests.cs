using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using StrictMail.Operator.Controller;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Tests.Hosting;
using Xunit.Abstractions;

namespace StrictMail.Operator.Tests.Controller;

/// <summary>
/// 1,000 policies through the operator against the fake API server: every one compiled into the
/// ConfigMap and given its status. The bound is generous against the figure measured on the
/// development machine (2 cores: about 9 s, bound by the fake API server answering some 300 writes a second); `make bench` reports the figure itself.
/// </summary>
public sealed class TlsPolicyControllerScaleTests(ITestOutputHelper output)
{
    private const int Count = 1000;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Reconcile_1000Policies_AllAcceptedAndCompiledWithinBound()
    {
        await using var harness = await OperatorHarness.StartAsync();
        var names = Enumerable.Range(0, Count).Select(i => "p" + i.ToString("D4", CultureInfo.InvariantCulture)).ToList();
        var creating = Stopwatch.StartNew();
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (name, _) =>
            await harness.ApplyAsync(name, new TlsPolicySpec { Level = "Encrypt", Domains = [name + ".example"] }));

        output.WriteLine($"created {Count} policies in {creating.Elapsed.TotalSeconds:F2} s");
        var watch = Stopwatch.StartNew();
        await harness.StartOperatorAsync();
        // Checking 1,000 objects is not free: look every 250 ms, not in a tight loop that would slow the operator down.
        while (!(Revision() is { } revision && names.All(name => Accepted(name, revision))))
        {
            Assert.True(watch.Elapsed < Bound, $"not every policy was Accepted within {Bound}");
            await Task.Delay(250);
        }

        var elapsed = watch.Elapsed;

        var annotations = harness.ConfigMap()!.Metadata.Annotations;
        Assert.Equal(Count.ToString(CultureInfo.InvariantCulture), annotations["strictmail.io/policies"]);
        Assert.All(names, name => Assert.Equal(annotations[PolicyConfigMap.RevisionAnnotation], (string?)Status(name)?["revision"]));
        foreach (var group in harness.Server.Requests.GroupBy(r => r.Method + " " + string.Join('/', r.Path.Split('/').Take(7)) + (r.IsWatch ? " watch" : "")).OrderByDescending(g => g.Count()).Take(8))
        {
            output.WriteLine($"{group.Count()} {group.Key}");
        }

        output.WriteLine($"{Count} policies reconciled (ConfigMap written, every status Accepted with the final revision) in {elapsed.TotalSeconds:F2} s");

        string? Revision() =>
            (string?)harness.Server.Find("v1", "ConfigMap", OperatorHarness.Namespace, OperatorHarness.ConfigMapName)?["metadata"]?["annotations"]?[PolicyConfigMap.RevisionAnnotation];

        bool Accepted(string name, string revision) =>
            Status(name) is { } status
            && (string?)status["revision"] == revision
            && status["conditions"]?.AsArray().Any(c => (string?)c?["type"] == PolicyConditionTypes.Accepted && (string?)c?["status"] == "True") == true;

        JsonNode? Status(string name) => harness.Server.Find(TlsPolicy.GroupVersion, TlsPolicy.EntityKind, OperatorHarness.PolicyNamespace, name)?["status"];
    }
}
