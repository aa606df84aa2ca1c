namespace StrictMail.Operator.Cli;

/// <summary>The command line is wrong; the message says how, and usage is printed after it.</summary>
internal sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
