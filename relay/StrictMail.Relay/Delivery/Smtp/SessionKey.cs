using System.Net;
using StrictMail.Policy.Document;
using StrictMail.Policy.Model;

namespace StrictMail.Relay.Delivery.Smtp;

/// <summary>
/// What a reused connection must share with the new message: the same address, the same MX name
/// that was authenticated, and the same policy object at the same level (a reloaded policy is a
/// new object, so a changed policy never rides on a connection verified under the old one).
/// </summary>
internal sealed record SessionKey(IPEndPoint Endpoint, string MxHost, CompiledPolicy Policy, TlsLevel Level)
{
    public bool Equals(SessionKey? other) =>
        other is not null && Endpoint.Equals(other.Endpoint) && string.Equals(MxHost, other.MxHost, StringComparison.OrdinalIgnoreCase)
        && ReferenceEquals(Policy, other.Policy) && Level == other.Level;

    public override int GetHashCode() =>
        HashCode.Combine(Endpoint, StringComparer.OrdinalIgnoreCase.GetHashCode(MxHost), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Policy), Level);
}
