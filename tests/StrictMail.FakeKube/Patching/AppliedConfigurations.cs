using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace StrictMail.FakeKube.Patching;

/// <summary>What each field manager last applied to each object (by uid), for <see cref="ApplyPatch"/>.</summary>
internal sealed class AppliedConfigurations
{
    private readonly ConcurrentDictionary<(string Uid, string Manager), JsonObject> last = new();

    public JsonObject? Get(string uid, string manager) => last.TryGetValue((uid, manager), out var applied) ? applied : null;

    public void Set(string uid, string manager, JsonObject applied) => last[(uid, manager)] = (JsonObject)applied.DeepClone();
}
