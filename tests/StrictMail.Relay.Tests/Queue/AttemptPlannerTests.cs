using StrictMail.Relay.Delivery;
using StrictMail.Relay.Queue;

namespace StrictMail.Relay.Tests.Queue;

public sealed class AttemptPlannerTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly QueueOptions Options = new() { MinimalBackoff = TimeSpan.FromMinutes(5), MaximalBackoff = TimeSpan.FromHours(1), MaximalLifetime = TimeSpan.FromDays(5) };
    private static readonly QueuedMessage Message = new("id", Received, new Envelope("s@internal.test", ["a@x.test", "b@x.test", "c@x.test"], "127.0.0.1", "h", null, false), Array.Empty<byte>());

    [Fact]
    public void KeepPending_BounceNotQueued_BouncedRecipientsPendingDeliveredOnesNot()
    {
        var state = DeliveryState.Initial(Message, Received);
        var decision = AttemptPlanner.Decide(Message, state, [
            Attempt("a@x.test", DeliveryStatus.Delivered),
            Attempt("b@x.test", DeliveryStatus.Bounced, FailureKind.Rejected, "5.1.1"),
            Attempt("c@x.test", DeliveryStatus.Deferred, FailureKind.Temporary, "4.4.1"),
        ], Received.AddMinutes(1), Options);

        var kept = AttemptPlanner.KeepPending(decision, state, Received.AddMinutes(1), Options);

        Assert.Equal(["c@x.test", "b@x.test"], kept.Pending);
        Assert.Equal((1, Received.AddMinutes(6)), (kept.Attempts, kept.NextAttempt));
        Assert.Equal("detail", kept.LastErrors["b@x.test"]);
    }

    [Fact]
    public void Decide_MixedResults_DeliveredDoneRefusedBouncedDeferredWaits()
    {
        var decision = AttemptPlanner.Decide(Message, DeliveryState.Initial(Message, Received), [
            Attempt("a@x.test", DeliveryStatus.Delivered),
            Attempt("b@x.test", DeliveryStatus.Bounced, FailureKind.Rejected, "5.1.1"),
            Attempt("c@x.test", DeliveryStatus.Deferred, FailureKind.Temporary, "4.4.1"),
        ], Received.AddMinutes(1), Options);

        var bounce = Assert.Single(decision.Bounces);
        Assert.Equal(("b@x.test", "rejected", "5.1.1"), (bounce.Recipient, bounce.Reason, bounce.Status));
        Assert.Equal(["c@x.test"], decision.Next!.Pending);
        Assert.Equal(1, decision.Next.Attempts);
        Assert.Equal(Received.AddMinutes(6), decision.Next.NextAttempt);
        Assert.Equal("detail", decision.Next.LastErrors["c@x.test"]);
    }

    [Fact]
    public void Decide_AllDelivered_NothingNext()
    {
        var decision = AttemptPlanner.Decide(Message, DeliveryState.Initial(Message, Received), [Attempt("a@x.test", DeliveryStatus.Delivered)], Received, Options);

        Assert.Null(decision.Next);
        Assert.Empty(decision.Bounces);
    }

    [Fact]
    public void Decide_DeferredPastMaximalLifetime_BouncesAsExpired()
    {
        var decision = AttemptPlanner.Decide(Message, DeliveryState.Initial(Message, Received), [Attempt("c@x.test", DeliveryStatus.Deferred, FailureKind.Policy, "4.7.10")], Received.AddDays(5), Options);

        var bounce = Assert.Single(decision.Bounces);
        Assert.Equal(("expired", "4.4.7"), (bounce.Reason, bounce.Status));
        Assert.Contains("5 days", bounce.Diagnostic, StringComparison.Ordinal);
        Assert.Contains("detail", bounce.Diagnostic, StringComparison.Ordinal);
        Assert.Null(decision.Next);
    }

    [Fact]
    public void Decide_PolicyBounceAfterShorterThanLifetime_BouncesEarlier()
    {
        var attempt = Attempt("c@x.test", DeliveryStatus.Deferred, FailureKind.Policy, "4.7.10") with { BounceAfter = TimeSpan.FromHours(24) };

        Assert.Single(AttemptPlanner.Decide(Message, DeliveryState.Initial(Message, Received), [attempt], Received.AddHours(25), Options).Bounces);
        Assert.Empty(AttemptPlanner.Decide(Message, DeliveryState.Initial(Message, Received), [attempt], Received.AddHours(23), Options).Bounces);
    }

    private static RecipientAttempt Attempt(string recipient, DeliveryStatus status, FailureKind kind = FailureKind.None, string? code = null) =>
        new(new RecipientResult(recipient, status, "detail", kind, code), "mail/p", null);
}
