using System.Globalization;

namespace StrictMail.Relay.Inbound.Auth;

/// <summary>Reads the users file: "user:pbkdf2-sha256$..." lines, "#" comments and blank lines. Pure.</summary>
internal static class UsersFileParser
{
    /// <summary>
    /// The users in <paramref name="text"/>, or null and one problem per bad line (by line number only: a line may hold a
    /// secret). A file with any bad line is refused whole, so a half-edited file never locks out the users it still lists.
    /// </summary>
    public static IReadOnlyDictionary<string, PasswordHash>? Parse(string text, out IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(text);
        var users = new Dictionary<string, PasswordHash>(StringComparer.Ordinal);
        var found = new List<string>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            // The hash has no ':' (base64 and '$' only), so the last ':' ends the user name.
            var colon = line.LastIndexOf(':');
            var user = colon > 0 ? line[..colon] : string.Empty;
            var hash = colon > 0 ? PasswordHasher.Parse(line[(colon + 1)..]) : null;
            if (hash is null)
            {
                found.Add(string.Create(CultureInfo.InvariantCulture, $"line {number} is not user:{PasswordHasher.Scheme}$iterations$salt$hash (make one with 'strictmail-relay hash-password')"));
            }
            else if (!users.TryAdd(user, hash))
            {
                found.Add(string.Create(CultureInfo.InvariantCulture, $"line {number} repeats user '{user}'"));
            }
        }

        problems = found;
        return found.Count == 0 ? users : null;
    }
}
