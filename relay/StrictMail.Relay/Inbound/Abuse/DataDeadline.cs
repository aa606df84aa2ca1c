namespace StrictMail.Relay.Inbound.Abuse;

/// <summary>
/// How long the DATA phase may take so far: <paramref name="Baseline"/> plus the bytes received at <paramref name="MinRate"/>
/// bytes a second. Bytes past <paramref name="MaxMessageSize"/> (read only to find the end of a refused message) earn no
/// more time, so no client holds a session in DATA for longer than a maximal message at the minimum rate.
/// </summary>
internal sealed record DataDeadline(TimeSpan Baseline, long MinRate, long MaxMessageSize)
{
    /// <summary>The time allowed from the 354 reply when <paramref name="received"/> bytes have arrived.</summary>
    public TimeSpan Allowed(long received)
    {
        var counted = Math.Clamp(received, 0, MaxMessageSize);
        return Baseline + TimeSpan.FromSeconds((double)counted / MinRate);
    }
}
