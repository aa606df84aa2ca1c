using System.Security.Cryptography;

namespace StrictMail.Relay.Inbound.Auth;

/// <summary>A user name and password from an AUTH exchange; disposing wipes the password bytes. Never logged.</summary>
internal sealed class SaslCredentials(string user, byte[] password) : IDisposable
{
    public string User { get; } = user;

    /// <summary>The password as the client sent it (UTF-8).</summary>
    public ReadOnlySpan<byte> Password => password;

    public void Dispose() => CryptographicOperations.ZeroMemory(password);
}
