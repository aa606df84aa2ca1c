using System.Text.Json;
using StrictMail.Policy.Reporting;

namespace StrictMail.Relay.Reporting;

/// <summary>The JSON of an RFC 8460 report (section 4.4), with the field names the RFC gives. Pure.</summary>
internal static class TlsReportJson
{
    public static byte[] Write(TlsReportDocument report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("organization-name", report.OrganizationName);
            json.WriteStartObject("date-range");
            json.WriteString("start-datetime", Timestamp(report.Start));
            json.WriteString("end-datetime", Timestamp(report.End));
            json.WriteEndObject();
            json.WriteString("contact-info", report.ContactInfo);
            json.WriteString("report-id", report.ReportId);
            json.WriteStartArray("policies");
            foreach (var entry in report.Entries)
            {
                WritePolicy(json, entry);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WritePolicy(Utf8JsonWriter json, TlsReportEntry entry)
    {
        json.WriteStartObject();
        json.WriteStartObject("policy");
        json.WriteString("policy-type", entry.PolicyType);
        WriteStrings(json, "policy-string", entry.PolicyStrings);
        json.WriteString("policy-domain", entry.Domain);
        WriteStrings(json, "mx-host", entry.MxHosts);

        json.WriteEndObject();
        json.WriteStartObject("summary");
        json.WriteNumber("total-successful-session-count", entry.Successes);
        json.WriteNumber("total-failure-session-count", entry.FailureCount);
        json.WriteEndObject();
        if (entry.Failures.Count > 0)
        {
            json.WriteStartArray("failure-details");
            foreach (var failure in entry.Failures)
            {
                json.WriteStartObject();
                json.WriteString("result-type", failure.ResultType);
                if (failure.ReceivingIp is not null)
                {
                    json.WriteString("receiving-ip", failure.ReceivingIp);
                }

                if (failure.MxHost is not null)
                {
                    json.WriteString("receiving-mx-hostname", failure.MxHost);
                }

                json.WriteNumber("failed-session-count", failure.Count);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    // An optional array of strings: left out when empty, as RFC 8460's example does.
    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
