namespace StrictMail.Operator.Tests.Hosting;

/// <summary>
/// deploy/rbac/operator-rbac.yaml against what the operator really asks the API server for: every
/// request of a full run must be allowed, and every verb and resourceName granted must be used.
/// </summary>
public sealed class OperatorRbacTests(OperatorRbacScenario scenario) : IClassFixture<OperatorRbacScenario>
{
    // Grants the run does not exercise but the operator needs; each with the reason. None today:
    // tlspolicies get and tlspolicies/status update were left out because no code path uses them.
    private static readonly string[] UnusedOnPurpose = [];

    public static TheoryData<string, int, string> EveryVerb()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var verb in RbacRules.Verbs(File.ReadAllText(RbacRules.Path)))
        {
            data.Add(verb.Role, verb.Rule, verb.Verb);
        }

        return data;
    }

    [Fact]
    public void Parse_RbacFile_GrantsTheOperatorServiceAccountClusterAndNamespaceRules()
    {
        var rules = RbacRules.Load();

        Assert.True(rules.DeclaresServiceAccount, "the manifest creates ServiceAccount strictmail-system/strictmail-operator");
        Assert.Contains(rules.Rules, r => r.Namespace is null);
        Assert.Contains(rules.Rules, r => r.Namespace == RbacRules.ServiceAccountNamespace);
    }

    [Fact]
    public void Denied_EveryRequestOfAnOperatorRun_None()
    {
        var denied = RbacRules.Load().Denied(scenario.OperatorRequests);

        Assert.True(denied.Count == 0, "The operator made requests the RBAC file does not allow:\n" + string.Join('\n', denied));
    }

    [Fact]
    public void Unused_AnOperatorRun_NothingButDocumentedExceptions()
    {
        var unused = RbacRules.Load().Unused([.. scenario.OperatorRequests]).Except(UnusedOnPurpose, StringComparer.Ordinal).ToList();

        Assert.True(unused.Count == 0, "The RBAC file grants what the operator never used:\n" + string.Join('\n', unused));
    }

    [Fact]
    public void Unused_VerbTheOperatorNeverUses_Reported()
    {
        var widened = File.ReadAllText(RbacRules.Path).Replace("verbs: [\"list\"]", "verbs: [\"list\", \"watch\"]", StringComparison.Ordinal);

        var unused = RbacRules.Parse(widened).Unused([.. scenario.OperatorRequests]);

        Assert.Contains(unused, u => u.Contains("core/pods", StringComparison.Ordinal) && u.EndsWith("verb watch", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(EveryVerb))]
    public void Denied_OneVerbRemoved_SomeRequestOfTheRunIsDenied(string role, int rule, string verb)
    {
        var mutated = RbacRules.Parse(RbacRules.WithoutVerb(File.ReadAllText(RbacRules.Path), new RbacVerb(role, rule, verb)));

        var denied = mutated.Denied(scenario.OperatorRequests);

        Assert.Contains(denied, r => r.Verb == verb);
    }
}
