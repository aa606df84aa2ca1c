using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using StrictMail.Operator.Controller;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Runtime.Controllers;
using StrictMail.Operator.Runtime.Events;
using StrictMail.Operator.Telemetry;

namespace StrictMail.Operator.Probe;

/// <summary>
/// While leading, probes the MX hosts of every mandatory policy once per interval (and at once for a
/// new generation), writes status.probe with a merge patch of the status subresource that carries
/// nothing else, records a CertificateExpiring warning for certificates close to their notAfter, and
/// feeds the certificate expiry gauge. A standby reports no certificates.
/// </summary>
internal sealed class ProbeScheduler(
    MxCertificateProbe probe,
    Func<bool> leading,
    IKubernetes client,
    ProbeOptions options,
    TimeProvider clock,
    ProbeLog log,
    EventRecorder? events = null,
    OperatorMetrics? metrics = null)
{
    /// <summary>How often the store is looked at for due policies, new ones and deleted ones.</summary>
    private static readonly TimeSpan MaxTick = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, ProbeRecord> _probed = new(StringComparer.Ordinal);

    /// <summary>Probes until cancelled; returns at once when the interval is zero (probing off).</summary>
    public async Task RunAsync(IEntityStore<TlsPolicy> store, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (options.Interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Interval < MaxTick ? options.Interval : MaxTick, clock);
        try
        {
            do
            {
                try
                {
                    await RoundAsync(store, cancellation).ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellation.IsCancellationRequested)
                {
                    log.RoundFailed(e);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }

    /// <summary>Probes every due policy once; publishes what is known to the gauge before and after.</summary>
    public async Task RoundAsync(IEntityStore<TlsPolicy> store, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!leading())
        {
            _probed.Clear();
            metrics?.Certificates([]);
            return;
        }

        var targets = ProbeTargets.Select(store.Items, options.MaxDomainsPerPolicy);
        var current = targets.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var key in _probed.Keys.Where(k => !current.Contains(k)))
        {
            _probed.TryRemove(key, out _);
        }

        Publish(targets);
        var now = clock.GetUtcNow().UtcDateTime;
        var due = targets.Where(t => ProbeTargets.Due(t, _probed.GetValueOrDefault(t.Key), now, options.Interval)).ToList();
        if (due.Count == 0)
        {
            return;
        }

        await Parallel.ForEachAsync(
            due,
            new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellation },
            ProbeOneAsync).ConfigureAwait(false);
        Publish(targets);
    }

    private async ValueTask ProbeOneAsync(ProbeTarget target, CancellationToken cancellation)
    {
        if (!leading())
        {
            return;
        }

        var status = await probe.ProbeAsync(target.Domains, cancellation).ConfigureAwait(false);
        _probed[target.Key] = new ProbeRecord(target.Generation, status);
        log.Probed(target.Key, status.Mx?.Count ?? 0, status.Mx?.Count(m => m.Error is not null) ?? 0);
        if (!leading() || !await WriteAsync(target.Policy, status, cancellation).ConfigureAwait(false) || events is null)
        {
            return;
        }

        foreach (var note in CertificateExpiry.Warnings(status, clock.GetUtcNow().UtcDateTime, options.ExpiryWarning))
        {
            await events.WarningAsync(target.Policy, CertificateExpiry.Reason, note, "Probe", cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>A merge patch of status.probe alone, so the controller's fields and the probe never overwrite each other.</summary>
    private async Task<bool> WriteAsync(TlsPolicy policy, ProbeStatus status, CancellationToken cancellation)
    {
        try
        {
            // false: deleted while probed; the next round forgets it.
            var fields = new JsonObject { ["probe"] = JsonNode.Parse(KubernetesJson.Serialize(status)) };
            return await TlsPolicyStatusPatch.ApplyAsync(client, policy, fields, "strictmail-operator-probe", cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            log.WriteFailed(policy.Key, e);
            return false;
        }
    }

    private void Publish(IReadOnlyList<ProbeTarget> targets)
    {
        if (metrics is null)
        {
            return;
        }

        metrics.Certificates([.. targets.SelectMany(t => CertificateExpiry.Certificates(t.Key, ProbeTargets.Latest(t, _probed.GetValueOrDefault(t.Key))))]);
    }
}
