namespace StrictMail.Relay.Inbound.Smtp;

/// <summary>What reading one command line gave.</summary>
internal enum LineStatus
{
    /// <summary>A line within the limit.</summary>
    Line,

    /// <summary>A line over the limit; it was read to its end and thrown away.</summary>
    TooLong,

    /// <summary>The client closed the connection.</summary>
    Closed,
}
