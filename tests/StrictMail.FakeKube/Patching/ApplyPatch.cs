using System.Text.Json.Nodes;

namespace StrictMail.FakeKube.Patching;

/// <summary>
/// Server-side apply without field ownership between managers: fields that the same manager applied
/// last time and leaves out now are removed, then the new configuration is merged in. Lists are
/// replaced whole (as for atomic lists).
/// </summary>
internal static class ApplyPatch
{
    public static JsonObject Apply(JsonObject current, JsonObject applied, JsonObject? previouslyApplied)
    {
        var result = (JsonObject)current.DeepClone();
        if (previouslyApplied is not null)
        {
            RemoveDropped(result, previouslyApplied, applied);
        }

        return (JsonObject)MergePatch.Apply(result, applied)!;
    }

    private static void RemoveDropped(JsonObject target, JsonObject before, JsonObject now)
    {
        foreach (var (key, old) in before)
        {
            if (old is JsonObject oldChild && target[key] is JsonObject targetChild && (now[key] is JsonObject || !now.ContainsKey(key)))
            {
                // Only the fields this manager applied go; a map others added to stays with their fields.
                RemoveDropped(targetChild, oldChild, now[key] as JsonObject ?? []);
                if (!now.ContainsKey(key) && targetChild.Count == 0)
                {
                    target.Remove(key);
                }
            }
            else if (!now.ContainsKey(key))
            {
                target.Remove(key);
            }
        }
    }
}
