using System.Globalization;
using System.Text.RegularExpressions;

namespace StrictMail.Operator.Compilation;

/// <summary>Parses durations such as "24h", "1h30m" or "2d" (days, hours, minutes, seconds).</summary>
internal static partial class DurationParser
{
    /// <summary>The duration in whole seconds, or null when <paramref name="text"/> is not a duration.</summary>
    public static long? TryParseSeconds(string text)
    {
        if (text.EndsWith('\n') || !Shape().IsMatch(text))
        {
            return null;
        }

        long total = 0;
        foreach (Match part in Part().Matches(text))
        {
            if (!long.TryParse(part.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                return null;
            }

            long unit = part.Groups[2].Value switch
            {
                "d" => 86_400,
                "h" => 3_600,
                "m" => 60,
                _ => 1,
            };

            try
            {
                total = checked(total + checked(amount * unit));
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        return total;
    }

    [GeneratedRegex(TlsPolicyRules.DurationPattern)]
    private static partial Regex Shape();

    [GeneratedRegex("([0-9]+)([dhms])")]
    private static partial Regex Part();
}
