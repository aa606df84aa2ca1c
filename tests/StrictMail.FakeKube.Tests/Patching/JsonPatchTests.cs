using System.Text.Json.Nodes;
using StrictMail.FakeKube.Patching;
using StrictMail.FakeKube.Storage;

namespace StrictMail.FakeKube.Tests.Patching;

public sealed class JsonPatchTests
{
    [Theory]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"foo":"bar","baz":"qux"}""")]
    [InlineData("""{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""")]
    [InlineData("""{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":"qux"}]""", """{"foo":["bar","qux"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""")]
    [InlineData("""{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""")]
    [InlineData("""{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""", """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""", """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""")]
    [InlineData("""{"a":{"b":1}}""", """[{"op":"copy","from":"/a","path":"/c"}]""", """{"a":{"b":1},"c":{"b":1}}""")]
    [InlineData("""{"metadata":{"labels":{"a/b":"c"}}}""", """[{"op":"remove","path":"/metadata/labels/a~1b"}]""", """{"metadata":{"labels":{}}}""")]
    [InlineData("""{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"qux"},{"op":"add","path":"/ok","value":true}]""", """{"baz":"qux","ok":true}""")]
    public void Apply_Rfc6902Examples_GiveTheRfcResult(string target, string patch, string expected)
    {
        var result = JsonPatch.Apply(JsonNode.Parse(target)!.AsObject(), JsonNode.Parse(patch)!.AsArray());

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), result.ToJsonString());
    }

    [Theory]
    [InlineData("""[{"op":"test","path":"/baz","value":"bar"}]""")]
    [InlineData("""[{"op":"remove","path":"/missing"}]""")]
    [InlineData("""[{"op":"replace","path":"/a/b/c","value":1}]""")]
    public void Apply_FailingOperation_Answers422(string patch)
    {
        var error = Assert.Throws<KubeApiException>(() => JsonPatch.Apply(JsonNode.Parse("""{"baz":"qux"}""")!.AsObject(), JsonNode.Parse(patch)!.AsArray()));

        Assert.Equal(422, error.Code);
    }
}
