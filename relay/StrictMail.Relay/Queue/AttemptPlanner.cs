using System.Globalization;
using StrictMail.Relay.Delivery;

namespace StrictMail.Relay.Queue;

/// <summary>
/// Decides what follows an attempt: delivered recipients are done, refused ones bounce, deferred
/// ones wait with exponential backoff until the message outlives its lifetime (the relay's maximum,
/// or the policy's bounceAfter when shorter), and then bounce as expired. Pure.
/// </summary>
internal static class AttemptPlanner
{
    public static AttemptDecision Decide(QueuedMessage message, DeliveryState state, IReadOnlyList<RecipientAttempt> attempts, DateTimeOffset now, QueueOptions options)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(attempts);
        ArgumentNullException.ThrowIfNull(options);
        var pending = new List<string>();
        var errors = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var bounces = new List<BouncedRecipient>();
        var age = now - message.Received;
        foreach (var attempt in attempts)
        {
            var result = attempt.Result;
            switch (result.Status)
            {
                case DeliveryStatus.Delivered:
                    break;
                case DeliveryStatus.Bounced:
                    bounces.Add(new BouncedRecipient(result.Recipient, attempt.PolicyName, Reason(result.Kind), result.EnhancedStatus ?? DsnStatus.PermanentOther, result.Detail));
                    break;
                default:
                    var lifetime = attempt.BounceAfter is { } bounceAfter && bounceAfter < options.MaximalLifetime ? bounceAfter : options.MaximalLifetime;
                    if (age >= lifetime)
                    {
                        var diagnostic = $"delivery has been failing for {Describe(age)} (the limit is {Describe(lifetime)}); the last attempt said: {result.Detail}";
                        bounces.Add(new BouncedRecipient(result.Recipient, attempt.PolicyName, "expired", DsnStatus.Expired, diagnostic));
                    }
                    else
                    {
                        pending.Add(result.Recipient);
                        errors[result.Recipient] = result.Detail;
                    }

                    break;
            }
        }

        if (pending.Count == 0)
        {
            return new AttemptDecision(null, bounces);
        }

        var attemptsMade = state.Attempts + 1;
        var next = now + Backoff.After(attemptsMade, options.MinimalBackoff, options.MaximalBackoff);
        return new AttemptDecision(new DeliveryState(attemptsMade, next, pending, errors), bounces);
    }

    /// <summary>The state to save when the bounces of <paramref name="decision"/> could not be queued: those recipients stay pending with their diagnostics, retried after the backoff.</summary>
    public static DeliveryState KeepPending(AttemptDecision decision, DeliveryState state, DateTimeOffset now, QueueOptions options)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        var pending = new List<string>(decision.Next?.Pending ?? []);
        var errors = new Dictionary<string, string>(decision.Next?.LastErrors ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        foreach (var bounce in decision.Bounces)
        {
            pending.Add(bounce.Recipient);
            errors[bounce.Recipient] = bounce.Diagnostic;
        }

        var attemptsMade = state.Attempts + 1;
        return new DeliveryState(attemptsMade, now + Backoff.After(attemptsMade, options.MinimalBackoff, options.MaximalBackoff), pending, errors);
    }

    private static string Reason(FailureKind kind) => kind switch
    {
        FailureKind.Rejected => "rejected",
        FailureKind.Policy => "policy",
        FailureKind.Unroutable => "unroutable",
        FailureKind.Malformed => "malformed",
        _ => "failed",
    };

    private static string Describe(TimeSpan span) => span.TotalDays >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0.#} days")
        : span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} hours")
            : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0} seconds");
}
