using ARSoft.Tools.Net.Dns;

namespace StrictMail.TestSupport.Dns;

/// <summary>A question a <see cref="TestDnsServer"/> received.</summary>
/// <param name="Name">Queried name, lower case, without the trailing dot.</param>
/// <param name="Type">Queried record type.</param>
/// <param name="OverTcp">True when it came over TCP.</param>
internal sealed record DnsQueryRecord(string Name, RecordType Type, bool OverTcp);
