using System.Net;
using System.Text;
using StrictMail.Relay.Policy;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport;
using StrictMail.TestSupport.Files;

namespace StrictMail.Relay.Tests.Policy;

[Collection(RelayHostGroup.Name)]
public sealed class PolicyFileWatcherTests
{
    private static readonly TimeSpan ReloadBudget = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Reload_TempFileRenamedOverPolicy_AppliesNewRevisionWithinTwoSeconds()
    {
        await using var host = await RelayTestHost.StartAsync(TestDocuments.Json(TestDocuments.Create("rename-old")));
        await host.WaitForRevisionAsync(TestDocuments.Create("rename-old").Revision);
        var next = TestDocuments.Create("rename-new", 5);

        PolicyFiles.ReplaceAtomically(host.PolicyFile, TestDocuments.Json(next));

        Assert.True(await host.WaitForRevisionAsync(next.Revision) < ReloadBudget);
        Assert.Equal(5, (await host.GetPolicyAsync()).Body.GetProperty("policies").GetInt32());
    }

    [Fact]
    public async Task Reload_ConfigMapSymlinkSwap_AppliesNewRevisionWithinTwoSeconds()
    {
        ProjectedVolume? volume = null;
        await using var host = await RelayTestHost.StartAsync(directory =>
        {
            volume = new ProjectedVolume(directory);
            volume.Write("policy.json", TestDocuments.Json(TestDocuments.Create("configmap-old")));
            return volume.PathOf("policy.json");
        });
        await host.WaitForRevisionAsync(TestDocuments.Create("configmap-old").Revision);
        var next = TestDocuments.Create("configmap-new");

        volume!.Write("policy.json", TestDocuments.Json(next));

        Assert.True(await host.WaitForRevisionAsync(next.Revision) < ReloadBudget);
        Assert.Equal(JsonNull, (await host.GetPolicyAsync()).Body.GetProperty("lastError").ValueKind);
    }

    [Fact]
    public async Task Reload_ConfigMapSymlinkSwapWithHourlyPoll_DirectoryEventAloneAppliesIt()
    {
        ProjectedVolume? volume = null;
        await using var host = await RelayTestHost.StartAsync(
            directory =>
            {
                volume = new ProjectedVolume(directory);
                volume.Write("policy.json", TestDocuments.Json(TestDocuments.Create("event-old")));
                return volume.PathOf("policy.json");
            },
            "--Relay:PolicyPollInterval=01:00:00");
        await host.WaitForRevisionAsync(TestDocuments.Create("event-old").Revision);
        var next = TestDocuments.Create("event-new");

        volume!.Write("policy.json", TestDocuments.Json(next));

        Assert.True(await host.WaitForRevisionAsync(next.Revision) < ReloadBudget);
    }

    [Fact]
    public async Task Reload_InPlaceWrite_AppliesNewRevision()
    {
        await using var host = await RelayTestHost.StartAsync(TestDocuments.Json(TestDocuments.Create("inplace-old")));
        var next = TestDocuments.Create("inplace-new");

        PolicyFiles.WriteInPlace(host.PolicyFile, TestDocuments.Json(next));

        Assert.True(await host.WaitForRevisionAsync(next.Revision) < ReloadBudget);
    }

    [Theory]
    [InlineData("bad json", "not valid JSON")]
    [InlineData("wrong revision", "does not match its content")]
    [InlineData("truncated", "not valid JSON")]
    [InlineData("truncated gzip", "policy document")]
    [InlineData("empty", "empty")]
    public async Task Reload_InvalidDocument_KeepsLastGoodRevisionAndReportsError(string kind, string expectedProblem)
    {
        var good = TestDocuments.Create("invalid-good");
        await using var host = await RelayTestHost.StartAsync(TestDocuments.Json(good));

        PolicyFiles.ReplaceAtomically(host.PolicyFile, Invalid(kind));

        await Eventually.WaitAsync(
            async () => (await host.GetPolicyAsync()).Body.GetProperty("lastError").ValueKind != JsonNull,
            "/policy reports the refused file");
        var (status, body) = await host.GetPolicyAsync();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(good.Revision, body.GetProperty("revision").GetString());
        Assert.True(body.GetProperty("ready").GetBoolean());
        Assert.Contains(expectedProblem, body.GetProperty("lastError").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Reload_ValidAfterInvalid_AppliesAndClearsLastError()
    {
        await using var host = await RelayTestHost.StartAsync(TestDocuments.Json(TestDocuments.Create("fixed-old")));
        PolicyFiles.ReplaceAtomically(host.PolicyFile, Encoding.UTF8.GetBytes("{"));
        await Eventually.WaitAsync(() => Task.FromResult(host.Store.State.LastError is not null), "the broken file is refused");
        var next = TestDocuments.Create("fixed-new");

        PolicyFiles.ReplaceAtomically(host.PolicyFile, TestDocuments.Json(next));

        await host.WaitForRevisionAsync(next.Revision);
        Assert.Equal(JsonNull, (await host.GetPolicyAsync()).Body.GetProperty("lastError").ValueKind);
    }

    [Fact]
    public async Task Reload_FileDeleted_KeepsLastGoodRevisionAndReportsMissing()
    {
        var good = TestDocuments.Create("deleted");
        await using var host = await RelayTestHost.StartAsync(TestDocuments.Json(good));

        File.Delete(host.PolicyFile);

        await Eventually.WaitAsync(() => Task.FromResult(host.Store.State.LastError is not null), "the missing file is reported");
        Assert.Contains("does not exist", host.Store.State.LastError!.Message, StringComparison.Ordinal);
        Assert.Equal(good.Revision, await host.GetRevisionAsync());
    }

    [Fact]
    public async Task Load_FileAppearsAfterStart_BecomesReady()
    {
        await using var host = await RelayTestHost.StartAsync(content: null);
        var document = TestDocuments.Create("late");

        PolicyFiles.ReplaceAtomically(host.PolicyFile, TestDocuments.Json(document));

        await host.WaitForRevisionAsync(document.Revision);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Load_GzipDocument_Applies()
    {
        var document = TestDocuments.Create("gzip", 10);

        await using var host = await RelayTestHost.StartAsync(TestDocuments.Gzip(TestDocuments.Json(document)));

        await host.WaitForRevisionAsync(document.Revision);
        Assert.Equal(10, (await host.GetPolicyAsync()).Body.GetProperty("policies").GetInt32());
    }

    [Fact]
    public async Task Reload_GzipBomb_RefusedAndLastGoodRevisionKept()
    {
        var good = TestDocuments.Create("bomb-good");
        await using var host = await RelayTestHost.StartAsync(TestDocuments.Json(good));

        PolicyFiles.ReplaceAtomically(host.PolicyFile, TestDocuments.GzipBomb(PolicyDecoder.MaxDocumentBytes + (1024 * 1024)));

        await Eventually.WaitAsync(() => Task.FromResult(host.Store.State.LastError is not null), "the gzip bomb is refused");
        Assert.Contains("gzip bomb", host.Store.State.LastError!.Message, StringComparison.Ordinal);
        Assert.Equal(good.Revision, await host.GetRevisionAsync());
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;

    private static byte[] Invalid(string kind)
    {
        var json = TestDocuments.Json(TestDocuments.Create("invalid-new"));
        return kind switch
        {
            "bad json" => Encoding.UTF8.GetBytes("{ this is not json"),
            "wrong revision" => TestDocuments.WrongRevision(TestDocuments.Create("invalid-new")),
            "truncated" => json[..(json.Length / 2)],
            "truncated gzip" => TestDocuments.Gzip(json)[..(json.Length / 4)],
            "empty" => [],
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown kind of invalid file"),
        };
    }
}
