using System.Text.Json.Nodes;
using StrictMail.FakeKube.Patching;

namespace StrictMail.FakeKube.Tests.Patching;

public sealed class ApplyPatchTests
{
    [Fact]
    public void Apply_FieldDroppedBySameManager_IsRemovedButOthersStay()
    {
        var current = JsonNode.Parse("""{"data":{"policy.json":"{}","other":"kept"},"metadata":{"labels":{"a":"1","b":"2"}}}""")!.AsObject();
        var before = JsonNode.Parse("""{"data":{"policy.json":"{}"},"metadata":{"labels":{"a":"1"}}}""")!.AsObject();
        var now = JsonNode.Parse("""{"binaryData":{"policy.json.gz":"H4sI"},"metadata":{"labels":{}}}""")!.AsObject();

        var result = ApplyPatch.Apply(current, now, before);

        Assert.Equal(
            """{"data":{"other":"kept"},"metadata":{"labels":{"b":"2"}},"binaryData":{"policy.json.gz":"H4sI"}}""",
            result.ToJsonString());
    }

    [Fact]
    public void Apply_FirstTime_MergesOnly()
    {
        var current = JsonNode.Parse("""{"data":{"x":"1"}}""")!.AsObject();

        var result = ApplyPatch.Apply(current, JsonNode.Parse("""{"data":{"y":"2"}}""")!.AsObject(), null);

        Assert.Equal("""{"data":{"x":"1","y":"2"}}""", result.ToJsonString());
    }
}
