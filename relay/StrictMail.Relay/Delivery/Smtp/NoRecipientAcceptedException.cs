namespace StrictMail.Relay.Delivery.Smtp;

/// <summary>The server refused every recipient; each refusal is in <see cref="RelaySmtpClient.Rejected"/>.</summary>
internal sealed class NoRecipientAcceptedException : Exception
{
    public NoRecipientAcceptedException()
        : base("the server accepted none of the recipients")
    {
    }

    public NoRecipientAcceptedException(string message)
        : base(message)
    {
    }

    public NoRecipientAcceptedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
