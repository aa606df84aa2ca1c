using System.Globalization;

namespace StrictMail.Relay.Inbound.Smtp;

/// <summary>
/// Every reply the server sends, in one table, with RFC 3463 enhanced status codes. Choices that the RFCs leave open are
/// explained where they are made.
/// </summary>
internal static class SmtpReplies
{
    public static readonly SmtpReply Ok = new(250, "2.0.0 Ok");
    public static readonly SmtpReply SenderOk = new(250, "2.1.0 Ok");
    public static readonly SmtpReply RecipientOk = new(250, "2.1.5 Ok");
    public static readonly SmtpReply StartData = new(354, "End data with <CR><LF>.<CR><LF>");
    public static readonly SmtpReply Bye = new(221, "2.0.0 Bye");
    public static readonly SmtpReply ReadyToStartTls = new(220, "2.0.0 Ready to start TLS");
    public static readonly SmtpReply AuthSucceeded = new(235, "2.7.0 Authentication successful");
    public static readonly SmtpReply Help = new(214, "2.0.0 Commands: EHLO HELO STARTTLS AUTH MAIL RCPT DATA RSET NOOP VRFY HELP QUIT (RFC 5321)");

    // VRFY would let anyone probe addresses; RFC 5321 3.5.3 allows 252 "cannot verify, will try".
    public static readonly SmtpReply CannotVerify = new(252, "2.5.2 Cannot VRFY user, but will accept message and attempt delivery");

    public static readonly SmtpReply LoginUserChallenge = new(334, "VXNlcm5hbWU6");
    public static readonly SmtpReply LoginPasswordChallenge = new(334, "UGFzc3dvcmQ6");
    public static readonly SmtpReply EmptyChallenge = new(334, string.Empty);

    public static readonly SmtpReply StorageFailure = new(451, "4.3.0 Error: queue file write error, try again later");
    public static readonly SmtpReply TooManyRecipients = new(452, "4.5.3 Too many recipients");
    public static readonly SmtpReply TlsTemporarilyUnavailable = new(454, "4.7.0 TLS not available due to temporary reason");

    // RFC 5321 4.5.3.1.4 (512-octet command lines) with 4.2.2's "500 ... command line too long".
    public static readonly SmtpReply LineTooLong = new(500, "5.5.2 Error: line too long");
    public static readonly SmtpReply UnknownCommand = new(500, "5.5.2 Error: command not recognized");
    public static readonly SmtpReply HeloSyntax = new(501, "5.5.4 Syntax: EHLO hostname");
    public static readonly SmtpReply NoParametersAllowed = new(501, "5.5.4 Syntax error: no parameters allowed");
    public static readonly SmtpReply BadSender = new(501, "5.1.7 Bad sender address syntax");
    public static readonly SmtpReply BadRecipient = new(501, "5.1.3 Bad recipient address syntax");
    public static readonly SmtpReply BadSizeParameter = new(501, "5.5.4 Bad SIZE parameter");
    public static readonly SmtpReply AuthSyntax = new(501, "5.5.4 Syntax: AUTH mechanism [initial-response]");
    public static readonly SmtpReply AuthAborted = new(501, "5.7.0 Authentication aborted");
    public static readonly SmtpReply AuthUndecodable = new(501, "5.5.2 Cannot decode response");
    public static readonly SmtpReply NotImplemented = new(502, "5.5.1 Error: command not implemented");
    public static readonly SmtpReply NeedHelo = new(503, "5.5.1 Error: send HELO/EHLO first");
    public static readonly SmtpReply NestedMail = new(503, "5.5.1 Error: nested MAIL command");
    public static readonly SmtpReply NeedMail = new(503, "5.5.1 Error: need MAIL command");
    public static readonly SmtpReply NeedRecipient = new(503, "5.5.1 Error: need RCPT command");
    public static readonly SmtpReply TlsAlreadyActive = new(503, "5.5.1 Error: TLS already active");
    public static readonly SmtpReply AuthNotEnabled = new(503, "5.5.1 Error: authentication not enabled");
    public static readonly SmtpReply AlreadyAuthenticated = new(503, "5.5.1 Error: already authenticated");
    public static readonly SmtpReply AuthInTransaction = new(503, "5.5.1 Error: MAIL transaction in progress");
    public static readonly SmtpReply UnknownMechanism = new(504, "5.5.4 Unrecognized authentication type");
    public static readonly SmtpReply AuthInvalid = new(535, "5.7.8 Authentication credentials invalid");
    public static readonly SmtpReply AuthBusy = new(454, "4.7.0 Temporary authentication failure: too many logins at once, try again later");
    public static readonly SmtpReply EncryptionRequired = new(538, "5.7.11 Encryption required for requested authentication mechanism");
    public static readonly SmtpReply SizeExceeded = new(552, "5.3.4 Message size exceeds fixed maximum message size");
    public static readonly SmtpReply MessageTooBig = new(552, "5.3.4 Message too big");

    public static readonly SmtpReply AddressLiteralRefused = new(550, "5.1.2 Address literals are not relayed: no TLS policy can cover them; use the recipient's domain name");

    // RFC 2920 3.1: DATA after every RCPT was refused gets 554 "no valid recipients".
    public static readonly SmtpReply NoValidRecipients = new(554, "5.5.1 Error: no valid recipients");
    public static readonly SmtpReply RelayDenied = new(554, "5.7.1 Relay access denied");
    public static readonly SmtpReply UnsupportedParameter = new(555, "5.5.4 Unsupported MAIL FROM or RCPT TO parameter");

    /// <summary>
    /// A DATA line over the limit. RFC 5321 4.3.2 allows only 250, 450, 451, 452, 550, 552 and 554 after the end of data, so not
    /// 500 (which a client would read as an unrecognized command); 554 "transaction failed" with X.6.0 (RFC 3463: a problem with
    /// the content, not the command) is permanent because the same message would fail the same way again.
    /// </summary>
    public static SmtpReply DataLineTooLong(int maxLineLength) =>
        new(554, string.Create(CultureInfo.InvariantCulture, $"5.6.0 Message has a line longer than {maxLineLength} characters; nothing was queued"));

    public static SmtpReply Greeting(string host) => new(220, $"{host} ESMTP StrictMail");

    public static SmtpReply Helo(string host) => new(250, host);

    public static SmtpReply Queued(string queueId) => new(250, $"2.0.0 Ok: queued as {queueId}");

    public static SmtpReply IdleTimeout(string host) => new(421, $"4.4.2 {host} Error: idle timeout");

    public static SmtpReply TooManyConnections(string host) => new(421, $"4.7.0 {host} Error: too many connections");

    public static SmtpReply TooManyConnectionsFromClient(string host) => new(421, $"4.7.0 {host} Error: too many connections from your address");

    public static SmtpReply CommandTimeout(string host) => new(421, $"4.4.2 {host} Error: command line not complete in time");

    public static SmtpReply DataTimeout(string host) => new(421, $"4.4.2 {host} Error: message not received in time; nothing was queued");

    public static SmtpReply TooManyJunkCommands(string host) => new(421, $"4.7.0 {host} Error: too many commands without mail");

    public static SmtpReply TooManyErrors(string host) => new(421, $"4.7.0 {host} Error: too many errors");

    public static SmtpReply ShuttingDown(string host) => new(421, $"4.3.2 {host} Service shutting down");

    /// <summary>The EHLO reply: the host name, then one extension per line.</summary>
    public static SmtpReply Ehlo(string host, IEnumerable<string> extensions) => new(250, [host, .. extensions]);
}
