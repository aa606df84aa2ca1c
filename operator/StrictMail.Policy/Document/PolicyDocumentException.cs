namespace StrictMail.Policy.Document;

/// <summary>A policy document that cannot be used; the message says what is wrong with it.</summary>
public sealed class PolicyDocumentException : Exception
{
    public PolicyDocumentException()
    {
    }

    public PolicyDocumentException(string message)
        : base(message)
    {
    }

    public PolicyDocumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
