namespace StrictMail.Relay.Tests.Observability;

/// <summary>A row of the README "Metrics" table: OpenTelemetry name, Prometheus name, type (counter, gauge, histogram) and labels as written.</summary>
internal sealed record MetricTableRow(string OpenTelemetryName, string PrometheusName, string Type, IReadOnlySet<string> Labels);
