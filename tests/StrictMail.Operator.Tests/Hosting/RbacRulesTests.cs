namespace StrictMail.Operator.Tests.Hosting;

/// <summary>RBAC matching (namespaces, subresources, resourceNames) on the real manifest, and the request mapping.</summary>
public sealed class RbacRulesTests
{
    public static TheoryData<string, string, string, string, string, string, bool> Requests() => new()
    {
        // verb, group, resource, subresource, namespace, name, allowed
        { "list", "strictmail.io", "tlspolicies", "", "", "", true },
        { "watch", "strictmail.io", "tlspolicies", "", "mail", "", true },
        { "get", "strictmail.io", "tlspolicies", "", "mail", "bank", false },
        { "patch", "strictmail.io", "tlspolicies", "status", "mail", "bank", true },
        { "update", "strictmail.io", "tlspolicies", "status", "mail", "bank", false },
        { "patch", "strictmail.io", "tlspolicies", "", "mail", "bank", false },
        { "create", "events.k8s.io", "events", "", "mail", "", true },
        { "create", "", "events", "", "mail", "", false },
        { "get", "", "configmaps", "", "strictmail-system", "strictmail-policy", true },
        { "update", "", "configmaps", "", "strictmail-system", "other", false },
        { "create", "", "configmaps", "", "strictmail-system", "", true },
        { "create", "", "configmaps", "", "mail", "", false },
        { "list", "", "pods", "", "strictmail-system", "", true },
        { "watch", "", "pods", "", "strictmail-system", "", false },
        { "list", "", "pods", "", "", "", false },
        { "update", "coordination.k8s.io", "leases", "", "strictmail-system", "strictmail-operator", true },
        { "update", "coordination.k8s.io", "leases", "", "strictmail-system", "someone-else", false },
        { "delete", "coordination.k8s.io", "leases", "", "strictmail-system", "strictmail-operator", false },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Allows_RequestAgainstTheManifest_MatchesKubernetesRbac(string verb, string group, string resource, string subresource, string ns, string name, bool allowed) =>
        Assert.Equal(allowed, RbacRules.Load().Allows(verb, group, resource, subresource, ns, name));

    [Theory]
    [InlineData("GET", "/apis/strictmail.io/v1alpha1/tlspolicies", "", "list strictmail.io/tlspolicies in all namespaces")]
    [InlineData("GET", "/apis/strictmail.io/v1alpha1/namespaces/mail/tlspolicies", "?watch=true&resourceVersion=5", "watch strictmail.io/tlspolicies in mail")]
    [InlineData("PATCH", "/apis/strictmail.io/v1alpha1/namespaces/mail/tlspolicies/bank/status", "", "patch strictmail.io/tlspolicies/status in mail name bank")]
    [InlineData("GET", "/api/v1/namespaces/strictmail-system/configmaps/strictmail-policy", "", "get core/configmaps in strictmail-system name strictmail-policy")]
    [InlineData("PUT", "/apis/coordination.k8s.io/v1/namespaces/strictmail-system/leases/x", "", "update coordination.k8s.io/leases in strictmail-system name x")]
    [InlineData("POST", "/apis/events.k8s.io/v1/namespaces/mail/events", "", "create events.k8s.io/events in mail")]
    [InlineData("DELETE", "/api/v1/namespaces/mail/pods", "", "deletecollection core/pods in mail")]
    [InlineData("GET", "/api/v1/namespaces/mail", "", "get core/namespaces in all namespaces name mail")]
    public void Of_FakeRequest_KubernetesRequestAttributes(string method, string path, string query, string expected) =>
        Assert.StartsWith(expected + " (", RbacRequest.Of(new(method, path, query)).ToString(), StringComparison.Ordinal);

    [Fact]
    public void Allows_DiscoveryRequest_False() =>
        Assert.False(RbacRules.Load().Allows(RbacRequest.Of(new("GET", "/apis", ""))));

    [Fact]
    public void Parse_RoleBoundToAnotherServiceAccount_GrantsNothing()
    {
        var yaml = File.ReadAllText(RbacRules.Path).Replace("  - kind: ServiceAccount\n    name: strictmail-operator", "  - kind: ServiceAccount\n    name: someone-else", StringComparison.Ordinal);

        Assert.Empty(RbacRules.Parse(yaml).Rules);
    }
}
