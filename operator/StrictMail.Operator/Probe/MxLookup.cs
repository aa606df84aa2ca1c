// Trust: DNS answers are untrusted network input (they can be spoofed); they only choose which
// hosts the probe connects to and the names it reports, never what counts as verified.
using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;

namespace StrictMail.Operator.Probe;

/// <summary>
/// Resolves a domain to the MX hosts to probe with DnsClient against the configured resolvers: MX
/// in preference order (then by name, so repeated probes see the same hosts), at most a few, the
/// implicit MX (the domain itself) when there is none; null MX, NXDOMAIN and failures are reported as text.
/// </summary>
internal sealed class MxLookup
{
    private readonly LookupClient _dns;
    private readonly int _maxHosts;

    public MxLookup(ProbeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var lookup = options.DnsServers.Count > 0
            ? new LookupClientOptions([.. options.DnsServers.Select(s => new NameServer(s))])
            : new LookupClientOptions();
        lookup.UseCache = false;
        lookup.Timeout = options.Timeout;
        lookup.Retries = 1;
        lookup.ThrowDnsErrors = false;
        lookup.ContinueOnDnsError = false;
        lookup.UseTcpFallback = true;
        _dns = new LookupClient(lookup);
        _maxHosts = options.MaxHostsPerDomain;
    }

    /// <summary>The hosts to probe for <paramref name="domain"/>; never throws but on cancellation.</summary>
    public async Task<MxLookupResult> ResolveAsync(string domain, CancellationToken cancellation)
    {
        domain = domain.TrimEnd('.');
        var (response, error) = await QueryAsync(domain, QueryType.MX, cancellation).ConfigureAwait(false);
        if (error is not null)
        {
            return new MxLookupResult([], $"the MX lookup for {domain} failed: {error}");
        }

        var records = response!.Answers.MxRecords().ToList();
        if (records.Any(r => r.Exchange.Value is "." or ""))
        {
            return new MxLookupResult([], $"{domain} accepts no mail (null MX, RFC 7505)");
        }

        var names = records.Count == 0
            ? [domain]
            : records
                .OrderBy(r => r.Preference)
                .ThenBy(r => r.Exchange.Value, StringComparer.OrdinalIgnoreCase)
                .Select(r => r.Exchange.Value.TrimEnd('.').ToLowerInvariant())
                .Distinct(StringComparer.Ordinal)
                .Take(_maxHosts)
                .ToList();
        var hosts = new List<MxHost>(names.Count);
        foreach (var name in names)
        {
            hosts.Add(await AddressesAsync(name, cancellation).ConfigureAwait(false));
        }

        return new MxLookupResult(hosts);
    }

    private async Task<MxHost> AddressesAsync(string name, CancellationToken cancellation)
    {
        var addresses = new List<IPAddress>();
        var problems = new List<string>();
        foreach (var type in new[] { QueryType.A, QueryType.AAAA })
        {
            var (response, error) = await QueryAsync(name, type, cancellation).ConfigureAwait(false);
            if (error is not null)
            {
                problems.Add($"{type}: {error}");
                continue;
            }

            addresses.AddRange(response!.Answers.OfType<AddressRecord>().Select(a => a.Address));
        }

        var problem = addresses.Count > 0 ? null
            : problems.Count > 0 ? $"the address lookup for {name} failed ({string.Join("; ", problems)})"
            : $"{name} has no address";
        return new MxHost(name, addresses, problem);
    }

    private async Task<(IDnsQueryResponse? Response, string? Error)> QueryAsync(string name, QueryType type, CancellationToken cancellation)
    {
        try
        {
            var response = await _dns.QueryAsync(name, type, QueryClass.IN, cancellation).ConfigureAwait(false);
            return !response.HasError ? (response, null)
                : response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain ? (null, $"{name} does not exist (NXDOMAIN)")
                : (null, response.ErrorMessage is { Length: > 0 } message ? message : response.Header.ResponseCode.ToString());
        }
        catch (Exception e) when (e is DnsResponseException or SocketException or TimeoutException)
        {
            return (null, e.Message);
        }
    }
}
