namespace StrictMail.Relay.Delivery.Routing;

/// <summary>Whether the relay has a DNSSEC-validating resolver it may trust.</summary>
internal enum DnssecState
{
    /// <summary>No Relay:Delivery:DnssecResolvers: no answer counts as DNSSEC-secure.</summary>
    NotConfigured,

    /// <summary>Configured, not checked yet.</summary>
    Unchecked,

    /// <summary>Every configured resolver authenticated the check name (AD bit).</summary>
    Validating,

    /// <summary>Some resolver answered without the AD bit or failed: its answers would make every domain look unsigned.</summary>
    NotValidating,
}
