namespace StrictMail.Operator.Tests.Hosting;

/// <summary>One verb of one rule in an RBAC manifest, e.g. ("Role strictmail-system/strictmail-operator", 2, "list").</summary>
/// <param name="Role">The Role or ClusterRole, as "Kind [namespace/]name".</param>
/// <param name="Rule">The rule's index in its rules list.</param>
/// <param name="Verb">The verb.</param>
internal sealed record RbacVerb(string Role, int Rule, string Verb)
{
    public override string ToString() => $"{Role} rule {Rule} verb {Verb}";
}
