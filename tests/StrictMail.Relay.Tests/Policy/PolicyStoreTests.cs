using StrictMail.Policy.Document;
using StrictMail.Policy.Model;
using StrictMail.Policy.Status;
using StrictMail.Relay.Policy;
using StrictMail.Relay.Tests.TestSupport;

namespace StrictMail.Relay.Tests.Policy;

public sealed class PolicyStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Current_BeforeAnyLoad_Null() => Assert.Null(new PolicyStore().Current);

    [Fact]
    public void RecordError_AfterPublish_KeepsSnapshotAndAddsError()
    {
        var store = new PolicyStore();
        var snapshot = new PolicySnapshot(TestDocuments.Create("store"), "/p", Now);
        store.Publish(snapshot);

        store.RecordError(new PolicyLoadError("broken", Now));

        Assert.Same(snapshot, store.State.Snapshot);
        Assert.Equal("broken", store.State.LastError?.Message);
    }

    [Fact]
    public void Publish_AfterError_ClearsError()
    {
        var store = new PolicyStore();
        store.RecordError(new PolicyLoadError("broken", Now));

        store.Publish(new PolicySnapshot(TestDocuments.Create("store"), "/p", Now));

        Assert.Null(store.State.LastError);
        Assert.NotNull(store.Current);
    }

    [Fact]
    public async Task Current_ManyReadersDuringManyReloads_IndexAndDocumentAlwaysBelongTogether()
    {
        // Every generation routes "probe.example" to its own policy; a reader checks that the index's
        // answer is a policy object of the very document it came with, and that revision is that document's.
        var documents = Enumerable.Range(0, 16).Select(Generation).ToArray();
        var revisionByPolicy = documents.ToDictionary(d => d.Policies[0].Name, d => d.Revision);
        var store = new PolicyStore();
        store.Publish(new PolicySnapshot(documents[0], "/p", Now));
        using var stop = new CancellationTokenSource();
        var mismatches = 0;
        long reads = 0;
        var seenRevisions = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();

        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var snapshot = store.Current!;
                var match = snapshot.Index.Find("probe.example");
                if (!snapshot.Document.Policies.Any(p => ReferenceEquals(p, match.Policy))
                    || revisionByPolicy[match.Policy.Name] != snapshot.Document.Revision)
                {
                    Interlocked.Increment(ref mismatches);
                }

                seenRevisions.TryAdd(snapshot.Document.Revision, true);
                Interlocked.Increment(ref reads);
            }
        })).ToArray();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 20_000 || (Interlocked.Read(ref reads) < 1_000_000 && clock.Elapsed < TimeSpan.FromSeconds(10)); i++)
        {
            store.Publish(new PolicySnapshot(documents[i % documents.Length], "/p", Now));
            if (i % 7 == 0)
            {
                store.RecordError(new PolicyLoadError("broken", Now));
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.Equal(0, mismatches);
        Assert.True(seenRevisions.Count > 1, "readers should have observed several reloads");
    }

    private static PolicyDocument Generation(int generation) =>
        PolicyDocumentJson.Create(
        [
            new CompiledPolicy { Name = $"mail/gen-{generation}", Domains = ["probe.example", $"only-{generation}.example"], Level = TlsLevel.Verify },
            new CompiledPolicy { Name = $"mail/other-{generation}", Domains = [$"other-{generation}.example"], Level = TlsLevel.Encrypt },
        ]);
}
