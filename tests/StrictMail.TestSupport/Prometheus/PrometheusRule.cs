namespace StrictMail.TestSupport.Prometheus;

/// <summary>A rule as a running Prometheus loaded it (/api/v1/rules): group, name (alert or record) and its expression.</summary>
internal sealed record PrometheusRule(string Group, string Name, string Type, string Query);
