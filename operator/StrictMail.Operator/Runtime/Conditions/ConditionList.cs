using k8s.Models;

namespace StrictMail.Operator.Runtime.Conditions;

/// <summary>
/// metav1.Condition bookkeeping as cert-manager does it: a condition's lastTransitionTime moves
/// only when its status flips, and every condition carries the generation it describes. Pure.
/// </summary>
internal static class ConditionList
{
    /// <summary>A copy of <paramref name="existing"/> with <paramref name="type"/> set; the transition time is kept unless the status changed.</summary>
    public static List<V1Condition> Set(IReadOnlyList<V1Condition>? existing, string type, bool status, string reason, string message, long? observedGeneration, DateTime now)
    {
        var text = status ? "True" : "False";
        var result = (existing ?? []).Where(c => c.Type != type).Select(Copy).ToList();
        var previous = existing?.FirstOrDefault(c => c.Type == type);
        result.Add(new V1Condition
        {
            Type = type,
            Status = text,
            Reason = reason,
            Message = message,
            ObservedGeneration = observedGeneration,
            LastTransitionTime = previous is not null && previous.Status == text ? previous.LastTransitionTime : now,
        });
        return result.OrderBy(c => c.Type, StringComparer.Ordinal).ToList();
    }

    /// <summary>A copy without the condition <paramref name="type"/>.</summary>
    public static List<V1Condition> Remove(IReadOnlyList<V1Condition>? existing, string type) =>
        (existing ?? []).Where(c => c.Type != type).Select(Copy).ToList();

    /// <summary>Whether two lists say the same thing (same types, statuses, reasons, messages, generations, transition times).</summary>
    public static bool Same(IReadOnlyList<V1Condition>? left, IReadOnlyList<V1Condition>? right)
    {
        var a = (left ?? []).OrderBy(c => c.Type, StringComparer.Ordinal).ToList();
        var b = (right ?? []).OrderBy(c => c.Type, StringComparer.Ordinal).ToList();
        return a.Count == b.Count && a.Zip(b).All(pair =>
            pair.First.Type == pair.Second.Type && pair.First.Status == pair.Second.Status && pair.First.Reason == pair.Second.Reason
            && pair.First.Message == pair.Second.Message && pair.First.ObservedGeneration == pair.Second.ObservedGeneration
            && pair.First.LastTransitionTime == pair.Second.LastTransitionTime);
    }

    /// <summary>The status of <paramref name="type"/>, or null when it is not set.</summary>
    public static bool? Status(IReadOnlyList<V1Condition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => c.Type == type)?.Status switch
        {
            "True" => true,
            "False" => false,
            _ => null,
        };

    private static V1Condition Copy(V1Condition c) => new()
    {
        Type = c.Type,
        Status = c.Status,
        Reason = c.Reason,
        Message = c.Message,
        ObservedGeneration = c.ObservedGeneration,
        LastTransitionTime = c.LastTransitionTime,
    };
}
