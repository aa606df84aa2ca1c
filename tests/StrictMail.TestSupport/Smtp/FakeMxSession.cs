using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace StrictMail.TestSupport.Smtp;

/// <summary>One SMTP connection to a <see cref="FakeMxServer"/>: a command loop with a bounded number of commands and an idle timeout.</summary>
internal sealed class FakeMxSession : IAsyncDisposable
{
    private const int MaxCommands = 1000;

    private readonly FakeMxOptions _options;
    private readonly FakeMxLog _log;
    private readonly int _connectionId;
    private readonly Stream _network;
    private readonly List<string> _recipients = [];
    private Stream _stream;
    private SmtpLineReader _reader;
    private TlsSessionInfo? _tls;
    private string? _helo;
    private string? _mailFrom;
    private string _mailParameters = string.Empty;

    public FakeMxSession(FakeMxOptions options, FakeMxLog log, int connectionId, Stream network)
    {
        _options = options;
        _log = log;
        _connectionId = connectionId;
        _network = network;
        _stream = network;
        _reader = new SmtpLineReader(network);
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        if (_options.Silent)
        {
            // A host that accepts and never speaks: the client's own timeout is what ends the session.
            await Task.Delay(Timeout.Infinite, stopping);
        }

        await ReplyAsync($"220 {_options.HostName} ESMTP StrictMail test MX", stopping);
        for (var i = 0; i < MaxCommands; i++)
        {
            string? line;
            try
            {
                line = await ReadLineAsync(stopping);
            }
            catch (InvalidDataException)
            {
                await ReplyAsync("500 5.5.6 Line too long", stopping);
                return;
            }

            if (line is null)
            {
                return;
            }

            _log.CommandReceived(line);
            if (!await HandleAsync(line, stopping))
            {
                return;
            }
        }

        await ReplyAsync("421 4.7.0 Too many commands, closing", stopping);
    }

    public async ValueTask DisposeAsync()
    {
        if (!ReferenceEquals(_stream, _network))
        {
            await _stream.DisposeAsync();
        }
    }

    /// <summary>Answers one command; false closes the connection.</summary>
    private async Task<bool> HandleAsync(string line, CancellationToken ct)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var verb = (space < 0 ? line : line[..space]).ToUpperInvariant();
        var argument = space < 0 ? "" : line[(space + 1)..].Trim();
        switch (verb)
        {
            case "EHLO":
                _helo = argument;
                ResetTransaction();
                await ReplyAsync(EhloLines(), ct);
                return true;
            case "HELO":
                _helo = argument;
                ResetTransaction();
                await ReplyAsync($"250 {_options.HostName}", ct);
                return true;
            case "STARTTLS":
                return await StartTlsAsync(ct);
            case "MAIL":
                await ReplyAsync(Mail(argument), ct);
                return true;
            case "RCPT":
                await ReplyAsync(Rcpt(argument), ct);
                return true;
            case "DATA":
                return await DataAsync(ct);
            case "RSET":
                ResetTransaction();
                await ReplyAsync("250 2.0.0 Reset", ct);
                return true;
            case "NOOP":
                await ReplyAsync("250 2.0.0 OK", ct);
                return true;
            case "QUIT":
                await ReplyAsync("221 2.0.0 Bye", ct);
                return false;
            default:
                await ReplyAsync("500 5.5.2 Command not recognized", ct);
                return true;
        }
    }

    private string[] EhloLines()
    {
        List<string> lines = [_options.HostName, "PIPELINING", "8BITMIME", $"SIZE {_options.MaxMessageSize}", "ENHANCEDSTATUSCODES"];
        if (_options.OfferStartTls && _tls is null)
        {
            lines.Add("STARTTLS");
        }

        if (_options.OfferRequireTls && _tls is not null)
        {
            lines.Add("REQUIRETLS");
        }

        return [.. lines.Select((text, i) => (i == lines.Count - 1 ? "250 " : "250-") + text)];
    }

    private string Mail(string argument)
    {
        if (_helo is null)
        {
            return "503 5.5.1 Send EHLO first";
        }

        if (_mailFrom is not null)
        {
            return "503 5.5.1 Nested MAIL command";
        }

        if (!argument.StartsWith("FROM:", StringComparison.OrdinalIgnoreCase) || Address(argument[5..]) is not { } from)
        {
            return "501 5.5.4 Syntax: MAIL FROM:<address>";
        }

        _mailFrom = from;
        _mailParameters = argument[(argument.IndexOf('>', StringComparison.Ordinal) + 1)..].Trim();
        _log.TransactionStarted();
        return "250 2.1.0 Sender OK";
    }

    private string Rcpt(string argument)
    {
        if (_mailFrom is null)
        {
            return "503 5.5.1 Need MAIL before RCPT";
        }

        if (!argument.StartsWith("TO:", StringComparison.OrdinalIgnoreCase) || Address(argument[3..]) is not { Length: > 0 } to)
        {
            return "501 5.5.4 Syntax: RCPT TO:<address>";
        }

        if (_options.ReplyFor(to) is { } reply)
        {
            return reply;
        }

        _recipients.Add(to);
        return "250 2.1.5 Recipient OK";
    }

    private async Task<bool> DataAsync(CancellationToken ct)
    {
        if (_mailFrom is null || _recipients.Count == 0)
        {
            await ReplyAsync(_mailFrom is null ? "503 5.5.1 Need MAIL before DATA" : "554 5.5.1 No valid recipients", ct);
            return true;
        }

        await ReplyAsync("354 End data with <CR><LF>.<CR><LF>", ct);
        if (await FakeMxData.ReadAsync(_reader, _options.MaxMessageSize, _options.IdleTimeout, ct) is not { } received)
        {
            return false;
        }

        var (data, tooBig) = received;
        if (tooBig)
        {
            ResetTransaction();
            await ReplyAsync("552 5.3.4 Message too big", ct);
            return true;
        }

        if (_options.DataReplyDelay > TimeSpan.Zero)
        {
            // A slow MX: the message is in, the final reply comes late (a delivery in flight for that long).
            await Task.Delay(_options.DataReplyDelay, ct);
        }

        _log.MessageReceived(new ReceivedMessage(_connectionId, _helo ?? "", _mailFrom, [.. _recipients], data, _tls) { MailParameters = _mailParameters });
        ResetTransaction();
        await ReplyAsync($"250 2.0.0 Ok: queued on connection {_connectionId}", ct);
        return true;
    }

    private async Task<bool> StartTlsAsync(CancellationToken ct)
    {
        _log.StartTlsReceived();
        if (_tls is not null || !_options.OfferStartTls)
        {
            await ReplyAsync(_tls is null ? "502 5.5.1 STARTTLS not offered" : "503 5.5.1 TLS already active", ct);
            return true;
        }

        if (_options.StartTls == StartTlsBehavior.Reject454 || _options.Certificate is null)
        {
            await ReplyAsync("454 4.7.0 TLS not available due to temporary reason", ct);
            return true;
        }

        await ReplyAsync("220 2.0.0 Ready to start TLS", ct);
        switch (_options.StartTls)
        {
            case StartTlsBehavior.CloseAfterReady:
                return false;
            case StartTlsBehavior.GarbageAfterReady:
                await ReplyAsync("HTTP/1.1 400 This is not TLS", ct);
                return false;
            default:
                return await HandshakeAsync(_options.Certificate, ct);
        }
    }

    private async Task<bool> HandshakeAsync(X509Certificate2 certificate, CancellationToken ct)
    {
        var ssl = new SslStream(_network, leaveInnerStreamOpen: true);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.HandshakeTimeout);
        try
        {
            await ssl.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions
                {
                    ServerCertificate = certificate,
                    EnabledSslProtocols = _options.TlsProtocols,
                    ClientCertificateRequired = false,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                },
                timeout.Token);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
        {
            _log.HandshakeFailed();
            await ssl.DisposeAsync();
            return false;
        }

        // Plaintext pipelined after STARTTLS is discarded with the old reader (RFC 3207 section 4.2).
        _stream = ssl;
        _reader = new SmtpLineReader(ssl);
        _tls = TlsSessionInfo.From(ssl);
        _helo = null;
        ResetTransaction();
        _log.HandshakeSucceeded(_tls);
        return true;
    }

    private void ResetTransaction()
    {
        _mailFrom = null;
        _recipients.Clear();
    }

    private async Task<string?> ReadLineAsync(CancellationToken ct)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        idle.CancelAfter(_options.IdleTimeout);
        var line = await _reader.ReadLineAsync(idle.Token);
        return line is null ? null : SmtpText.Decode(line);
    }

    private Task ReplyAsync(string line, CancellationToken ct) => ReplyAsync([line], ct);

    private async Task ReplyAsync(string[] lines, CancellationToken ct)
    {
        foreach (var line in lines)
        {
            await _stream.WriteAsync(SmtpText.Encode(line), ct);
        }

        await _stream.FlushAsync(ct);
    }

    private static string? Address(string path)
    {
        var open = path.IndexOf('<', StringComparison.Ordinal);
        var close = path.IndexOf('>', StringComparison.Ordinal);
        return open == 0 && close > open ? path[1..close] : null;
    }
}
