namespace StrictMail.Policy.Reporting;

/// <summary>
/// Failure counts of one policy result, keyed by result type, MX host and receiving address, bounded: once
/// <see cref="MaxRows"/> rows exist, a new key folds into its result type's row without host and address. Both a relay's
/// day (one session at a time) and the fleet merge (whole rows) count through this. Not thread-safe.
/// </summary>
public sealed class TlsFailureRows
{
    public const int MaxRows = 100;

    private readonly Dictionary<(string ResultType, string? MxHost, string? Ip), long> _rows = [];

    /// <summary>Adds <paramref name="count"/> failed sessions of one kind.</summary>
    public void Add(string resultType, string? mxHost, string? receivingIp, long count)
    {
        var row = (resultType, mxHost?.ToLowerInvariant(), receivingIp);
        if (!_rows.ContainsKey(row) && _rows.Count >= MaxRows)
        {
            row = (resultType, null, null);
        }

        _rows[row] = _rows.GetValueOrDefault(row) + count;
    }

    /// <summary>The rows, ordered by result type, MX host and address.</summary>
    public IReadOnlyList<TlsFailureCount> ToList() =>
        [.. _rows.Select(f => new TlsFailureCount(f.Key.ResultType, f.Key.MxHost, f.Key.Ip, f.Value))
            .OrderBy(f => f.ResultType, StringComparer.Ordinal).ThenBy(f => f.MxHost, StringComparer.Ordinal).ThenBy(f => f.ReceivingIp, StringComparer.Ordinal)];
}
