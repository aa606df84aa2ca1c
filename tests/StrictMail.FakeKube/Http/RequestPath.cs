namespace StrictMail.FakeKube.Http;

/// <summary>A resource URL taken apart: /api/v1/namespaces/ns/configmaps/name/status.</summary>
internal sealed record RequestPath(string Group, string Version, string? Namespace, string Plural, string? Name, string? Subresource)
{
    public static RequestPath? Parse(string path)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group;
        string version;
        int rest;
        if (segments.Length >= 3 && segments[0] == "api")
        {
            (group, version, rest) = ("", segments[1], 2);
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            (group, version, rest) = (segments[1], segments[2], 3);
        }
        else
        {
            return null;
        }

        var tail = segments[rest..];
        string? ns = null;
        // namespaces/x/configmaps is a namespaced collection; namespaces/x and namespaces/x/status are the namespace itself.
        if (tail.Length >= 3 && tail[0] == "namespaces" && tail[2] is not ("status" or "finalize"))
        {
            ns = tail[1];
            tail = tail[2..];
        }

        return tail.Length switch
        {
            1 => new RequestPath(group, version, ns, tail[0], null, null),
            2 => new RequestPath(group, version, ns, tail[0], tail[1], null),
            3 => new RequestPath(group, version, ns, tail[0], tail[1], tail[2]),
            _ => null,
        };
    }
}
