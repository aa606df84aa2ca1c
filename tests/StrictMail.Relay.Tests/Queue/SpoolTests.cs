using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StrictMail.Relay.Queue;
using StrictMail.TestSupport.Time;

namespace StrictMail.Relay.Tests.Queue;

public sealed class SpoolTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("strictmail-spool-unit-");
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly QueueCensus _census = new();

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void Defer_StateFileCannotBeWritten_MessageStillDeferredWithoutThrowing()
    {
        var spool = Create();
        spool.Recover();
        var file = Place("active", "M1");
        Directory.CreateDirectory(QueueLayout.StateOf(file) + ".tmp");

        spool.Defer("M1", file, State());

        Assert.True(File.Exists(Path.Combine(Queue, "deferred", "M1")));
        Assert.Equal(1, _census.Counts()[QueueState.Deferred]);
    }

    [Fact]
    public void Defer_DeferredDirectoryGone_MessageStaysInActiveAndCanBeActivatedAgain()
    {
        var spool = Create();
        spool.Recover();
        var file = Place("active", "M1");
        Directory.Delete(Path.Combine(Queue, "deferred"));
        File.WriteAllText(Path.Combine(Queue, "deferred"), "not a directory");

        spool.Defer("M1", file, State());

        Assert.True(File.Exists(file));
        Assert.Equal(file, spool.Activate("M1"));
    }

    [Theory]
    [InlineData(3, 30, 5, 3)]
    [InlineData(100, 1, 5, 2)]
    [InlineData(0, 30, 2, 0)]
    public void Recover_MoreCorruptMessagesThanKept_OldestRemovedAndCensusFollows(int keep, int retentionDays, int present, int kept)
    {
        var spool = Create(keep, TimeSpan.FromDays(retentionDays));
        Directory.CreateDirectory(Path.Combine(Queue, "corrupt"));
        for (var i = 0; i < present; i++)
        {
            var file = Place("corrupt", $"C{i}");
            File.SetLastWriteTimeUtc(file, _clock.GetUtcNow().UtcDateTime.AddDays(-i));
        }

        spool.Recover();

        var expected = Enumerable.Range(0, kept).Select(i => $"C{i}");
        Assert.Equal(expected, Directory.GetFiles(Path.Combine(Queue, "corrupt")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(kept, _census.Counts()[QueueState.Corrupt]);
    }

    [Fact]
    public void Quarantine_Bound_HeldAfterEveryNewCorruptMessage()
    {
        var spool = Create(keep: 2);
        spool.Recover();
        for (var i = 0; i < 5; i++)
        {
            var file = Place("active", $"Q{i}");
            _clock.Advance(TimeSpan.FromMinutes(1));
            spool.Quarantine($"Q{i}", file, "damaged");
        }

        Assert.Equal(["Q3", "Q4"], Directory.GetFiles(Path.Combine(Queue, "corrupt")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Quarantine_MessageOlderThanRetention_KeptForTheRetentionFromNow()
    {
        var spool = Create(retention: TimeSpan.FromDays(1));
        spool.Recover();
        var file = Place("active", "OLD");
        File.SetLastWriteTimeUtc(file, _clock.GetUtcNow().UtcDateTime.AddDays(-5));

        spool.Quarantine("OLD", file, "damaged");

        Assert.True(File.Exists(Path.Combine(Queue, "corrupt", "OLD")));
    }

    private string Queue => Path.Combine(_root.FullName, "queue");

    private Spool Create(int keep = 1000, TimeSpan? retention = null)
    {
        var queue = Options.Create(new QueueOptions { MaxCorruptMessages = keep, CorruptRetention = retention ?? TimeSpan.FromDays(30) });
        var layout = new QueueLayout(queue, Options.Create(new QueueStateOptions { StateDirectory = _root.FullName }));
        return new Spool(layout, _census, queue, _clock, NullLogger<Spool>.Instance);
    }

    private string Place(string directory, string id)
    {
        var path = Path.Combine(Queue, directory, id);
        File.WriteAllText(path, "queue file");
        _census.Add(id, _clock.GetUtcNow(), QueueState.Active);
        return path;
    }

    private DeliveryState State() => new(1, _clock.GetUtcNow().AddMinutes(5), ["alice@partner.test"], new Dictionary<string, string>());
}
