namespace StrictMail.Relay.Delivery;

/// <summary>What happened to one recipient.</summary>
internal enum DeliveryStatus
{
    /// <summary>The receiving MX accepted it.</summary>
    Delivered,

    /// <summary>Not delivered yet; retry later.</summary>
    Deferred,

    /// <summary>Failed for good; the sender gets a bounce.</summary>
    Bounced,
}
