namespace StrictMail.TestSupport.Metrics;

/// <summary>One measurement an instrument reported, with its tags.</summary>
/// <param name="Instrument">The instrument name, e.g. strictmail.relay.deliveries.</param>
/// <param name="Value">The value added or recorded.</param>
/// <param name="Tags">The tags, by name.</param>
internal sealed record RecordedMeasurement(string Instrument, long Value, IReadOnlyDictionary<string, string?> Tags)
{
    public override string ToString() =>
        $"{Instrument}{{{string.Join(",", Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"))}}} {Value}";
}
