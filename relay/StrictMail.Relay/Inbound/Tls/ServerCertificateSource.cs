using System.Net.Security;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace StrictMail.Relay.Inbound.Tls;

/// <summary>
/// The STARTTLS certificate from the PEM files, re-read when their content changes (checked at each STARTTLS), so a renewed
/// Secret applies without a restart. A renewal that does not load leaves the previous certificate in use and is reported once.
/// </summary>
internal sealed class ServerCertificateSource
{
    private readonly string _certificateFile;
    private readonly string _keyFile;
    private readonly ILogger<ServerCertificateSource> _logger;
    private readonly FileFingerprint _fingerprint = new();
    private readonly Lock _gate = new();
    private SslStreamCertificateContext? _current;
    private bool _unreadableReported;

    public ServerCertificateSource(IOptions<InboundOptions> options, ILogger<ServerCertificateSource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _certificateFile = options.Value.CertificateFile;
        _keyFile = options.Value.KeyFile;
        _logger = logger;
    }

    /// <summary>True when certificate files are configured, so STARTTLS is offered.</summary>
    public bool IsConfigured => _certificateFile.Length > 0 && _keyFile.Length > 0;

    /// <summary>The certificate to serve now, after reloading the files if they changed; null when none could ever be loaded.</summary>
    public SslStreamCertificateContext? Current()
    {
        if (!IsConfigured)
        {
            return null;
        }

        lock (_gate)
        {
            Reload();
            return _current;
        }
    }

    private void Reload()
    {
        string[]? pem;
        try
        {
            pem = _fingerprint.ReadIfChanged(_certificateFile, _keyFile);
            _unreadableReported = false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (!_unreadableReported)
            {
                InboundLog.CertificateReloadFailed(_logger, _certificateFile, e.Message);
                _unreadableReported = true;
            }

            return;
        }

        if (pem is null)
        {
            return;
        }

        _fingerprint.Settle();
        try
        {
            // The replaced context is left to the garbage collector: a handshake in progress may still be using it.
            _current = ServerCertificateLoader.Load(pem[0], pem[1]);
            InboundLog.CertificateLoaded(_logger, _current.TargetCertificate.Subject, _current.TargetCertificate.NotAfter, _current.TargetCertificate.Thumbprint);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            InboundLog.CertificateReloadFailed(_logger, _certificateFile, e.Message);
        }
    }
}
