namespace StrictMail.Operator.Local;

/// <summary>Options of <c>operator local</c>.</summary>
/// <param name="PoliciesDirectory">Directory of TlsPolicy YAML files (--policies).</param>
/// <param name="OutputFile">Where the compiled document is written (--out).</param>
/// <param name="Watch">Keep running and recompile on every change (--watch).</param>
/// <param name="PollInterval">How often --watch looks for changes.</param>
/// <param name="ReportRelay">With --watch, the admin URL of the one relay whose TLS results are reported (--tlsrpt-relay); null: no reporting.</param>
/// <param name="Reporting">The token file and timings of that reporting (--tlsrpt-token-file).</param>
internal sealed record LocalOptions(string PoliciesDirectory, string OutputFile, bool Watch, TimeSpan PollInterval, Uri? ReportRelay = null, Reporting.TlsReportingOptions? Reporting = null)
{
    /// <summary>Where local mode remembers the last day reported: next to the compiled document.</summary>
    public string ReportProgressFile => OutputFile + ".tlsrpt";
}
