namespace StrictMail.Relay.Delivery.Sts;

/// <summary>
/// The <c>_mta-sts.&lt;domain&gt;</c> TXT record (RFC 8461 3.1): records not starting with <c>v=STSv1;</c> are ignored;
/// exactly one must remain, with an <c>id</c> of 1 to 32 letters and digits. Pure.
/// </summary>
/// <param name="Id">The policy id; a changed id means the policy changed.</param>
internal sealed record StsTxtRecord(string Id)
{
    /// <summary>
    /// The record among <paramref name="records"/> (each record's strings already concatenated), or null with the reason
    /// when there is none usable (no record is not an error: the domain publishes no MTA-STS).
    /// </summary>
    public static (StsTxtRecord? Record, string? Problem) Parse(IEnumerable<string> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var sts = records.Where(r => r.StartsWith("v=STSv1", StringComparison.Ordinal) && (r.Length == 7 || r[7] is ';' or ' ' or '\t')).ToList();
        if (sts.Count == 0)
        {
            return (null, null);
        }

        if (sts.Count > 1)
        {
            return (null, $"{sts.Count} v=STSv1 TXT records (exactly one is allowed)");
        }

        string? id = null;
        foreach (var field in sts[0].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return (null, $"the TXT record has a field without '=': {field}");
            }

            if (field[..equals] == "id" && id is null)
            {
                id = field[(equals + 1)..];
            }
        }

        return id is { Length: >= 1 and <= 32 } && id.All(char.IsAsciiLetterOrDigit)
            ? (new StsTxtRecord(id), null)
            : (null, id is null ? "the v=STSv1 TXT record has no id" : $"the TXT record's id '{id}' is not 1 to 32 letters and digits");
    }
}
