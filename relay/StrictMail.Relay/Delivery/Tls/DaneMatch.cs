namespace StrictMail.Relay.Delivery.Tls;

/// <summary>The DANE verdict on a server's chain.</summary>
/// <param name="Matched">True when a usable TLSA record authenticates the chain.</param>
/// <param name="Record">The record that matched; null when none did.</param>
/// <param name="Reason">For a human: which record matched and how, or why none did.</param>
internal sealed record DaneMatch(bool Matched, TlsaRecordData? Record, string Reason)
{
    public static DaneMatch Success(TlsaRecordData record, string how) => new(true, record, $"TLSA {record} matched {how}");

    public static DaneMatch Failure(string reason) => new(false, null, reason);
}
