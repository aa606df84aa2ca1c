using StrictMail.Operator.Compilation;
using StrictMail.Operator.Controller;
using StrictMail.Operator.Runtime.Conditions;
using StrictMail.Operator.Tests.Compilation;

namespace StrictMail.Operator.Tests.Controller;

public sealed class PolicyStatusCalculatorTests
{
    private static readonly DateTime Now = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Compute_ValidAndAllRelaysApplied_ReadyWithThreeOfThree()
    {
        var status = PolicyStatusCalculator.Compute(Policy(), Report(), "sha256:r1", 3, 3, Now);

        Assert.True(ConditionList.Status(status.Conditions, "Accepted"));
        Assert.True(ConditionList.Status(status.Conditions, "Applied"));
        Assert.True(ConditionList.Status(status.Conditions, "Ready"));
        Assert.False(ConditionList.Status(status.Conditions, "Conflict"));
        Assert.Equal((3, 3), (status.Relays!.Desired, status.Relays.Applied));
        Assert.Equal(("sha256:r1", 4L), (status.Revision, status.ObservedGeneration!.Value));
        Assert.All(status.Conditions!, c => Assert.Equal(4L, c.ObservedGeneration));
    }

    [Theory]
    [InlineData(null, "False", "NotProbed")]
    [InlineData(30.0, "False", "NotExpiring")]
    [InlineData(14.0, "True", "ExpiresSoon")]
    [InlineData(-1.0, "True", "ExpiresSoon")]
    public void Compute_ProbedCertificate_CertificateExpiringFollowsTheFourteenDayWindow(double? daysLeft, string status, string reason)
    {
        var policy = Policy();
        policy.Status = new StrictMail.Operator.Entities.TlsPolicyStatus
        {
            Probe = daysLeft is null ? null : new StrictMail.Operator.Entities.ProbeStatus
            {
                Time = Now,
                Mx = [new StrictMail.Operator.Entities.MxProbe { Host = "mx.bank.example", NotAfter = Now.AddDays(daysLeft.Value) }],
            },
        };

        var computed = PolicyStatusCalculator.Compute(policy, Report(), "sha256:r1", 1, 1, Now);

        var condition = computed.Conditions!.Single(c => c.Type == "CertificateExpiring");
        Assert.Equal((status, reason), (condition.Status, condition.Reason));
        Assert.Equal(daysLeft is < 0 ? "mx.bank.example: certificate expired 2026-10-31T00:00:00Z" : daysLeft == 14 ? "mx.bank.example: certificate expires 2026-11-15T00:00:00Z" : condition.Message, condition.Message);
        Assert.True(ConditionList.Status(computed.Conditions, "Ready"));
    }

    [Fact]
    public void Compute_OneRelayBehind_AppliedFalseWaiting()
    {
        var status = PolicyStatusCalculator.Compute(Policy(), Report(), "sha256:r2", 3, 1, Now);

        var applied = status.Conditions!.Single(c => c.Type == "Applied");
        Assert.Equal(("False", "WaitingForRelays"), (applied.Status, applied.Reason));
        Assert.Equal("1 of 3 ready relays run this policy as of revision sha256:r2.", applied.Message);
        Assert.False(ConditionList.Status(status.Conditions, "Ready"));
    }

    [Fact]
    public void Compute_InvalidSpec_AcceptedFalseWithTheFieldInTheMessage()
    {
        var report = Report() with { Errors = [new FieldError("spec.level", "'Sekure' is not one of None, Secure")] };

        var status = PolicyStatusCalculator.Compute(Policy(), report, "sha256:r1", 1, 1, Now);

        var accepted = status.Conditions!.Single(c => c.Type == "Accepted");
        Assert.Equal(("False", "InvalidSpec"), (accepted.Status, accepted.Reason));
        Assert.Contains("spec.level: 'Sekure'", accepted.Message, StringComparison.Ordinal);
        Assert.Equal("InvalidSpec", status.Conditions!.Single(c => c.Type == "Ready").Reason);
        Assert.Equal(0, status.Relays!.Applied);
    }

    [Fact]
    public void Compute_DomainConflict_ConflictTrueReadyFalse()
    {
        var report = Report() with { Conflicts = [new DomainConflict("bank.example", "mail/older")] };

        var status = PolicyStatusCalculator.Compute(Policy(), report, "sha256:r1", 1, 1, Now);

        var conflict = status.Conditions!.Single(c => c.Type == "Conflict");
        Assert.Equal("True", conflict.Status);
        Assert.Contains("mail/older", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(("False", "DomainConflict"), status.Conditions!.Where(c => c.Type == "Ready").Select(c => (c.Status, c.Reason)).Single());
    }

    [Fact]
    public void Compute_NothingChanged_SameConditionsSoNoWrite()
    {
        var policy = Policy();
        policy.Status = PolicyStatusCalculator.Compute(policy, Report(), "sha256:r1", 1, 1, Now);

        var again = PolicyStatusCalculator.Compute(policy, Report(), "sha256:r1", 1, 1, Now.AddMinutes(1));

        Assert.True(ConditionList.Same(policy.Status.Conditions, again.Conditions));
    }

    private static Entities.TlsPolicy Policy()
    {
        var policy = PolicyFactory.Make("bank", "Secure", "bank.example");
        policy.Metadata.Generation = 4;
        return policy;
    }

    private static PolicyReport Report() => new() { Name = "mail/bank" };
}
