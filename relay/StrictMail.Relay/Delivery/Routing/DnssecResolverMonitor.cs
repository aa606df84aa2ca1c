// Trust: the resolvers are trusted only after they prove they validate: a signed name must come back with the AD bit.
using DnsClient;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace StrictMail.Relay.Delivery.Routing;

/// <summary>
/// Checks each trusted resolver (Relay:Delivery:DnssecResolvers) at start and every DnssecCheckInterval (every DnssecRetryInterval
/// while one does not validate): the SOA of
/// DnssecCheckName, asked with the DO bit, must come back authenticated. A resolver that does not validate is logged
/// as an error on every change of verdict and shows on /readyz and the strictmail.relay.dnssec.resolver_validating gauge.
/// </summary>
internal sealed class DnssecResolverMonitor(IOptions<DeliveryOptions> options, DnssecHealth health, TimeProvider clock, ILogger<DnssecResolverMonitor> logger) : BackgroundService
{

    /// <summary>Checks every resolver once and records the verdict.</summary>
    public async Task<DnssecVerdict> CheckAsync(CancellationToken cancellation)
    {
        var settings = options.Value;
        var details = new List<string>();
        var validating = true;
        foreach (var server in settings.DnssecResolvers)
        {
            var (ok, detail) = await CheckOneAsync(server, settings, cancellation).ConfigureAwait(false);
            validating &= ok;
            details.Add(detail);
        }

        var verdict = new DnssecVerdict(validating ? DnssecState.Validating : DnssecState.NotValidating, string.Join("; ", details), clock.GetUtcNow());
        var before = health.Verdict.State;
        health.Set(verdict);
        if (verdict.State != before || verdict.State == DnssecState.NotValidating)
        {
            if (validating)
            {
                DeliveryLog.DnssecValidating(logger, verdict.Detail);
            }
            else
            {
                DeliveryLog.DnssecNotValidating(logger, verdict.Detail);
            }
        }

        return verdict;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.DnssecResolvers.Count == 0)
        {
            return;
        }

        try
        {
            while (true)
            {
                var verdict = await CheckAsync(stoppingToken).ConfigureAwait(false);

                // A resolver that is not validating (or not up yet, like a sidecar starting beside the relay) is
                // checked again soon, so a transient start-up failure does not last a whole interval.
                var wait = verdict.State == DnssecState.Validating ? options.Value.DnssecCheckInterval : Min(options.Value.DnssecCheckInterval, options.Value.DnssecRetryInterval);
                await Task.Delay(wait, clock, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static async Task<(bool Validating, string Detail)> CheckOneAsync(string server, DeliveryOptions settings, CancellationToken cancellation)
    {
        var lookup = new LookupClientOptions(MxResolver.ParseServer(server))
        {
            UseCache = false,
            Timeout = settings.DnsTimeout,
            Retries = 1,
            ThrowDnsErrors = false,
            UseTcpFallback = true,
            RequestDnsSecRecords = true,
        };
        try
        {
            var response = await new LookupClient(lookup).QueryAsync(settings.DnssecCheckName, QueryType.SOA, cancellationToken: cancellation).ConfigureAwait(false);
            var failure = response.HasError ? response.Header.ResponseCode.ToString() : null;
            return DnssecCheck.Judge(server, settings.DnssecCheckName, failure, response.Header.IsAuthenticData);
        }
        catch (DnsResponseException e)
        {
            return DnssecCheck.Judge(server, settings.DnssecCheckName, e.Code.ToString(), authenticated: false);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
