using System.Reflection;
using System.Text.Json.Serialization;

namespace StrictMail.Policy.Model;

/// <summary>The spelling of enum values in YAML and JSON, shared by the CRD, the compiler and the document.</summary>
public static class WireNames
{
    /// <summary>All wire names of <typeparamref name="TEnum"/>, in declaration order.</summary>
    public static IReadOnlyList<string> Of<TEnum>()
        where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().Select(Name).ToArray();

    /// <summary>The wire name of one value: its JsonStringEnumMemberName, else its C# name.</summary>
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var member = typeof(TEnum).GetField(value.ToString(), BindingFlags.Public | BindingFlags.Static);
        return member?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? value.ToString();
    }

    /// <summary>Parses a wire name exactly (case-sensitive, as the API server does).</summary>
    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Name(candidate), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
