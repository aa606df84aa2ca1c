using StrictMail.Relay.Inbound.Abuse;
using StrictMail.Relay.Inbound.Auth;
using StrictMail.Relay.Inbound.Tls;
using StrictMail.Relay.Queue;
using StrictMail.Relay.Telemetry;

namespace StrictMail.Relay.Inbound;

/// <summary>What every session shares: settings, the queue, the users and certificate, the AUTH throttle, metrics, the clock and the log.</summary>
internal sealed record InboundContext(
    InboundOptions Options,
    ClientNetworks ClientNetworks,
    IMessageQueue Queue,
    UserDirectory Users,
    ServerCertificateSource Certificates,
    AuthThrottle Auth,
    RelayMetrics Metrics,
    TimeProvider Time,
    ILogger Logger)
{
    /// <summary>Command lines longer than this (without CRLF) get 500 5.5.2 (RFC 5321 4.5.3.1.4).</summary>
    public const int MaxCommandLine = 512;

    /// <summary>AUTH lines and SASL responses may be this long (RFC 4954 4).</summary>
    public const int MaxAuthLine = 12288;

    /// <summary>Input buffer per session: room for the longest AUTH line or DATA line and the bytes after it.</summary>
    public int BufferSize => Math.Max(16 * 1024, Options.MaxLineLength + 3);
}
