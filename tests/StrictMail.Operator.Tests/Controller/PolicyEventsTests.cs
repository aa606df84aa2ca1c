using k8s.Models;
using StrictMail.Operator.Controller;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Runtime.Conditions;
using StrictMail.Operator.Runtime.Events;

namespace StrictMail.Operator.Tests.Controller;

public sealed class PolicyEventsTests
{
    private static readonly DateTime Now = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void For_NullAfter_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => PolicyEvents.For(null, null!));
    }

    [Fact]
    public void For_FirstStatusInvalid_InvalidSpecWarningWithTheMessage()
    {
        var after = Status(accepted: (false, "spec.level: 'Sekure' is not a level"));

        var single = Assert.Single(PolicyEvents.For(null, after));

        Assert.Equal(new PolicyEvent(EventKind.Warning, "InvalidSpec", "spec.level: 'Sekure' is not a level"), single);
    }

    [Fact]
    public void For_AcceptedTrueBecomesFalse_InvalidSpecWarning()
    {
        var before = Status(accepted: (true, "ok"));
        var after = Status(before, accepted: (false, "spec.domains: empty"));

        var single = Assert.Single(PolicyEvents.For(before, after));

        Assert.Equal((EventKind.Warning, "InvalidSpec", "spec.domains: empty"), (single.Kind, single.Reason, single.Note));
    }

    [Fact]
    public void For_StillInvalidWithNewMessage_AnotherInvalidSpecWarning()
    {
        var before = Status(accepted: (false, "spec.level: bad"));
        var after = Status(before, accepted: (false, "spec.domains: empty"));

        var single = Assert.Single(PolicyEvents.For(before, after));

        Assert.Equal(("InvalidSpec", "spec.domains: empty"), (single.Reason, single.Note));
    }

    [Fact]
    public void For_StillInvalidSameMessage_Nothing()
    {
        var before = Status(accepted: (false, "spec.level: bad"));
        var after = Status(before, accepted: (false, "spec.level: bad"));

        Assert.Empty(PolicyEvents.For(before, after));
    }

    [Fact]
    public void For_FirstStatusAccepted_AcceptedNormalEvent()
    {
        var single = Assert.Single(PolicyEvents.For(null, Status(accepted: (true, "valid"))));

        Assert.Equal((EventKind.Normal, "Accepted"), (single.Kind, single.Reason));
        Assert.False(string.IsNullOrWhiteSpace(single.Note));
    }

    [Fact]
    public void For_InvalidBecomesValid_AcceptedNormalEvent()
    {
        var before = Status(accepted: (false, "spec.level: bad"));
        var after = Status(before, accepted: (true, "valid"));

        var single = Assert.Single(PolicyEvents.For(before, after));

        Assert.Equal((EventKind.Normal, "Accepted"), (single.Kind, single.Reason));
    }

    [Fact]
    public void For_StillAcceptedWithNewMessage_Nothing()
    {
        var before = Status(accepted: (true, "valid"));
        var after = Status(before, accepted: (true, "valid, and now with a different sentence"));

        Assert.Empty(PolicyEvents.For(before, after));
    }

    [Fact]
    public void For_NoConditionsAtAll_Nothing()
    {
        Assert.Empty(PolicyEvents.For(null, new TlsPolicyStatus()));
        Assert.Empty(PolicyEvents.For(new TlsPolicyStatus(), new TlsPolicyStatus { Conditions = [] }));
    }

    [Fact]
    public void For_ConflictAppears_DomainConflictWarning()
    {
        var before = Status(accepted: (true, "valid"), conflict: (false, "none"));
        var after = Status(before, accepted: (true, "valid"), conflict: (true, "domain 'a.example' is already claimed by the older policy mail/a"));

        var single = Assert.Single(PolicyEvents.For(before, after));

        Assert.Equal(
            new PolicyEvent(EventKind.Warning, "DomainConflict", "domain 'a.example' is already claimed by the older policy mail/a"),
            single);
    }

    [Fact]
    public void For_ConflictMessageChanges_AnotherDomainConflictWarning()
    {
        var before = Status(conflict: (true, "domain 'a.example' is claimed"));
        var after = Status(before, conflict: (true, "domain 'b.example' is claimed"));

        var single = Assert.Single(PolicyEvents.For(before, after));

        Assert.Equal(("DomainConflict", "domain 'b.example' is claimed"), (single.Reason, single.Note));
    }

    [Fact]
    public void For_ConflictUnchanged_Nothing()
    {
        var before = Status(conflict: (true, "domain 'a.example' is claimed"));
        var after = Status(before, conflict: (true, "domain 'a.example' is claimed"));

        Assert.Empty(PolicyEvents.For(before, after));
    }

    [Fact]
    public void For_ConflictClears_ConflictResolvedNormal()
    {
        var before = Status(conflict: (true, "domain 'a.example' is claimed"));
        var after = Status(before, conflict: (false, "no conflict"));

        var single = Assert.Single(PolicyEvents.For(before, after));

        Assert.Equal((EventKind.Normal, "ConflictResolved"), (single.Kind, single.Reason));
    }

    [Fact]
    public void For_NoConflictFromTheStart_NoConflictResolved()
    {
        Assert.Empty(PolicyEvents.For(null, Status(conflict: (false, "no conflict"))));
        var before = Status(conflict: (false, "no conflict"));
        Assert.Empty(PolicyEvents.For(before, Status(before, conflict: (false, "no conflict"))));
    }

    [Fact]
    public void For_ReadyBecomesTrue_AllRelaysAppliedWithCountsAndRevision()
    {
        var before = Status(ready: (false, "waiting"), revision: "sha256:r1", relays: (3, 1));
        var after = Status(before, ready: (true, "ready"), revision: "sha256:r1", relays: (3, 3));

        var single = Assert.Single(PolicyEvents.For(before, after));

        Assert.Equal((EventKind.Normal, "AllRelaysApplied"), (single.Kind, single.Reason));
        Assert.Contains("(3/3)", single.Note, StringComparison.Ordinal);
        Assert.Contains("sha256:r1", single.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void For_StillReadyAtNewRevision_AllRelaysAppliedAgain()
    {
        var before = Status(ready: (true, "ready"), revision: "sha256:r1", relays: (2, 2));
        var after = Status(before, ready: (true, "ready"), revision: "sha256:r2", relays: (2, 2));

        var single = Assert.Single(PolicyEvents.For(before, after));

        Assert.Equal("AllRelaysApplied", single.Reason);
        Assert.Contains("sha256:r2", single.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void For_StillReadySameRevision_Nothing()
    {
        var before = Status(ready: (true, "ready"), revision: "sha256:r1", relays: (2, 2));
        var after = Status(before, ready: (true, "ready"), revision: "sha256:r1", relays: (2, 2));

        Assert.Empty(PolicyEvents.For(before, after));
    }

    [Fact]
    public void For_NewRevisionNotReady_Nothing()
    {
        var before = Status(ready: (false, "waiting"), revision: "sha256:r1", relays: (2, 0));
        var after = Status(before, ready: (false, "waiting"), revision: "sha256:r2", relays: (2, 1));

        Assert.Empty(PolicyEvents.For(before, after));
    }

    [Fact]
    public void For_ReadyBecomesFalse_Nothing()
    {
        var before = Status(ready: (true, "ready"), revision: "sha256:r1", relays: (2, 2));
        var after = Status(before, ready: (false, "waiting"), revision: "sha256:r2", relays: (2, 1));

        Assert.Empty(PolicyEvents.For(before, after));
    }

    [Fact]
    public void For_FullStatusRestated_Nothing()
    {
        var before = Status(accepted: (true, "valid"), conflict: (true, "claimed"), ready: (true, "ready"), revision: "sha256:r1", relays: (2, 2));
        var after = Status(before, accepted: (true, "valid"), conflict: (true, "claimed"), ready: (true, "ready"), revision: "sha256:r1", relays: (2, 2));

        Assert.Empty(PolicyEvents.For(before, after));
    }

    [Fact]
    public void For_NewPolicyValidConflictingAndReady_ThreeEventsInOrder()
    {
        var after = Status(accepted: (true, "valid"), conflict: (true, "claimed"), ready: (true, "ready"), revision: "sha256:r1", relays: (1, 1));

        var events = PolicyEvents.For(null, after);

        Assert.Equal(["Accepted", "DomainConflict", "AllRelaysApplied"], events.Select(e => e.Reason));
        Assert.Equal([EventKind.Normal, EventKind.Warning, EventKind.Normal], events.Select(e => e.Kind));
    }

    [Fact]
    public void For_InvalidAndConflictResolvedAtOnce_BothEvents()
    {
        var before = Status(accepted: (true, "valid"), conflict: (true, "claimed"));
        var after = Status(before, accepted: (false, "spec.level: bad"), conflict: (false, "no conflict"));

        var events = PolicyEvents.For(before, after);

        Assert.Equal(["InvalidSpec", "ConflictResolved"], events.Select(e => e.Reason));
    }

    // Builds a status the way the controller does: each condition through ConditionList.Set, on top of the previous status's conditions.
    private static TlsPolicyStatus Status(
        TlsPolicyStatus? previous = null,
        (bool Status, string Message)? accepted = null,
        (bool Status, string Message)? conflict = null,
        (bool Status, string Message)? ready = null,
        string? revision = null,
        (int Desired, int Applied)? relays = null)
    {
        IReadOnlyList<V1Condition>? conditions = previous?.Conditions;
        var set = new List<V1Condition>();
        if (accepted is { } a)
        {
            set = ConditionList.Set(conditions, PolicyConditionTypes.Accepted, a.Status, a.Status ? "Valid" : "InvalidSpec", a.Message, 1, Now);
            conditions = set;
        }

        if (conflict is { } c)
        {
            set = ConditionList.Set(conditions, PolicyConditionTypes.Conflict, c.Status, c.Status ? "DomainConflict" : "NoConflict", c.Message, 1, Now);
            conditions = set;
        }

        if (ready is { } r)
        {
            set = ConditionList.Set(conditions, PolicyConditionTypes.Ready, r.Status, r.Status ? "Ready" : "WaitingForRelays", r.Message, 1, Now);
        }

        return new TlsPolicyStatus
        {
            ObservedGeneration = 1,
            Conditions = set,
            Revision = revision,
            Relays = relays is { } counts ? new RelayCounts { Desired = counts.Desired, Applied = counts.Applied } : null,
        };
    }
}
