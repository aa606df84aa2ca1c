namespace StrictMail.Chart.Tests.Rbac;

/// <summary>One permission: a verb on a resource of an API group, on one named object or on all ("*").</summary>
internal sealed record Grant(string ApiGroup, string Resource, string Verb, string ResourceName)
{
    public override string ToString() => $"{Verb} {(ApiGroup.Length == 0 ? "core" : ApiGroup)}/{Resource}{(ResourceName == "*" ? string.Empty : "/" + ResourceName)}";
}
