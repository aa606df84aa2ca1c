using System.Net;
using System.Net.Security;
using System.Security.Authentication;

namespace StrictMail.Relay.Inbound;

/// <summary>Inbound SMTP log messages with stable event ids (3001-3099). Never a message body, a password or an AUTH payload.</summary>
internal static partial class InboundLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Inbound SMTP listening on {EndPoint} (STARTTLS {StartTls}, AUTH {Auth})")]
    public static partial void Listening(ILogger logger, IPEndPoint endPoint, bool startTls, bool auth);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Inbound SMTP not started: no message queue is registered")]
    public static partial void NoQueue(ILogger logger);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "Session {SessionId} connected from {Client}")]
    public static partial void SessionStarted(ILogger logger, string sessionId, IPAddress client);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Connection from {Client} refused: {Max} sessions already open (Relay:Inbound:MaxConnections)")]
    public static partial void ConnectionRefused(ILogger logger, IPAddress client, int max);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug, Message = "Session {SessionId} ended after {Messages} messages and {Errors} errors")]
    public static partial void SessionEnded(ILogger logger, string sessionId, int messages, int errors);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Session {SessionId} queued {QueueId}: from=<{Sender}> nrcpt={Recipients} size={Size} client={Client} tls={Tls} user={User}")]
    public static partial void MessageQueued(ILogger logger, string sessionId, string queueId, string sender, int recipients, long size, IPAddress client, bool tls, string? user);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Session {SessionId} refused a message from <{Sender}>: {Reason}")]
    public static partial void MessageRefused(ILogger logger, string sessionId, string sender, string reason);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Error, Message = "Session {SessionId} could not queue a message ({Stage}); the client was told to retry")]
    public static partial void StorageFailed(ILogger logger, Exception exception, string sessionId, string stage);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "Session {SessionId} relay denied: client {Client} is not authenticated and not in Relay:Inbound:ClientNetworks (to=<{Recipient}>)")]
    public static partial void RelayDenied(ILogger logger, string sessionId, IPAddress client, string recipient);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Session {SessionId} authenticated as {User} with {Mechanism}")]
    public static partial void AuthSucceeded(ILogger logger, string sessionId, string user, string mechanism);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Session {SessionId} AUTH {Mechanism} failed from {Client} ({Failures} recent failures from that address; 535 after {Delay})")]
    public static partial void AuthFailed(ILogger logger, string sessionId, string mechanism, IPAddress client, int failures, TimeSpan delay);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information, Message = "Session {SessionId} TLS handshake with {Client} failed: {Reason}")]
    public static partial void TlsFailed(ILogger logger, string sessionId, IPAddress client, string reason);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Debug, Message = "Session {SessionId} started {Protocol} with {Cipher}")]
    public static partial void TlsStarted(ILogger logger, string sessionId, SslProtocols protocol, TlsCipherSuite cipher);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Warning, Message = "Session {SessionId} discarded {Bytes} bytes that {Client} pipelined after STARTTLS (a command injection attempt, CVE-2011-0411)")]
    public static partial void InjectionDiscarded(ILogger logger, string sessionId, int bytes, IPAddress client);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Information, Message = "Session {SessionId} with {Client} closed: idle for {IdleTimeout}")]
    public static partial void IdleTimeout(ILogger logger, string sessionId, IPAddress client, TimeSpan idleTimeout);

    [LoggerMessage(EventId = 3016, Level = LogLevel.Warning, Message = "Session {SessionId} with {Client} closed after {Errors} errors (Relay:Inbound:MaxErrors)")]
    public static partial void TooManyErrors(ILogger logger, string sessionId, IPAddress client, int errors);

    [LoggerMessage(EventId = 3017, Level = LogLevel.Error, Message = "Session {SessionId} failed; the connection was closed without a reply")]
    public static partial void SessionFailed(ILogger logger, Exception exception, string sessionId);

    [LoggerMessage(EventId = 3018, Level = LogLevel.Information, Message = "STARTTLS certificate loaded: {Subject}, valid until {NotAfter:u}, thumbprint {Thumbprint}")]
    public static partial void CertificateLoaded(ILogger logger, string subject, DateTime notAfter, string thumbprint);

    [LoggerMessage(EventId = 3019, Level = LogLevel.Error, Message = "STARTTLS certificate {File} could not be loaded; the previous one stays in use: {Reason}")]
    public static partial void CertificateReloadFailed(ILogger logger, string file, string reason);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "Users file {File} loaded: {Count} users")]
    public static partial void UsersFileLoaded(ILogger logger, string file, int count);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Error, Message = "Users file {File} refused; the previous users stay in effect: {Problems}")]
    public static partial void UsersFileRefused(ILogger logger, string file, string problems);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Error, Message = "Users file {File} cannot be read; the previous users stay in effect: {Reason}")]
    public static partial void UsersFileUnreadable(ILogger logger, string file, string reason);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Information, Message = "Inbound SMTP stopping: waiting for {Sessions} sessions to finish")]
    public static partial void Stopping(ILogger logger, int sessions);

    [LoggerMessage(EventId = 3024, Level = LogLevel.Warning, Message = "Inbound SMTP shutdown timeout: aborting {Sessions} sessions (their clients got no 250 and will retry)")]
    public static partial void Aborting(ILogger logger, int sessions);

    [LoggerMessage(EventId = 3025, Level = LogLevel.Error, Message = "Inbound SMTP could not accept a connection")]
    public static partial void AcceptFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3026, Level = LogLevel.Warning, Message = "Connection from {Client} refused: {Open} sessions already open from that address (Relay:Inbound:MaxConnectionsPerClient)")]
    public static partial void ClientConnectionRefused(ILogger logger, IPAddress client, int open);

    [LoggerMessage(EventId = 3027, Level = LogLevel.Information, Message = "Session {SessionId} with {Client} closed: {Reason}")]
    public static partial void DeadlinePassed(ILogger logger, string sessionId, IPAddress client, string reason);

    [LoggerMessage(EventId = 3028, Level = LogLevel.Warning, Message = "Session {SessionId} AUTH from {Client} refused for now: no password check free within Relay:Inbound:AuthQueueTimeout")]
    public static partial void AuthBusy(ILogger logger, string sessionId, IPAddress client);

    [LoggerMessage(EventId = 3029, Level = LogLevel.Information, Message = "Session {SessionId} with {Client} closed after {Commands} commands without mail (Relay:Inbound:MaxJunkCommands)")]
    public static partial void TooManyJunkCommands(ILogger logger, string sessionId, IPAddress client, int commands);
}
