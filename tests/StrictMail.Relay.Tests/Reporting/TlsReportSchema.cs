using System.Globalization;
using System.Text.Json;

namespace StrictMail.Relay.Tests.Reporting;

/// <summary>
/// RFC 8460 4.4's report format as a checker (the RFC gives the format as field definitions and an example, with no
/// machine-readable schema): every required field with its JSON type, date-times in RFC 3339 "Z" form, the policy types
/// and result types the RFC registers, and summary counts that agree with the failure details.
/// </summary>
internal static class TlsReportSchema
{
    private static readonly string[] PolicyTypes = ["tlsa", "sts", "no-policy-found"];

    private static readonly string[] ResultTypes =
    [
        "starttls-not-supported", "certificate-host-mismatch", "certificate-expired", "certificate-not-trusted", "validation-failure",
        "tlsa-invalid", "dnssec-invalid", "dane-required", "sts-policy-fetch-error", "sts-policy-invalid", "sts-webpki-invalid",
    ];

    /// <summary>What is wrong with <paramref name="json"/>; empty when it is a valid report.</summary>
    public static IReadOnlyList<string> Problems(byte[] json)
    {
        var problems = new List<string>();
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        String(root, "organization-name", problems);
        String(root, "contact-info", problems);
        String(root, "report-id", problems);
        if (Member(root, "date-range", JsonValueKind.Object, problems) is { } range)
        {
            DateTime(range, "start-datetime", problems);
            DateTime(range, "end-datetime", problems);
        }

        if (Member(root, "policies", JsonValueKind.Array, problems) is { } policies)
        {
            foreach (var result in policies.EnumerateArray())
            {
                Policy(result, problems);
            }
        }

        return problems;
    }

    private static void Policy(JsonElement result, List<string> problems)
    {
        if (Member(result, "policy", JsonValueKind.Object, problems) is { } policy)
        {
            if (String(policy, "policy-type", problems) is { } type && !PolicyTypes.Contains(type))
            {
                problems.Add($"policy-type {type} is not one RFC 8460 defines");
            }

            String(policy, "policy-domain", problems);
            Strings(policy, "policy-string", problems);
            Strings(policy, "mx-host", problems);
        }

        long? failed = null;
        if (Member(result, "summary", JsonValueKind.Object, problems) is { } summary)
        {
            Count(summary, "total-successful-session-count", problems);
            failed = Count(summary, "total-failure-session-count", problems);
        }

        long sum = 0;
        if (result.TryGetProperty("failure-details", out var details))
        {
            foreach (var detail in details.EnumerateArray())
            {
                if (String(detail, "result-type", problems) is { } type && !ResultTypes.Contains(type))
                {
                    problems.Add($"result-type {type} is not one RFC 8460 registers");
                }

                sum += Count(detail, "failed-session-count", problems) ?? 0;
            }
        }

        if (failed is { } total && total < sum)
        {
            problems.Add($"total-failure-session-count {total} is less than the failure details' {sum}");
        }
    }

    private static JsonElement? Member(JsonElement parent, string name, JsonValueKind kind, List<string> problems)
    {
        if (parent.TryGetProperty(name, out var value) && value.ValueKind == kind)
        {
            return value;
        }

        problems.Add($"{name} is missing or not a {kind}");
        return null;
    }

    private static string? String(JsonElement parent, string name, List<string> problems) =>
        Member(parent, name, JsonValueKind.String, problems)?.GetString();

    private static long? Count(JsonElement parent, string name, List<string> problems)
    {
        var value = Member(parent, name, JsonValueKind.Number, problems);
        if (value is { } number && (!number.TryGetInt64(out var count) || count < 0))
        {
            problems.Add($"{name} is not a count");
            return null;
        }

        return value?.GetInt64();
    }

    private static void DateTime(JsonElement parent, string name, List<string> problems)
    {
        if (String(parent, name, problems) is { } text && !System.DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out _))
        {
            problems.Add($"{name} '{text}' is not an RFC 3339 UTC date-time");
        }
    }

    // Optional arrays of strings.
    private static void Strings(JsonElement parent, string name, List<string> problems)
    {
        if (parent.TryGetProperty(name, out var value) && (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String)))
        {
            problems.Add($"{name} is not an array of strings");
        }
    }
}
