using StrictMail.FakeKube.Faults;

namespace StrictMail.Operator.Tests.Hosting;

/// <summary>
/// A request as RBAC sees it (Kubernetes' request attributes): GET of an item is get, of a
/// collection list, with ?watch=true watch; POST create, PUT update, PATCH patch, DELETE delete
/// (deletecollection on a collection). A path that is no resource URL keeps an empty Resource.
/// </summary>
/// <param name="Verb">The RBAC verb.</param>
/// <param name="Group">The API group, "" for the core group.</param>
/// <param name="Resource">The resource (plural), "" for a non-resource URL.</param>
/// <param name="Subresource">The subresource, e.g. status, or "".</param>
/// <param name="Namespace">The namespace, or "" for a cluster-wide request.</param>
/// <param name="Name">The object's name, or "" for a collection.</param>
/// <param name="Path">The URL path, for messages.</param>
internal sealed record RbacRequest(string Verb, string Group, string Resource, string Subresource, string Namespace, string Name, string Path)
{
    /// <summary>Maps one request the fake recorded.</summary>
    public static RbacRequest Of(FakeKubeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var segments = request.Path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var rest = segments switch
        {
            ["api", _, ..] => 2,
            ["apis", _, _, ..] => 3,
            _ => -1,
        };
        if (rest < 0)
        {
            return new RbacRequest(request.Method.ToLowerInvariant(), "", "", "", "", "", request.Path);
        }

        var group = segments[0] == "api" ? "" : segments[1];
        var tail = segments[rest..];
        var ns = "";
        if (tail.Length >= 3 && tail[0] == "namespaces" && tail[2] is not ("status" or "finalize"))
        {
            ns = tail[1];
            tail = tail[2..];
        }

        var resource = tail.Length > 0 ? tail[0] : "";
        var name = tail.Length > 1 ? tail[1] : "";
        var subresource = tail.Length > 2 ? string.Join('/', tail[2..]) : "";
        return new RbacRequest(VerbOf(request, name.Length > 0), group, resource, subresource, ns, name, request.Path);
    }

    public override string ToString() =>
        $"{Verb} {(Group.Length == 0 ? "core" : Group)}/{Resource}{(Subresource.Length == 0 ? "" : "/" + Subresource)}"
        + $" in {(Namespace.Length == 0 ? "all namespaces" : Namespace)}{(Name.Length == 0 ? "" : " name " + Name)}{(Path.Length == 0 ? "" : $" ({Path})")}";

    private static string VerbOf(FakeKubeRequest request, bool item) => request.Method switch
    {
        "GET" when request.IsWatch => "watch",
        "GET" => item ? "get" : "list",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => item ? "delete" : "deletecollection",
        _ => request.Method.ToLowerInvariant(),
    };
}
