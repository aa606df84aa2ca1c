namespace StrictMail.Relay.Delivery.Routing;

/// <summary>How a DNS query ended, reduced to what routing decides on.</summary>
internal enum DnsAnswer
{
    /// <summary>Records were returned.</summary>
    Records,

    /// <summary>The name exists but has no records of this type (NOERROR, empty answer).</summary>
    NoData,

    /// <summary>The name does not exist (NXDOMAIN): final.</summary>
    NoSuchName,

    /// <summary>SERVFAIL, REFUSED, a timeout or any other error: try again later.</summary>
    TemporaryFailure,
}
