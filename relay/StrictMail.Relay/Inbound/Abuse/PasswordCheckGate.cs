namespace StrictMail.Relay.Inbound.Abuse;

/// <summary>
/// Runs password checks (hundreds of milliseconds of PBKDF2 each) at most <paramref name="concurrency"/> at a time, so AUTH
/// attempts cannot take every core from delivery; a check that cannot start within <paramref name="wait"/> is not run.
/// </summary>
internal sealed class PasswordCheckGate(int concurrency, TimeSpan wait) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(concurrency, concurrency);

    /// <summary>The result of <paramref name="check"/>, or null when no slot freed up in time (the client should try again later).</summary>
    public async Task<bool?> RunAsync(Func<bool> check, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (!await _slots.WaitAsync(wait, cancellation))
        {
            return null;
        }

        try
        {
            return check();
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
