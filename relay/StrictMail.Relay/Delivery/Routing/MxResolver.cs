// Trust: DNS answers are untrusted input from the network (they can be spoofed or poisoned); they
// choose where to connect, never which certificate names are acceptable above level Verify.
using System.Globalization;
using System.Net;
using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.Options;
using StrictMail.Relay.Delivery.Tls;

namespace StrictMail.Relay.Delivery.Routing;

/// <summary>
/// Resolves a recipient domain (or a policy's nextHop) to the hosts to try, with DnsClient against
/// the configured resolvers: MX in preference order, the implicit MX (the domain's own A/AAAA)
/// when there is none, null MX (RFC 7505) and NXDOMAIN are final, SERVFAIL and timeouts temporary.
/// </summary>
internal sealed class MxResolver
{
    private readonly LookupClient _dns;
    private readonly int _smtpPort;
    private readonly bool _trustAd;

    public MxResolver(IOptions<DeliveryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        // Trusted validating resolvers, when configured, answer every delivery lookup (their AD bit is believed);
        // otherwise DnsServers or the system's, whose AD bit is never believed.
        _trustAd = settings.DnssecResolvers.Count > 0;
        var servers = (_trustAd ? settings.DnssecResolvers : settings.DnsServers).Select(ParseServer).ToArray();
        var lookup = servers.Length > 0 ? new LookupClientOptions(servers) : new LookupClientOptions();
        lookup.RequestDnsSecRecords = _trustAd;
        lookup.UseCache = settings.DnsCache;
        lookup.Timeout = settings.DnsTimeout;
        lookup.Retries = 1;
        lookup.ThrowDnsErrors = false;
        lookup.ContinueOnDnsError = false;
        lookup.UseTcpFallback = true;
        _dns = new LookupClient(lookup);
        _smtpPort = settings.SmtpPort;
    }

    /// <summary>True when answers come from trusted validating resolvers, so an authenticated answer is DNSSEC-secure.</summary>
    public bool TrustsDnssec => _trustAd;

    /// <summary>
    /// The TLSA records at <paramref name="name"/> ("_25._tcp.mx.example"), and whether a trusted resolver authenticated
    /// the answer (records, or their absence). Converted to <see cref="TlsaRecordData"/>; DnsClient's parse kept raw.
    /// </summary>
    public async Task<(DnsAnswer Answer, bool Secure, IReadOnlyList<TlsaRecordData> Records, string Detail)> TlsaAsync(string name, CancellationToken cancellation)
    {
        var (answer, response, secure) = await QueryAsync(name, QueryType.TLSA, cancellation).ConfigureAwait(false);
        var records = answer == DnsAnswer.Records
            ? response!.Answers.TlsaRecords().Select(r => new TlsaRecordData((byte)r.CertificateUsage, (byte)r.Selector, (byte)r.MatchingType, r.CertificateAssociationData.ToArray())).ToArray()
            : [];
        return (answer, secure, records, answer == DnsAnswer.TemporaryFailure ? Describe(response) : answer.ToString());
    }

    /// <summary>
    /// The TXT records at <paramref name="name"/>, each record's strings concatenated (RFC 8461 3.1); CNAMEs are followed by
    /// the resolver. Null when the lookup failed (try again later), empty when there are none.
    /// </summary>
    public async Task<IReadOnlyList<string>?> TxtAsync(string name, CancellationToken cancellation)
    {
        var (answer, response, _) = await QueryAsync(name, QueryType.TXT, cancellation).ConfigureAwait(false);
        return answer switch
        {
            DnsAnswer.Records => response!.Answers.TxtRecords().Select(r => string.Concat(r.Text)).ToArray(),
            DnsAnswer.TemporaryFailure => null,
            _ => [],
        };
    }

    /// <summary>The A and AAAA addresses of <paramref name="host"/> (empty when it has none or the lookup failed).</summary>
    public async Task<IReadOnlyList<IPAddress>> AddressesOfAsync(string host, CancellationToken cancellation) =>
        (await AddressesAsync(host, 0, 0, cancellation).ConfigureAwait(false)).Addresses;

    /// <summary>The hosts for <paramref name="domain"/>, or for <paramref name="nextHop"/> ("[host]:port") when the policy sets one.</summary>
    public async Task<Route> ResolveAsync(string domain, string? nextHop, CancellationToken cancellation)
    {
        if (nextHop is not null)
        {
            var (host, port) = SplitNextHop(nextHop);
            if (IPAddress.TryParse(host, out var literal))
            {
                return Route.To([new MxTarget(host, 0, [literal], port)]);
            }

            var target = await AddressesAsync(host, 0, port, cancellation).ConfigureAwait(false);
            return target.Addresses.Count > 0 ? Route.To([target]) : Route.Temporary($"next hop {host}: {target.Problem}");
        }

        domain = domain.TrimEnd('.');
        var (answer, response, _) = await QueryAsync(domain, QueryType.MX, cancellation).ConfigureAwait(false);
        switch (answer)
        {
            case DnsAnswer.NoSuchName:
                return Route.Final($"the domain {domain} does not exist (NXDOMAIN)");
            case DnsAnswer.TemporaryFailure:
                return Route.Temporary($"the MX lookup for {domain} failed ({Describe(response)}); will retry");
            case DnsAnswer.NoData:
                return await ImplicitMxAsync(domain, cancellation).ConfigureAwait(false);
        }

        var records = response!.Answers.MxRecords().ToList();
        if (records.Any(r => r.Exchange.Value is "." or ""))
        {
            return Route.Final($"the domain {domain} accepts no mail (null MX, RFC 7505)");
        }

        var targets = new List<MxTarget>();
        foreach (var record in records.OrderBy(r => r.Preference).ThenBy(_ => Random.Shared.Next()))
        {
            var name = record.Exchange.Value.TrimEnd('.');
            if (targets.Any(t => string.Equals(t.HostName, name, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            targets.Add(await AddressesAsync(name, record.Preference, _smtpPort, cancellation).ConfigureAwait(false));
        }

        return Route.To(targets);
    }

    private async Task<Route> ImplicitMxAsync(string domain, CancellationToken cancellation)
    {
        var target = await AddressesAsync(domain, 0, _smtpPort, cancellation).ConfigureAwait(false);
        if (target.Addresses.Count > 0)
        {
            return Route.To([target]);
        }

        return target.ProblemIsTemporary
            ? Route.Temporary($"{domain} has no MX record and its address lookup failed; will retry")
            : Route.Final($"the domain {domain} has no MX record and no address");
    }

    private async Task<MxTarget> AddressesAsync(string host, int preference, int port, CancellationToken cancellation)
    {
        var addresses = new List<IPAddress>();
        var problems = new List<string>();
        var secure = _trustAd;
        string? canonical = null;
        foreach (var type in new[] { QueryType.A, QueryType.AAAA })
        {
            var (answer, response, authenticated) = await QueryAsync(host, type, cancellation).ConfigureAwait(false);
            if (answer == DnsAnswer.Records)
            {
                addresses.AddRange(response!.Answers.OfType<AddressRecord>().Select(a => a.Address));
                canonical ??= CanonicalNameOf(host, response);
            }
            else if (answer == DnsAnswer.TemporaryFailure)
            {
                problems.Add($"{type} lookup failed temporarily ({Describe(response)})");
            }

            // Secure only when every answer (records or their absence) was authenticated, as RFC 7672 2.2.2 asks.
            secure &= authenticated || answer == DnsAnswer.TemporaryFailure;
        }

        var problem = addresses.Count > 0 ? null : problems.Count > 0 ? string.Join("; ", problems) : "the name has no address";
        return new MxTarget(host, preference, addresses, port, problem, addresses.Count == 0 && problems.Count > 0, secure && addresses.Count > 0, canonical);
    }

    // The end of the CNAME chain in an address answer, when the host is an alias.
    private static string? CanonicalNameOf(string host, IDnsQueryResponse response)
    {
        var name = host.TrimEnd('.');
        foreach (var cname in response.Answers.CnameRecords())
        {
            if (string.Equals(cname.DomainName.Value.TrimEnd('.'), name, StringComparison.OrdinalIgnoreCase))
            {
                name = cname.CanonicalName.Value.TrimEnd('.');
            }
        }

        return string.Equals(name, host.TrimEnd('.'), StringComparison.OrdinalIgnoreCase) ? null : name;
    }

    private async Task<(DnsAnswer Answer, IDnsQueryResponse? Response, bool Secure)> QueryAsync(string name, QueryType type, CancellationToken cancellation)
    {
        IDnsQueryResponse response;
        try
        {
            response = await _dns.QueryAsync(name, type, QueryClass.IN, cancellation).ConfigureAwait(false);
        }
        catch (DnsResponseException)
        {
            return (DnsAnswer.TemporaryFailure, null, false);
        }

        var secure = _trustAd && response.Header.IsAuthenticData;
        if (response.HasError)
        {
            return (response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain ? DnsAnswer.NoSuchName : DnsAnswer.TemporaryFailure, response, secure);
        }

        var matching = response.Answers.Any(r => r.RecordType == (ResourceRecordType)type);
        return (matching ? DnsAnswer.Records : DnsAnswer.NoData, response, secure);
    }

    private static string Describe(IDnsQueryResponse? response) =>
        response is null ? "no answer in time" : response.ErrorMessage is { Length: > 0 } message ? message : response.Header.ResponseCode.ToString();

    private static (string Host, int Port) SplitNextHop(string nextHop)
    {
        var close = nextHop.LastIndexOf(']');
        var host = nextHop[1..close];
        var port = int.Parse(nextHop.AsSpan(close + 2), NumberStyles.None, CultureInfo.InvariantCulture);
        return (host, port);
    }

    /// <summary>"ip" or "ip:port" (port 53 by default) as a DnsClient name server.</summary>
    public static NameServer ParseServer(string text)
    {
        var endpoint = IPEndPoint.TryParse(text, out var parsed) ? parsed : throw new OptionsValidationException(
            DeliveryOptions.SectionName, typeof(DeliveryOptions), [$"Relay:Delivery:DnsServers entry '{text}' is not ip or ip:port"]);
        return new NameServer(endpoint.Port == 0 ? new IPEndPoint(endpoint.Address, 53) : endpoint);
    }
}
