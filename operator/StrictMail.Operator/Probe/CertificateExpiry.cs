using System.Globalization;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Telemetry;

namespace StrictMail.Operator.Probe;

/// <summary>Pure decisions on probed certificates: which warrant a CertificateExpiring warning, and what the gauge reports.</summary>
internal static class CertificateExpiry
{
    /// <summary>The Event reason of the warning.</summary>
    public const string Reason = "CertificateExpiring";

    /// <summary>True when <paramref name="notAfter"/> is at most <paramref name="window"/> away, or already past.</summary>
    public static bool Expiring(DateTime? notAfter, DateTime now, TimeSpan window) =>
        notAfter is { } at && UtcTime.Of(at) - now <= window;

    /// <summary>One warning note per MX host of <paramref name="probe"/> whose certificate expires within <paramref name="window"/>.</summary>
    public static IReadOnlyList<string> Warnings(ProbeStatus? probe, DateTime now, TimeSpan window) =>
        (probe?.Mx ?? [])
            .Where(mx => Expiring(mx.NotAfter, now, window))
            .Select(mx => Note(mx.Host, UtcTime.Of(mx.NotAfter!.Value), now))
            .ToList();

    /// <summary>The gauge's series for one policy: every MX host whose certificate was read.</summary>
    public static IEnumerable<ProbedCertificate> Certificates(string policy, ProbeStatus? probe) =>
        (probe?.Mx ?? [])
            .Where(mx => mx.NotAfter is not null)
            .Select(mx => new ProbedCertificate(policy, mx.Host, UtcTime.Of(mx.NotAfter!.Value)));

    private static string Note(string host, DateTime notAfter, DateTime now)
    {
        var at = notAfter.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        if (notAfter <= now)
        {
            return $"The certificate of MX host {host} expired at {at}; mail to it fails this policy until the partner renews it.";
        }

        var left = notAfter - now;
        var within = left >= TimeSpan.FromDays(1)
            ? $"{(int)Math.Round(left.TotalDays)} days"
            : $"{Math.Max(1, (int)left.TotalHours)} hours";
        return $"The certificate of MX host {host} expires at {at} (in {within}); ask the partner to renew it before mail to it fails this policy.";
    }
}
