namespace StrictMail.TestSupport.Prometheus;

/// <summary>One series of a query result: its labels and its (last) value as Prometheus printed it.</summary>
internal sealed record PrometheusSeries(IReadOnlyDictionary<string, string> Labels, string Value)
{
    public override string ToString() => $"{{{string.Join(", ", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\""))}}} {Value}";
}
