using System.Text;
using Microsoft.Extensions.Options;

namespace StrictMail.Relay.Inbound.Auth;

/// <summary>
/// The SMTP AUTH users from the users file, re-read when its content changes (checked at each AUTH). A file that became
/// unreadable or invalid leaves the previous users in place and is reported once.
/// </summary>
internal sealed class UserDirectory
{
    private static readonly byte[] DecoyPassword = Encoding.UTF8.GetBytes("not a password");

    private readonly string _path;
    private readonly ILogger<UserDirectory> _logger;
    private readonly FileFingerprint _fingerprint = new();
    private readonly Lock _gate = new();
    private IReadOnlyDictionary<string, PasswordHash> _users = new Dictionary<string, PasswordHash>();
    private bool _unreadableReported;
    private PasswordHash _decoy = new(PasswordHasher.DefaultIterations, new byte[PasswordHasher.SaltSize], new byte[PasswordHasher.HashSize]);

    public UserDirectory(IOptions<InboundOptions> options, ILogger<UserDirectory> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _path = options.Value.UsersFile;
        _logger = logger;
    }

    /// <summary>True when a users file is configured, so AUTH can be offered (over TLS).</summary>
    public bool IsEnabled => _path.Length > 0;

    /// <summary>True when <paramref name="user"/> exists and <paramref name="password"/> is theirs.</summary>
    public bool Verify(string user, ReadOnlySpan<byte> password)
    {
        if (!IsEnabled)
        {
            return false;
        }

        Refresh();
        var users = Volatile.Read(ref _users);
        if (users.TryGetValue(user, out var hash))
        {
            return PasswordHasher.Verify(hash, password);
        }

        // An unknown user costs as much as a known one, so timing does not reveal which names exist.
        _ = PasswordHasher.Verify(Volatile.Read(ref _decoy), DecoyPassword);
        return false;
    }

    /// <summary>Re-reads the file when its content changed.</summary>
    public void Refresh()
    {
        if (!IsEnabled)
        {
            return;
        }

        lock (_gate)
        {
            string[]? text;
            try
            {
                text = _fingerprint.ReadIfChanged(_path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (!_unreadableReported)
                {
                    InboundLog.UsersFileUnreadable(_logger, _path, e.Message);
                    _unreadableReported = true;
                }

                return;
            }

            _unreadableReported = false;
            if (text is null)
            {
                return;
            }

            _fingerprint.Settle();
            var users = UsersFileParser.Parse(text[0], out var problems);
            if (users is null)
            {
                InboundLog.UsersFileRefused(_logger, _path, string.Join("; ", problems));
                return;
            }

            Volatile.Write(ref _users, users);
            if (users.Values.FirstOrDefault() is { } sample)
            {
                Volatile.Write(ref _decoy, sample with { Hash = new byte[sample.Hash.Length] });
            }

            InboundLog.UsersFileLoaded(_logger, _path, users.Count);
        }
    }
}
