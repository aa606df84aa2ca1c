// Trust: the policy file is written by the operator and trusted as configuration, yet every byte is
// checked (size, gzip cap, schema, revision) because a damaged file must never replace a good policy.
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using StrictMail.Policy.Status;
using StrictMail.Relay.Telemetry;

namespace StrictMail.Relay.Policy;

/// <summary>
/// Loads the policy file at start and whenever it changes. Watches the file's directory, not the
/// file: Kubernetes swaps a "..data" symlink and writers rename a temp file over it, so the file
/// itself is rarely modified in place. A poll comparing content hashes catches any missed event.
/// </summary>
internal sealed class PolicyFileWatcher : BackgroundService
{
    private static readonly TimeSpan SettleDelay = TimeSpan.FromMilliseconds(50);

    private readonly PolicyStore _store;
    private readonly RelayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<PolicyFileWatcher> _logger;
    private readonly string _path;
    private readonly string _directory;
    private readonly TimeSpan _pollInterval;
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private FileSystemWatcher? _watcher;
    private volatile bool _watcherFailed;
    private bool _watchWarned;
    private string? _lastFingerprint;

    public PolicyFileWatcher(IOptions<PolicyFileOptions> options, PolicyStore store, RelayMetrics metrics, TimeProvider time, ILogger<PolicyFileWatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _path = Path.GetFullPath(options.Value.File);
        _directory = Path.GetDirectoryName(_path) ?? _path;
        _pollInterval = options.Value.PollInterval;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Loading before the admin port opens lets the first /readyz already answer.
        Reload();
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _watcher?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            EnsureWatching();
            if (await WaitForChangeAsync(stoppingToken).ConfigureAwait(false))
            {
                // A writer's burst of events (create temp, write, rename) settles before the read.
                await Task.Delay(SettleDelay, _time, stoppingToken).ConfigureAwait(false);
            }

            // Events until now are covered by the read below; later ones trigger the next one.
            while (_changes.Reader.TryRead(out _))
            {
            }

            Reload();
        }
    }

    private async Task<bool> WaitForChangeAsync(CancellationToken stoppingToken)
    {
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        poll.CancelAfter(_pollInterval);
        try
        {
            return await _changes.Reader.WaitToReadAsync(poll.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private void Reload()
    {
        try
        {
            var decision = PolicyLoadDecision.Decide(PolicyDocumentFileReader.Read(_path, PolicyDecoder.MaxDocumentBytes), _lastFingerprint);
            _lastFingerprint = decision.Fingerprint;
            if (decision is { Action: PolicyLoadAction.Apply, Document: { } document })
            {
                _store.Publish(new PolicySnapshot(document, _path, _time.GetUtcNow()));
                _metrics.PolicyReloaded(success: true);
                PolicyLog.PolicyApplied(_logger, document.Revision, _path, document.Policies.Count);
            }
            else if (decision is { Action: PolicyLoadAction.Reject, Problem: { } problem })
            {
                Reject(problem);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug here must not stop the relay: it keeps the last good policy, and says so.
            PolicyLog.ReloadFailed(_logger, _path, AppliedRevision(), e);
            Reject($"Unexpected failure while loading the policy file: {e.Message}");
        }
    }

    private void Reject(string problem)
    {
        _store.RecordError(new PolicyLoadError(problem, _time.GetUtcNow()));
        _metrics.PolicyReloaded(success: false);
        PolicyLog.PolicyRejected(_logger, _path, problem, AppliedRevision());
    }

    private string AppliedRevision() => _store.Current?.Document.Revision ?? "(none)";

    private void EnsureWatching()
    {
        if (_watcherFailed)
        {
            // After an overflow or a lost directory the watcher may be deaf; start a fresh one.
            _watcherFailed = false;
            _watcher?.Dispose();
            _watcher = null;
        }

        if (_watcher is not null)
        {
            return;
        }

        FileSystemWatcher? watcher = null;
        try
        {
            watcher = new FileSystemWatcher(_directory)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
            };
            watcher.Changed += OnChanged;
            watcher.Created += OnChanged;
            watcher.Deleted += OnChanged;
            watcher.Renamed += OnChanged;
            watcher.Error += OnError;
            watcher.EnableRaisingEvents = true;
            (_watcher, watcher) = (watcher, null);
        }
        catch (Exception e) when (e is ArgumentException or IOException or PlatformNotSupportedException)
        {
            // The directory may not exist yet (mount pending); polling covers it and we retry each poll.
            if (!_watchWarned)
            {
                PolicyLog.WatchUnavailable(_logger, _directory, e.Message, _pollInterval);
                _watchWarned = true;
            }
        }
        finally
        {
            watcher?.Dispose();
        }
    }

    private void OnChanged(object sender, FileSystemEventArgs e) => _changes.Writer.TryWrite(true);

    private void OnError(object sender, ErrorEventArgs e)
    {
        var error = e.GetException();
        PolicyLog.WatchError(_logger, _directory, error);
        _watcherFailed = true;
        _changes.Writer.TryWrite(true);
    }
}
