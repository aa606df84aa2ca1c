using System.Diagnostics;
using k8s;
using k8s.Models;

namespace StrictMail.Operator.Runtime.Leadership;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease. Only the leader may reconcile: a work-queue
/// consumer awaits <see cref="WaitForLeadershipAsync"/> and checks <see cref="IsLeader"/> before each item.
/// A leader that cannot renew for <see cref="LeaderElectionOptions.RenewDeadline"/> stops leading at once,
/// before the lease can expire for the other candidates (<see cref="LeaderElectionOptions.LeaseDuration"/>).
/// </summary>
internal sealed class LeaderElection
{
    private readonly LeaderElectionOptions _options;
    private readonly LeaseStore _store;
    private readonly LeadershipLog _log;
    private readonly Lock _gate = new();
    private TaskCompletionSource _leading = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _isLeader;
    private long _lastRenew;
    private string? _observedVersion;
    private long _observedAt;

    public LeaderElection(IKubernetes client, LeaderElectionOptions options, LeadershipLog log)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        if (options.RenewDeadline >= options.LeaseDuration || options.RetryPeriod >= options.RenewDeadline)
        {
            throw new ArgumentException("Need RetryPeriod < RenewDeadline < LeaseDuration.", nameof(options));
        }

        _options = options;
        _store = new LeaseStore(client, options);
        _log = log;
    }

    /// <summary>Raised on the election loop when this candidate becomes leader.</summary>
    public event Action? BecameLeader;

    /// <summary>Raised on the election loop right after <see cref="IsLeader"/> turned false.</summary>
    public event Action? LostLeadership;

    /// <summary>True while this candidate holds a renewed lease.</summary>
    public bool IsLeader => _isLeader;

    /// <summary>Completes when this candidate is leader (at once if it already is).</summary>
    public async Task WaitForLeadershipAsync(CancellationToken cancellation)
    {
        while (true)
        {
            Task leading;
            lock (_gate)
            {
                if (_isLeader)
                {
                    return;
                }

                leading = _leading.Task;
            }

            await leading.WaitAsync(cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>Competes for the lease until cancelled; then releases it if held.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                if (!_isLeader)
                {
                    if (await TryAcquireAsync(cancellation).ConfigureAwait(false))
                    {
                        Become();
                    }
                    else
                    {
                        await Task.Delay(_options.RetryPeriod, cancellation).ConfigureAwait(false);
                    }

                    continue;
                }

                var left = _options.RenewDeadline - Stopwatch.GetElapsedTime(_lastRenew);
                await Task.Delay(Min(_options.RetryPeriod, left), cancellation).ConfigureAwait(false);
                if (!await TryRenewAsync(cancellation).ConfigureAwait(false) && Stopwatch.GetElapsedTime(_lastRenew) >= _options.RenewDeadline)
                {
                    Lose();
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
        finally
        {
            if (_isLeader)
            {
                Lose(stepDown: true);
                await ReleaseAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> TryAcquireAsync(CancellationToken cancellation)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        attempt.CancelAfter(_options.RenewDeadline);
        try
        {
            var lease = await _store.GetAsync(attempt.Token).ConfigureAwait(false);
            var start = Stopwatch.GetTimestamp();
            var now = DateTime.UtcNow;
            if (lease is null)
            {
                var created = new V1Lease
                {
                    Metadata = new V1ObjectMeta { Name = _options.Name, NamespaceProperty = _options.Namespace },
                    Spec = new V1LeaseSpec { HolderIdentity = _options.Identity, AcquireTime = now, RenewTime = now, LeaseDurationSeconds = DurationSeconds, LeaseTransitions = 0 },
                };
                return Held(await _store.CreateAsync(created, attempt.Token).ConfigureAwait(false), start);
            }

            Observe(lease, start);
            lease.Spec ??= new V1LeaseSpec();
            var holder = lease.Spec.HolderIdentity;
            if (!string.IsNullOrEmpty(holder) && holder != _options.Identity && Stopwatch.GetElapsedTime(_observedAt) < _options.LeaseDuration)
            {
                return false;
            }

            if (holder != _options.Identity)
            {
                lease.Spec.AcquireTime = now;
                lease.Spec.LeaseTransitions = (lease.Spec.LeaseTransitions ?? 0) + 1;
            }

            lease.Spec.HolderIdentity = _options.Identity;
            lease.Spec.RenewTime = now;
            lease.Spec.LeaseDurationSeconds = DurationSeconds;
            return Held(await _store.ReplaceAsync(lease, attempt.Token).ConfigureAwait(false), start);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            _log.AcquireFailed(_options.Identity, _options.Namespace, _options.Name, e);
            return false;
        }
    }

    private async Task<bool> TryRenewAsync(CancellationToken cancellation)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var left = _options.RenewDeadline - Stopwatch.GetElapsedTime(_lastRenew);
        if (left <= TimeSpan.Zero)
        {
            return false;
        }

        attempt.CancelAfter(left);
        try
        {
            var start = Stopwatch.GetTimestamp();
            var lease = await _store.GetAsync(attempt.Token).ConfigureAwait(false);
            if (lease?.Spec?.HolderIdentity != _options.Identity)
            {
                Lose();
                return false;
            }

            lease.Spec.RenewTime = DateTime.UtcNow;
            lease.Spec.LeaseDurationSeconds = DurationSeconds;
            return Held(await _store.ReplaceAsync(lease, attempt.Token).ConfigureAwait(false), start);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            _log.RenewFailed(_options.Identity, _options.Namespace, _options.Name, e);
            return false;
        }
    }

    /// <summary>Gives the lease up so that a successor need not wait for it to expire.</summary>
    private async Task ReleaseAsync()
    {
        using var attempt = new CancellationTokenSource(_options.RenewDeadline);
        try
        {
            var lease = await _store.GetAsync(attempt.Token).ConfigureAwait(false);
            if (lease?.Spec?.HolderIdentity != _options.Identity)
            {
                return;
            }

            lease.Spec.HolderIdentity = null;
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.RenewTime = DateTime.UtcNow;
            if (await _store.ReplaceAsync(lease, attempt.Token).ConfigureAwait(false) is not null)
            {
                _log.Released(_options.Identity, _options.Namespace, _options.Name);
            }
        }
        catch (Exception e)
        {
            _log.ReleaseFailed(_options.Identity, _options.Namespace, _options.Name, e);
        }
    }

    private int DurationSeconds => (int)Math.Ceiling(_options.LeaseDuration.TotalSeconds);

    private bool Held(V1Lease? written, long start)
    {
        if (written is null)
        {
            return false;
        }

        _lastRenew = start;
        Observe(written, start);
        return true;
    }

    private void Observe(V1Lease lease, long at)
    {
        if (lease.Metadata?.ResourceVersion != _observedVersion)
        {
            _observedVersion = lease.Metadata?.ResourceVersion;
            _observedAt = at;
        }
    }

    private void Become()
    {
        lock (_gate)
        {
            _isLeader = true;
            _leading.TrySetResult();
        }

        _log.Acquired(_options.Identity, _options.Namespace, _options.Name);
        BecameLeader?.Invoke();
    }

    private void Lose(bool stepDown = false)
    {
        lock (_gate)
        {
            if (!_isLeader)
            {
                return;
            }

            _isLeader = false;
            _leading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        if (stepDown)
        {
            _log.SteppingDown(_options.Identity, _options.Namespace, _options.Name);
        }
        else
        {
            _log.Lost(_options.Identity, _options.Namespace, _options.Name, Stopwatch.GetElapsedTime(_lastRenew));
        }

        LostLeadership?.Invoke();
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? (a < TimeSpan.Zero ? TimeSpan.Zero : a) : (b < TimeSpan.Zero ? TimeSpan.Zero : b);
}
