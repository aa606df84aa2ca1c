namespace StrictMail.TestSupport.Dns;

/// <summary>How <see cref="TestDnsServer"/> treats queries for one name, whatever its records.</summary>
internal enum DnsNameBehavior
{
    /// <summary>Answer from the records: NOERROR with answers, NOERROR/NODATA, or NXDOMAIN.</summary>
    Answer,

    /// <summary>Answer SERVFAIL (a temporary failure for a resolver).</summary>
    ServerFailure,

    /// <summary>Never answer, so the client times out.</summary>
    NoAnswer,
}
