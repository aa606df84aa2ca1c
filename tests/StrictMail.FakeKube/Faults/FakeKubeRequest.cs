namespace StrictMail.FakeKube.Faults;

/// <summary>What a fault predicate sees of a request.</summary>
/// <param name="Method">GET, POST, PUT, PATCH or DELETE.</param>
/// <param name="Path">The URL path, e.g. /api/v1/namespaces/mail/configmaps/x.</param>
/// <param name="Query">The query string including '?', or "".</param>
public sealed record FakeKubeRequest(string Method, string Path, string Query)
{
    /// <summary>True for a watch (?watch=true or ?watch=1).</summary>
    public bool IsWatch => Query.Contains("watch=true", StringComparison.Ordinal) || Query.Contains("watch=1", StringComparison.Ordinal);

    /// <summary>True for POST, PUT, PATCH and DELETE.</summary>
    public bool IsWrite => Method is "POST" or "PUT" or "PATCH" or "DELETE";
}
