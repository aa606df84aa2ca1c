namespace StrictMail.Operator.Reporting;

/// <summary>The relays a reporting cycle asks.</summary>
/// <param name="Ready">The ready relays' admin URLs, in the order they are offered the reports.</param>
/// <param name="Expected">How many relays there are, ready or not.</param>
internal sealed record ReportingRelays(IReadOnlyList<Uri> Ready, int Expected);
