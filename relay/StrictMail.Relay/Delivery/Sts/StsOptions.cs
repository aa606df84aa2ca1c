namespace StrictMail.Relay.Delivery.Sts;

/// <summary>Where the MTA-STS policy cache is kept; not bound from configuration: the composition root copies Relay:StateDirectory in.</summary>
internal sealed class StsOptions
{
    /// <summary>The relay's state directory; the cache is its mta-sts-cache.json.</summary>
    public string StateDirectory { get; set; } = string.Empty;
}
