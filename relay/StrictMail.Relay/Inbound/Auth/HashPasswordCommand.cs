using System.Security.Cryptography;
using System.Text;

namespace StrictMail.Relay.Inbound.Auth;

/// <summary>"strictmail-relay hash-password": reads one password line from standard input and prints its users-file hash.</summary>
internal static class HashPasswordCommand
{
    public const string Name = "hash-password";

    /// <summary>Hashes the first line of <paramref name="input"/>; exit code 0, or 1 when the line is missing or empty.</summary>
    public static async Task<int> RunAsync(TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var line = await input.ReadLineAsync();
        if (string.IsNullOrEmpty(line))
        {
            await error.WriteLineAsync("strictmail-relay hash-password: no password on standard input; pipe one line in, e.g. printf '%s\\n' \"$PASSWORD\" | strictmail-relay hash-password");
            return 1;
        }

        var password = Encoding.UTF8.GetBytes(line);
        try
        {
            await output.WriteLineAsync(PasswordHasher.Hash(password));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }

        return 0;
    }
}
