using System.Text.Json.Serialization;
using StrictMail.Relay.Delivery.Sts;

namespace StrictMail.Relay.Admin;

/// <summary>One domain in the answer of <c>GET /mta-sts</c>: its cached MTA-STS policy (null fields when none is cached) and its last fetch failure.</summary>
internal sealed record MtaStsEntry(
    [property: JsonPropertyName("domain")] string Domain,
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("mode")] string? Mode,
    [property: JsonPropertyName("mx")] IReadOnlyList<string> Mx,
    [property: JsonPropertyName("max_age")] long? MaxAge,
    [property: JsonPropertyName("fetched")] DateTimeOffset? Fetched,
    [property: JsonPropertyName("expires")] DateTimeOffset? Expires,
    [property: JsonPropertyName("last_error")] string? LastError,
    [property: JsonPropertyName("last_error_type")] string? LastErrorType,
    [property: JsonPropertyName("last_error_at")] DateTimeOffset? LastErrorAt)
{
    public static MtaStsEntry From(StsDomainState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var cached = state.Cached;
        var failure = state.LastFailure;
        return new MtaStsEntry(
            state.Domain,
            cached?.Id,
            cached?.Policy.Mode.ToString().ToLowerInvariant(),
            cached?.Policy.MxPatterns ?? [],
            cached is null ? null : (long)cached.Policy.MaxAge.TotalSeconds,
            cached?.FetchedAt,
            cached?.ExpiresAt,
            failure?.Detail,
            failure?.ResultType,
            failure?.At);
    }
}
