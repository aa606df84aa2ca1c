namespace StrictMail.Relay.Delivery.Tls;

/// <summary>A policy's trust anchors cannot be loaded; deliveries under it defer rather than trust anything else.</summary>
internal sealed class TrustAnchorException : Exception
{
    public TrustAnchorException()
    {
    }

    public TrustAnchorException(string message)
        : base(message)
    {
    }

    public TrustAnchorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
