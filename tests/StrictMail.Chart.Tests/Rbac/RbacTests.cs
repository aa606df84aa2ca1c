using k8s;
using k8s.Models;
using StrictMail.Chart.Tests.Rendering;

namespace StrictMail.Chart.Tests.Rbac;

public sealed class RbacTests
{
    private static readonly Lazy<IList<object>> Reference = new(() => KubernetesYaml.LoadAllFromString(
        File.ReadAllText(ChartPaths.Of("deploy", "rbac", "operator-rbac.yaml")),
        new Dictionary<string, Type>
        {
            ["v1/ServiceAccount"] = typeof(V1ServiceAccount),
            ["rbac.authorization.k8s.io/v1/ClusterRole"] = typeof(V1ClusterRole),
            ["rbac.authorization.k8s.io/v1/ClusterRoleBinding"] = typeof(V1ClusterRoleBinding),
            ["rbac.authorization.k8s.io/v1/Role"] = typeof(V1Role),
            ["rbac.authorization.k8s.io/v1/RoleBinding"] = typeof(V1RoleBinding),
        },
        strict: true));

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void ClusterRole_Chart_GrantsExactlyTheReferenceRules(string scenario)
    {
        var chart = Renders.Of(scenario);
        var expected = Grants.Of(Reference.Value.OfType<V1ClusterRole>().Single().Rules);
        var actual = Grants.Of(chart.Single("ClusterRole").As<V1ClusterRole>().Rules);

        Assert.True(expected.SetEquals(actual), Grants.Difference(expected, actual));
    }

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void Role_Chart_GrantsExactlyTheReferenceRulesOnTheNamesFromValues(string scenario)
    {
        var chart = Renders.Of(scenario);
        // deploy/rbac names the default ConfigMap and Lease; the chart must name the ones the operator is told to use.
        var names = new Dictionary<string, string>
        {
            ["strictmail-policy"] = chart.OperatorArg("--configmap"),
            ["strictmail-operator"] = chart.OperatorArg("--lease-name"),
            ["strictmail-tlsrpt"] = chart.OperatorArg("--tlsrpt-configmap"),
        };
        var expected = Grants.Of(Reference.Value.OfType<V1Role>().Single().Rules, n => names[n]);
        var role = chart.Single("Role").As<V1Role>();
        var actual = Grants.Of(role.Rules);

        Assert.True(expected.SetEquals(actual), Grants.Difference(expected, actual));
        Assert.Equal(HelmTemplate.Namespace, role.Metadata.NamespaceProperty);
    }

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void Roles_Chart_AreTheOnlyOnes(string scenario)
    {
        var chart = Renders.Of(scenario);

        Assert.Single(chart.OfKind("ClusterRole"));
        Assert.Single(chart.OfKind("Role"));
    }

    [Theory]
    [MemberData(nameof(Renders.Scenarios), MemberType = typeof(Renders))]
    public void Bindings_Chart_BindOnlyTheOperatorServiceAccount(string scenario)
    {
        var chart = Renders.Of(scenario);
        var account = chart.Operator.Spec.Template.Spec.ServiceAccountName;
        var subjects = chart.OfKind("RoleBinding").SelectMany(b => b.As<V1RoleBinding>().Subjects)
            .Concat(chart.OfKind("ClusterRoleBinding").SelectMany(b => b.As<V1ClusterRoleBinding>().Subjects));

        Assert.All(subjects, s =>
        {
            Assert.Equal("ServiceAccount", s.Kind);
            Assert.Equal(account, s.Name);
            Assert.Equal(HelmTemplate.Namespace, s.NamespaceProperty);
        });
    }

    [Fact]
    public void Bindings_DefaultValues_BindTheClusterRoleClusterWide()
    {
        var chart = Renders.Default;
        var binding = chart.Single("ClusterRoleBinding").As<V1ClusterRoleBinding>();

        Assert.Equal(("ClusterRole", chart.Single("ClusterRole").Name), (binding.RoleRef.Kind, binding.RoleRef.Name));
        var roleBinding = chart.Single("RoleBinding").As<V1RoleBinding>();
        Assert.Equal(("Role", chart.Single("Role").Name), (roleBinding.RoleRef.Kind, roleBinding.RoleRef.Name));
    }

    [Fact]
    public void Bindings_WatchNamespaces_BindTheClusterRoleOnlyInThem()
    {
        var chart = Renders.AllOn;
        var clusterRole = chart.Single("ClusterRole").Name;

        Assert.Empty(chart.OfKind("ClusterRoleBinding"));
        var perNamespace = chart.OfKind("RoleBinding").Select(d => d.As<V1RoleBinding>()).Where(b => b.RoleRef.Kind == "ClusterRole").ToArray();
        Assert.Equal(["billing", "mail"], perNamespace.Select(b => b.Metadata.NamespaceProperty).Order());
        Assert.All(perNamespace, b => Assert.Equal(clusterRole, b.RoleRef.Name));
    }

    [Fact]
    public void Grants_ExtraVerb_IsReportedAsADifference()
    {
        var reference = Reference.Value.OfType<V1ClusterRole>().Single().Rules;
        var widened = reference.Select(r => new V1PolicyRule { Verbs = [.. r.Verbs, "get"], ApiGroups = r.ApiGroups, ResourceNames = r.ResourceNames, Resources = r.Resources }).ToArray();
        var expected = Grants.Of(reference);
        var actual = Grants.Of(widened);

        Assert.False(expected.SetEquals(actual));
        Assert.Contains("extra: get strictmail.io/tlspolicies", Grants.Difference(expected, actual), StringComparison.Ordinal);
    }
}
