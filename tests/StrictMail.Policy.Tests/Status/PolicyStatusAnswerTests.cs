using System.Text.Json;
using StrictMail.Policy.Status;

namespace StrictMail.Policy.Tests.Status;

public sealed class PolicyStatusAnswerTests
{
    // What a relay's GET /policy sends today, byte for byte; operators of every version read these names.
    private const string RelayAnswer =
        """{"revision":"sha256:e99c6426ea921d7b960353c44bf86236","policies":1,"loadedAt":"2024-05-06T07:08:09.1234567+02:00","source":"/p/policy.json","lastError":{"message":"m","at":"2024-05-06T07:08:09.1234567+02:00"},"ready":true}""";

    private static readonly DateTimeOffset At = new DateTimeOffset(2024, 5, 6, 7, 8, 9, 123, TimeSpan.FromHours(2)).AddTicks(4567);

    private static readonly JsonSerializerOptions General = new(JsonSerializerDefaults.General);

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static readonly PolicyStatusAnswer Answer = new(
        "sha256:e99c6426ea921d7b960353c44bf86236", 1, At, "/p/policy.json", new PolicyLoadError("m", At), Ready: true);

    public static TheoryData<string> SerializerDefaults => new() { nameof(JsonSerializerDefaults.General), nameof(JsonSerializerDefaults.Web) };

    [Theory]
    [MemberData(nameof(SerializerDefaults))]
    public void Serialize_AnyDefaults_WritesTheNamesTheRelaySends(string defaults)
    {
        var json = JsonSerializer.Serialize(Answer, Options(defaults));

        using var parsed = JsonDocument.Parse(json);
        Assert.Equal(
            ["revision", "policies", "loadedAt", "source", "lastError", "ready"],
            parsed.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["message", "at"], parsed.RootElement.GetProperty("lastError").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Serialize_WebDefaults_IsTheRelaysAnswerByteForByte()
    {
        Assert.Equal(RelayAnswer, JsonSerializer.Serialize(Answer, Web));
    }

    [Theory]
    [MemberData(nameof(SerializerDefaults))]
    public void Deserialize_RelaysAnswer_ReadsEveryField(string defaults)
    {
        Assert.Equal(Answer, JsonSerializer.Deserialize<PolicyStatusAnswer>(RelayAnswer, Options(defaults)));
    }

    [Fact]
    public void RoundTrip_AnswerBeforeFirstDocument_KeepsNullsAndNames()
    {
        var before = new PolicyStatusAnswer(null, null, null, "/etc/strictmail/policy/policy.json", new PolicyLoadError("not valid JSON", At), Ready: false);

        var json = JsonSerializer.Serialize(before);

        Assert.StartsWith("""{"revision":null,"policies":null,"loadedAt":null,"source":""", json, StringComparison.Ordinal);
        Assert.Equal(before, JsonSerializer.Deserialize<PolicyStatusAnswer>(json));
    }

    private static JsonSerializerOptions Options(string defaults) => defaults == nameof(JsonSerializerDefaults.Web) ? Web : General;
}
