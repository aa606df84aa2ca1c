using System.Globalization;
using System.Security.Cryptography;

namespace StrictMail.Relay.Queue;

/// <summary>Queue ids: the arrival time in milliseconds (hex, so ids sort by age) and 40 random bits.</summary>
internal static class QueueIds
{
    public static string New(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{now.ToUnixTimeMilliseconds():X11}{RandomNumberGenerator.GetHexString(10)}");

    /// <summary>The arrival time an id carries, or null for a name that is not a queue id.</summary>
    public static DateTimeOffset? ReceivedOf(string id) =>
        id.Length == 21 && long.TryParse(id.AsSpan(0, 11), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var millis)
            ? DateTimeOffset.FromUnixTimeMilliseconds(millis)
            : null;
}
