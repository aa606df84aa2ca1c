namespace StrictMail.Policy.Tests.Lookup;

/// <summary>A case-insensitive comparer that counts span lookups, to measure dictionary probes.</summary>
internal sealed class CountingComparer : IEqualityComparer<string>, IAlternateEqualityComparer<ReadOnlySpan<char>, string>
{
    private static readonly StringComparer Inner = StringComparer.OrdinalIgnoreCase;

    public int SpanProbes { get; set; }

    public bool Equals(string? x, string? y) => Inner.Equals(x, y);

    public int GetHashCode(string obj) => Inner.GetHashCode(obj);

    public bool Equals(ReadOnlySpan<char> alternate, string other) => alternate.Equals(other, StringComparison.OrdinalIgnoreCase);

    public int GetHashCode(ReadOnlySpan<char> alternate)
    {
        SpanProbes++;
        return ((IAlternateEqualityComparer<ReadOnlySpan<char>, string>)Inner).GetHashCode(alternate);
    }

    public string Create(ReadOnlySpan<char> alternate) => alternate.ToString();
}
