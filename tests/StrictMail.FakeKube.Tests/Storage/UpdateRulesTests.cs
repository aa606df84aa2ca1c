using System.Text.Json.Nodes;
using StrictMail.FakeKube.Resources;
using StrictMail.FakeKube.Storage;

namespace StrictMail.FakeKube.Tests.Storage;

public sealed class UpdateRulesTests
{
    [Fact]
    public void Next_SpecValueReplaced_GrowsGeneration()
    {
        var existing = JsonNode.Parse("""{"metadata":{"name":"a","generation":3,"resourceVersion":"7"},"spec":{"level":"Secure","mode":"Enforce"}}""")!.AsObject();
        var incoming = JsonNode.Parse("""{"metadata":{"name":"a","resourceVersion":"7"},"spec":{"mode":"Enforce","level":"Verify"}}""")!.AsObject();

        var next = UpdateRules.Next(BuiltInResources.ConfigMaps, existing, incoming, statusOnly: false);

        Assert.Equal(4, (long?)next["metadata"]?["generation"]);
    }

    [Fact]
    public void Next_OnlyLabelsChanged_KeepsGeneration()
    {
        var existing = JsonNode.Parse("""{"metadata":{"name":"a","generation":3},"spec":{"level":"Secure"}}""")!.AsObject();
        var incoming = JsonNode.Parse("""{"metadata":{"name":"a","labels":{"x":"y"}},"spec":{"level":"Secure"}}""")!.AsObject();

        var next = UpdateRules.Next(BuiltInResources.ConfigMaps, existing, incoming, statusOnly: false);

        Assert.Equal(3, (long?)next["metadata"]?["generation"]);
    }
}
