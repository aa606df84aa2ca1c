using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace StrictMail.Relay.Inbound.Auth;

/// <summary>Decodes the base64 client responses of AUTH PLAIN (RFC 4616) and AUTH LOGIN. Pure.</summary>
internal static class SaslDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The bytes of a base64 response; "=" is the empty response (RFC 4954 4). Null when it is not base64.</summary>
    public static byte[]? DecodeBase64(string response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response == "=")
        {
            return [];
        }

        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(response.Length)];
        return Convert.TryFromBase64String(response, bytes, out var written)
            ? bytes[..written]
            : null;
    }

    /// <summary>
    /// Reads "[authzid] NUL authcid NUL password". Null when malformed, or when it asks to act as another user (an authzid
    /// other than the authcid): the relay has no proxy rights to grant.
    /// </summary>
    public static SaslCredentials? DecodePlain(byte[] message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var span = message.AsSpan();
        var first = span.IndexOf((byte)0);
        var second = first < 0 ? -1 : span[(first + 1)..].IndexOf((byte)0);
        if (second < 0)
        {
            return null;
        }

        second += first + 1;
        var authzid = Text(span[..first]);
        var user = Text(span[(first + 1)..second]);
        if (authzid is null || string.IsNullOrEmpty(user) || (authzid.Length > 0 && authzid != user))
        {
            return null;
        }

        return new SaslCredentials(user, span[(second + 1)..].ToArray());
    }

    /// <summary>The user name of AUTH LOGIN, or null when it is not UTF-8 text.</summary>
    public static string? DecodeLoginUser(byte[] response) => Text(response);

    /// <summary>Wipes a decoded response that held a password.</summary>
    public static void Wipe(byte[] response) => CryptographicOperations.ZeroMemory(response);

    private static string? Text(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var text = StrictUtf8.GetString(bytes);
            return text.Any(char.IsControl) ? null : text;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
