using StrictMail.FakeKube.Yaml;

namespace StrictMail.FakeKube.Tests.Yaml;

public sealed class YamlToJsonTests
{
    [Fact]
    public void Documents_PlainScalars_AreTypedAndQuotedOnesStayStrings()
    {
        var docs = YamlToJson.Documents("""
            a: true
            b: 3
            c: "3"
            d: ~
            e: text
            ---
            f: [1.5, 'no']
            """);

        Assert.Equal(2, docs.Count);
        Assert.Equal("""{"a":true,"b":3,"c":"3","d":null,"e":"text"}""", docs[0].ToJsonString());
        Assert.Equal("""{"f":[1.5,"no"]}""", docs[1].ToJsonString());
    }
}
