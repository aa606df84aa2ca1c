using StrictMail.Operator.Compilation;

namespace StrictMail.Operator.Tests.Compilation;

public sealed class NamespacePermissionsTests
{
    private static readonly NamespacePermissions OperatorOnly = NamespacePermissions.Only(["strictmail-system"]);

    [Theory]
    [InlineData("Encrypt", "partner.example", null, "")]
    [InlineData("Encrypt", "partner.example", "[192.0.2.1]:25", "spec.nextHop")]
    [InlineData("None", "partner.example", null, "spec.level")]
    [InlineData("Opportunistic", "*", null, "spec.domains")]
    [InlineData("Opportunistic", ".com", null, "spec.domains")]
    [InlineData("Opportunistic", ".partner.example", null, "")]
    [InlineData("None", "*", "relay.internal:2525", "spec.nextHop,spec.level,spec.domains")]
    public void Compile_PolicyOutsideThePrivilegedNamespaces_RefusesEachPrivilegedField(string level, string domain, string? nextHop, string fields)
    {
        var policy = PolicyFactory.Make("p", level, domain);
        policy.Spec.NextHop = nextHop;

        var report = Assert.Single(PolicyDocumentBuilder.Build([policy], OperatorOnly).Reports);

        Assert.Equal(fields, string.Join(',', report.Forbidden.Select(e => e.Path)));
        Assert.Empty(report.Errors);
        Assert.Equal(fields.Length == 0, report.Accepted);
        Assert.Equal(fields.Length > 0, report.NotPermitted);
    }

    [Fact]
    public void Compile_RefusedPolicy_LeavesItsDomainsUnclaimed()
    {
        var reroute = PolicyFactory.Make("reroute", "None", "*");
        var fallback = PolicyFactory.Make("default", "Opportunistic", "*");
        fallback.Metadata.NamespaceProperty = "strictmail-system";
        fallback.Metadata.CreationTimestamp = DateTime.UnixEpoch.AddYears(60);
        reroute.Metadata.CreationTimestamp = DateTime.UnixEpoch;

        var result = PolicyDocumentBuilder.Build([reroute, fallback], OperatorOnly);

        var kept = Assert.Single(result.Document.Policies);
        Assert.Equal("strictmail-system/default", kept.Name);
        Assert.Empty(result.Reports[1].Conflicts);
    }

    [Fact]
    public void Compile_PrivilegedNamespaceOrStar_MayUseEverything()
    {
        var policy = PolicyFactory.Make("p", "None", "*");
        policy.Spec.NextHop = "[192.0.2.1]:25";

        Assert.True(Assert.Single(PolicyDocumentBuilder.Build([policy], NamespacePermissions.Only(["mail"])).Reports).Accepted);
        Assert.True(Assert.Single(PolicyDocumentBuilder.Build([policy], NamespacePermissions.Only(["*"])).Reports).Accepted);
        Assert.True(Assert.Single(PolicyDocumentBuilder.Build([policy]).Reports).Accepted);
    }

    [Fact]
    public void Compile_InvalidAndNotPermitted_ReportsOnlyTheFieldErrors()
    {
        var policy = PolicyFactory.Make("p", "Fingerprint", "*");

        var report = Assert.Single(PolicyDocumentBuilder.Build([policy], OperatorOnly).Reports);

        Assert.NotEmpty(report.Errors);
        Assert.False(report.NotPermitted);
    }
}
