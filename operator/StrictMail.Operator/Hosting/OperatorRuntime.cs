using k8s;
using Microsoft.Extensions.Logging;
using StrictMail.Operator.Compilation;
using StrictMail.Operator.Controller;
using StrictMail.Operator.Entities;
using StrictMail.Operator.Probe;
using StrictMail.Operator.Reporting;
using StrictMail.Operator.Runtime.Controllers;
using StrictMail.Operator.Runtime.Events;
using StrictMail.Operator.Runtime.Leadership;
using StrictMail.Operator.Runtime.Watching;
using StrictMail.Operator.Telemetry;

namespace StrictMail.Operator.Hosting;

/// <summary>
/// The operator's composition root: leader election, the TlsPolicy controller host, the document
/// sync, the relay fleet, the MX probe and the event recorder, wired once; `run` and the end-to-end tests start exactly this.
/// </summary>
internal sealed class OperatorRuntime : IDisposable
{
    private readonly LeaderElection _election;
    private readonly ControllerHost<TlsPolicy> _host;
    private readonly PolicyDocumentSync _document;
    private readonly RelayFleet _fleet;
    private readonly EventRecorder _events;
    private readonly HttpClient _http = RelayRevisionReader.CreateHttpClient();
    private readonly RelayFleetMonitor _monitor;
    private readonly ConfigMapVerifier _verifier;
    private readonly ProbeScheduler _probe;
    private readonly RelayReportClient? _reportClient;
    private readonly TlsReportWorker? _reports;

    public OperatorRuntime(IKubernetes client, RunOptions options, OperatorMetrics metrics, ILoggerFactory logging)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logging);
        var controllerOptions = new PolicyControllerOptions
        {
            ConfigMapName = options.ConfigMap,
            Namespace = options.Namespace,
            RelaySelector = options.RelaySelector,
            RelayAdminPort = options.RelayAdminPort,
            AppliedRequeue = options.AppliedRequeue,
            ConfigMapVerifyPeriod = options.ConfigMapVerify,
            PrivilegedNamespaces = options.PrivilegedNamespaces.Count > 0 ? NamespacePermissions.Only(options.PrivilegedNamespaces) : null,
        };
        _election = new LeaderElection(
            client,
            new LeaderElectionOptions
            {
                Name = options.LeaseName,
                Namespace = options.Namespace,
                Identity = options.Identity,
                LeaseDuration = options.LeaseDuration,
                RenewDeadline = options.LeaseDuration * 2 / 3,
                RetryPeriod = options.LeaseDuration * 2 / 15,
            },
            new LeadershipLog(logging.CreateLogger<LeaderElection>()));
        _document = new PolicyDocumentSync(client, controllerOptions, TimeProvider.System, metrics);
        _fleet = new RelayFleet(client, new RelayRevisionReader(_http, options.RelayAdminPort, controllerOptions.RelayTimeout), controllerOptions, TimeProvider.System);
        _monitor = new RelayFleetMonitor(_fleet, () => _election.IsLeader, options.AppliedRequeue);
        _verifier = new ConfigMapVerifier(_document, () => _election.IsLeader, options.ConfigMapVerify);
        _events = new EventRecorder(client, options.Identity, new EventRecorderLog(logging.CreateLogger<EventRecorder>()));
        var probeOptions = new ProbeOptions { Interval = options.ProbeInterval, Port = options.ProbePort, DnsServers = options.DnsServers };
        _probe = new ProbeScheduler(
            new MxCertificateProbe(probeOptions, TimeProvider.System),
            () => _election.IsLeader,
            client,
            probeOptions,
            TimeProvider.System,
            new ProbeLog(logging.CreateLogger<ProbeScheduler>()),
            _events,
            metrics);
        if (options.TlsReporting.Enabled)
        {
            _reportClient = new RelayReportClient(options.TlsReporting);
            var reportLog = new ReportingLog(logging.CreateLogger<TlsReportCycle>());
            var cycle = new TlsReportCycle(_reportClient, new ConfigMapReportingProgress(client, options.TlsReportConfigMap, options.Namespace), options.TlsReporting, TimeProvider.System, reportLog);
            _reports = new TlsReportWorker(cycle, cancellation => RelayAdminAddresses.ReadAsync(client, options.Namespace, options.RelaySelector, options.RelayAdminPort, cancellation), () => _election.IsLeader, options.TlsReporting.Interval, reportLog);
        }

        _election.BecameLeader += _document.Invalidate;
        _host = new ControllerHost<TlsPolicy>(
            client,
            new ControllerOptions
            {
                Watch = new ResourceWatcherOptions { Namespaces = options.WatchNamespaces },
                Workers = options.Workers,
                ResyncPeriod = options.Resync,
            },
            store => new TlsPolicyController(client, store, _document, _fleet, controllerOptions, TimeProvider.System, _events, metrics),
            _election,
            metrics,
            new ControllerLog(logging.CreateLogger<ControllerHost<TlsPolicy>>()),
            new WatcherLog(logging.CreateLogger<ResourceWatcher<TlsPolicy>>()));
    }

    /// <summary>True while this instance holds the lease.</summary>
    public bool IsLeader => _election.IsLeader;

    /// <summary>Completes when every watched namespace has been listed once.</summary>
    public Task Synced => _host.Synced;

    /// <summary>Controller calls made by this instance.</summary>
    public long Reconciliations => _host.Reconciliations;

    /// <summary>ConfigMap writes by this instance.</summary>
    public int ConfigMapWrites => _document.Writes;

    /// <summary>Competes for the lease and reconciles and probes while leading, until cancelled; then releases the lease.</summary>
    public Task RunAsync(CancellationToken cancellation) =>
        Task.WhenAll(_election.RunAsync(cancellation), _host.RunAsync(cancellation), _monitor.RunAsync(_host, cancellation),
            _verifier.RunAsync(_host, _host.Synced, cancellation), _probe.RunAsync(_host, cancellation), _reports?.RunAsync(cancellation) ?? Task.CompletedTask);

    public void Dispose()
    {
        _election.BecameLeader -= _document.Invalidate;
        _host.Dispose();
        _document.Dispose();
        _fleet.Dispose();
        _events.Dispose();
        _http.Dispose();
        _reportClient?.Dispose();
    }
}
