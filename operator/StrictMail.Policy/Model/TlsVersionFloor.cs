using System.Text.Json.Serialization;

namespace StrictMail.Policy.Model;

/// <summary>The oldest TLS protocol version a policy accepts.</summary>
public enum TlsVersionFloor
{
    /// <summary>TLS 1.2 or newer.</summary>
    [JsonStringEnumMemberName("TLS1.2")]
    Tls12 = 0,

    /// <summary>TLS 1.3 only.</summary>
    [JsonStringEnumMemberName("TLS1.3")]
    Tls13 = 1,
}
