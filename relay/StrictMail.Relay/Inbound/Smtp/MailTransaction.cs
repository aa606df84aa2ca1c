namespace StrictMail.Relay.Inbound.Smtp;

/// <summary>One mail transaction: from MAIL FROM to the end of DATA, RSET, EHLO or STARTTLS.</summary>
internal sealed class MailTransaction(string sender)
{
    private readonly List<string> _recipients = [];
    private readonly HashSet<string> _seen = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The reverse path; empty for the null sender.</summary>
    public string Sender { get; } = sender;

    /// <summary>MAIL FROM carried REQUIRETLS (RFC 8689): the message leaves only over verified TLS to a next hop that offers it too.</summary>
    public bool RequireTls { get; init; }

    /// <summary>Accepted recipients, in order, each once.</summary>
    public IReadOnlyList<string> Recipients => _recipients;

    /// <summary>RCPT commands given, accepted or not (DATA after only refused ones gets "no valid recipients").</summary>
    public int RecipientCommands { get; private set; }

    /// <summary>Counts one RCPT command.</summary>
    public void CountRecipientCommand() => RecipientCommands++;

    /// <summary>True when <paramref name="recipient"/> was already accepted (compared case-insensitively).</summary>
    public bool Has(string recipient) => _seen.Contains(recipient);

    /// <summary>Accepts <paramref name="recipient"/>.</summary>
    public void Add(string recipient)
    {
        if (_seen.Add(recipient))
        {
            _recipients.Add(recipient);
        }
    }
}
