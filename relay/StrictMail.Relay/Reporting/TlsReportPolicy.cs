namespace StrictMail.Relay.Reporting;

/// <summary>The policy a TLS session was judged under, as RFC 8460 4.3 names it in a report.</summary>
/// <param name="Type">"sts", "tlsa" or "no-policy-found".</param>
/// <param name="Strings">The policy as published: the MTA-STS policy's lines or the TLSA records; empty for no-policy-found.</param>
internal sealed record TlsReportPolicy(string Type, IReadOnlyList<string> Strings)
{
    public const string Sts = "sts";
    public const string Tlsa = "tlsa";
    public const string NoPolicyFound = "no-policy-found";

    /// <summary>Neither DANE nor MTA-STS applied.</summary>
    public static readonly TlsReportPolicy None = new(NoPolicyFound, []);

    /// <summary>The key sessions are grouped under: the type and the exact strings.</summary>
    public string Key => Type + "\n" + string.Join("\n", Strings);
}
