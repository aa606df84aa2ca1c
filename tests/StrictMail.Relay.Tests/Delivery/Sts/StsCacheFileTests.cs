using StrictMail.Relay.Delivery.Sts;

namespace StrictMail.Relay.Tests.Delivery.Sts;

public sealed class StsCacheFileTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("strictmail-sts-cache-");

    public void Dispose() => _state.Delete(recursive: true);

    [Fact]
    public void Put_ThenANewInstance_ThePolicySurvivesARestart()
    {
        new StsCacheFile(_state.FullName).Put(Entry("Partner.Test.", "id1", Now));

        var restarted = new StsCacheFile(_state.FullName);

        var entry = restarted.Get("partner.test")!;
        Assert.Equal(("partner.test", "id1", StsMode.Enforce), (entry.Domain, entry.Id, entry.Policy.Mode));
        Assert.Equal(["mx.partner.test", "*.partner.test"], entry.Policy.MxPatterns);
        Assert.Equal(Now.AddDays(7), entry.ExpiresAt);
        Assert.Null(restarted.LoadProblem);
    }

    [Fact]
    public void Put_BeyondTheBound_TheFirstToExpireLeaves()
    {
        var cache = new StsCacheFile(_state.FullName, maxEntries: 2);

        cache.Put(Entry("a.test", "1", Now));
        cache.Put(Entry("b.test", "1", Now.AddMinutes(1)));

        // a.test, fetched first but in use (extended), outlives b.test.
        cache.Put(cache.Get("a.test")! with { ExpiresAt = Now.AddDays(8) });
        cache.Put(Entry("c.test", "1", Now.AddMinutes(2)));

        Assert.Equal(2, cache.Count);
        Assert.Null(cache.Get("b.test"));
        Assert.NotNull(cache.Get("a.test"));
        Assert.NotNull(new StsCacheFile(_state.FullName).Get("c.test"));
    }

    [Fact]
    public void RemoveExpired_ExpiredAndUnexpired_OnlyTheExpiredGo()
    {
        var cache = new StsCacheFile(_state.FullName);
        cache.Put(Entry("old.test", "1", Now.AddDays(-8)));
        cache.Put(Entry("new.test", "1", Now));

        cache.RemoveExpired(Now);

        Assert.Equal(["new.test"], new StsCacheFile(_state.FullName).All().Select(e => e.Domain));
    }

    [Fact]
    public void Put_VolumeUnwritable_KeptInMemoryAndTheProblemReported()
    {
        // The "state directory" is a file: every write fails, as on a full or read-only volume (root ignores permissions).
        var blocked = Path.Combine(_state.FullName, "not-a-directory");
        File.WriteAllText(blocked, string.Empty);
        var reported = new List<string>();
        var cache = new StsCacheFile(blocked, saveFailed: reported.Add);

        cache.Put(Entry("partner.test", "id1", Now));

        Assert.Equal("id1", cache.Get("partner.test")!.Id);
        Assert.Contains("not-a-directory", Assert.Single(reported), StringComparison.Ordinal);
        Assert.Equal(reported[0], cache.SaveProblem);
    }

    [Fact]
    public void New_DuplicateAndBrokenEntries_ReadableOnesKeptAndTheRestNamed()
    {
        File.WriteAllText(Path.Combine(_state.FullName, StsCacheFile.FileName), $$"""
            [
              {"Domain":"partner.test","Id":"1","Policy":{"Mode":0,"MaxAge":"1.00:00:00","MxPatterns":["mx.partner.test"]},"FetchedAt":"{{Now:O}}","ExpiresAt":"{{Now.AddDays(1):O}}"},
              {"Domain":"PARTNER.test","Id":"2","Policy":{"Mode":0,"MaxAge":"1.00:00:00","MxPatterns":["mx.partner.test"]},"FetchedAt":"{{Now:O}}","ExpiresAt":"{{Now.AddDays(1):O}}"},
              {"Domain":"broken.test","Id":"1","Policy":{"Mode":0,"MaxAge":"1.00:00:00","MxPatterns":null},"FetchedAt":"{{Now:O}}","ExpiresAt":"{{Now.AddDays(1):O}}"},
              null
            ]
            """);

        var cache = new StsCacheFile(_state.FullName);

        Assert.Equal("2", cache.Get("partner.test")!.Id);
        Assert.Null(cache.Get("broken.test"));
        Assert.Contains("2 unreadable entries skipped", cache.LoadProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void Remove_ModeNone_GoneAfterARestartToo()
    {
        var cache = new StsCacheFile(_state.FullName);
        cache.Put(Entry("partner.test", "1", Now));

        cache.Remove("partner.test");

        Assert.Null(new StsCacheFile(_state.FullName).Get("partner.test"));
    }

    [Fact]
    public void New_CorruptFile_StartsEmptySayingWhy()
    {
        File.WriteAllText(Path.Combine(_state.FullName, StsCacheFile.FileName), "{ not json");

        var cache = new StsCacheFile(_state.FullName);

        Assert.Equal(0, cache.Count);
        Assert.Contains(StsCacheFile.FileName, cache.LoadProblem, StringComparison.Ordinal);
    }

    private static StsCachedPolicy Entry(string domain, string id, DateTimeOffset fetched) =>
        new(domain, id, new StsPolicy(StsMode.Enforce, TimeSpan.FromDays(7), ["mx.partner.test", "*.partner.test"]), fetched, fetched.AddDays(7));
}
