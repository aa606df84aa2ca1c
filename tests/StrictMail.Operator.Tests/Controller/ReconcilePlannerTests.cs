using StrictMail.Operator.Controller;
using StrictMail.Operator.Runtime.Conditions;
using StrictMail.Operator.Tests.Compilation;

namespace StrictMail.Operator.Tests.Controller;

public sealed class ReconcilePlannerTests
{
    private static readonly DateTime Now = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Plan_NewPolicies_EveryStatusChangesAndRequeuesUntilRelaysApply()
    {
        var policies = new[] { PolicyFactory.Make("bank", "Secure", "bank.example"), PolicyFactory.Make("shop", "Encrypt", "shop.example") };

        var plan = ReconcilePlanner.Plan(policies, new RelayRevisions(["sha256:old", "sha256:old"]), "strictmail-policy", "mail", Now);

        Assert.All(plan.Statuses, s => Assert.True(s.Changed));
        Assert.True(plan.RequeueForRelays);
        Assert.Equal(2, plan.Document.Policies.Count);
        Assert.Equal(plan.Document.Revision, plan.ConfigMap.Metadata.Annotations[PolicyConfigMap.RevisionAnnotation]);
    }

    [Fact]
    public void Plan_AppliedEverywhereAndStored_NoWritesNoRequeue()
    {
        var policies = new[] { PolicyFactory.Make("bank", "Secure", "bank.example") };
        var first = ReconcilePlanner.Plan(policies, new RelayRevisions([]), "m", "mail", Now);
        var revision = first.Document.Revision;
        var applied = ReconcilePlanner.Plan(policies, new RelayRevisions([revision, revision, revision]), "m", "mail", Now);
        policies[0].Status = applied.Statuses[0].Status;

        var again = ReconcilePlanner.Plan(policies, new RelayRevisions([revision, revision, revision]), "m", "mail", Now.AddMinutes(3));

        Assert.False(again.Statuses[0].Changed);
        Assert.False(again.RequeueForRelays);
        Assert.True(ConditionList.Status(policies[0].Status.Conditions, "Ready"));
        Assert.Equal((3, 3), (policies[0].Status.Relays!.Desired, policies[0].Status.Relays!.Applied));
    }

    [Fact]
    public void Plan_InvalidPolicy_NotRequeuedForRelaysAndLeftOutOfTheDocument()
    {
        var policies = new[] { PolicyFactory.Make("bad", "Sekure", "bad.example") };

        var plan = ReconcilePlanner.Plan(policies, new RelayRevisions(["x"]), "m", "mail", Now);

        Assert.Empty(plan.Document.Policies);
        Assert.False(plan.RequeueForRelays);
        Assert.False(ConditionList.Status(plan.Statuses[0].Status.Conditions, "Accepted"));
    }
}
