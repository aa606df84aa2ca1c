// Trust: the remote MX, and anything between us and it, is untrusted. Nothing is sent on a session
// before the policy approved it; where the policy requires TLS there is no path to plaintext.
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery.Continuity;
using StrictMail.Relay.Delivery.Tls;

namespace StrictMail.Relay.Delivery.Smtp;

/// <summary>
/// Opens one SMTP session to one MX address and approves it under the policy: STARTTLS as the
/// level demands (MailKit's StartTls where TLS is required), the certificate decision in
/// <see cref="CertificateEvaluator"/>, the TLS version floor, and STARTTLS continuity. Testing
/// mode lets a failing session through and reports what would have been blocked; Opportunistic
/// behaves like Postfix's "may" (a failed handshake retries in plaintext, counted). Under an MTA-STS
/// policy in mode testing the session is audited against what mode enforce would require and the
/// shortfall counted as allowed.
/// </summary>
internal sealed class SessionOpener(
    IOptions<DeliveryOptions> options,
    CertificateEvaluator evaluator,
    StarttlsContinuityStore continuity,
    TimeProvider clock)
{
    public async Task<SessionResult> OpenAsync(SessionRequest request, CancellationToken cancellation)
    {
        var downgrades = new List<DowngradeEvent>();
        var plan = TlsPlan.For(request.Level, request.Certificate.Dane is not null);
        var first = await TryConnectAsync(request, plan.Socket, cancellation).ConfigureAwait(false);
        if (first.Client is { } client)
        {
            return await ApproveAsync(request, plan, client, first, downgrades).ConfigureAwait(false);
        }

        var failure = first.Error!;
        var refusal = Classify(request, plan, first);
        if (refusal is null)
        {
            return new SessionResult(null, Describe(failure), false, downgrades);
        }

        if (first.StartTlsOffered)
        {
            continuity.RecordOffer(request.MxHost);
        }

        // Plaintext is a way out only where the policy allows it: Opportunistic (unless the host offered
        // STARTTLS before and continuity says defer), or Testing mode, which delivers anyway and counts
        // what would have been blocked.
        var continuityDefers = request.Policy.StarttlsContinuity == ContinuityAction.Defer && continuity.OfferedBefore(request.MxHost);
        var plaintextAllowed = request.Testing || (request.Level == TlsLevel.Opportunistic && !continuityDefers);
        downgrades.Add(refusal with { Blocked = !plaintextAllowed });
        if (!plaintextAllowed)
        {
            return new SessionResult(null, refusal.Detail, true, downgrades);
        }

        var retry = await TryConnectAsync(request, SecureSocketOptions.None, cancellation).ConfigureAwait(false);
        if (retry.Client is not { } plain)
        {
            return new SessionResult(null, Describe(retry.Error!), false, downgrades);
        }

        var facts = new TlsFacts(request.MxHost, request.Endpoint.ToString(), TlsFacts.Plaintext, null, null);
        return new SessionResult(new SmtpConnection(plain, request.Key, facts, clock), null, false, downgrades);
    }

    /// <summary>
    /// Whether a pooled session still stands: everything static in its approval is in its key, but the
    /// continuity history can change while it idles. A plaintext session opened before its MX was ever
    /// seen offering STARTTLS must not carry more mail once it has been: a new session is opened and
    /// judged (and, under Defer, refused) instead.
    /// </summary>
    public bool StillApproved(SmtpConnection connection, SessionRequest request)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(request);
        return connection.Client.IsSecure || !continuity.OfferedBefore(request.MxHost);
    }

    private async Task<SessionResult> ApproveAsync(SessionRequest request, TlsPlan plan, RelaySmtpClient client, Attempt attempt, List<DowngradeEvent> downgrades)
    {
        var verdict = attempt.Verdict;
        if (client.Capabilities.HasFlag(SmtpCapabilities.StartTLS) || client.IsSecure)
        {
            continuity.RecordOffer(request.MxHost);
        }
        else if (request.Level == TlsLevel.Opportunistic && continuity.OfferedBefore(request.MxHost))
        {
            var blocked = request.Policy.StarttlsContinuity == ContinuityAction.Defer && !request.Testing;
            var detail = $"{request.MxHost} offered STARTTLS before but not now: possible STARTTLS stripping by a man in the middle";
            downgrades.Add(new DowngradeEvent(DowngradeResultType.StarttlsNotSupported, blocked, detail));
            if (blocked)
            {
                return await RefuseAsync(client, detail, downgrades).ConfigureAwait(false);
            }
        }

        if (verdict is { Ok: false })
        {
            // Only reachable in Testing mode: the callback refused the handshake otherwise.
            downgrades.Add(new DowngradeEvent(verdict.ResultType!, false, verdict.Detail));
        }

        if (plan.Required && request.Policy.MinTlsVersion == TlsVersionFloor.Tls13 && client.SslProtocol != SslProtocols.Tls13)
        {
            var detail = $"{request.MxHost} negotiated {Protocol(client)}, below the policy's floor TLS1.3";
            downgrades.Add(new DowngradeEvent(DowngradeResultType.ValidationFailure, !request.Testing, detail));
            if (!request.Testing)
            {
                return await RefuseAsync(client, detail, downgrades).ConfigureAwait(false);
            }
        }

        Audit(request, client, attempt.AuditVerdict, downgrades);
        var identity = verdict is { Ok: true } ? verdict.VerifiedIdentity : null;
        var dane = request.Certificate.Dane is not null && verdict is { Ok: true } && client.IsSecure;
        var tls = new TlsFacts(request.MxHost, request.Endpoint.ToString(), Protocol(client), client.IsSecure ? client.SslCipherSuite?.ToString() : null, identity, dane);
        return new SessionResult(new SmtpConnection(client, request.Key, tls, clock), null, false, downgrades);
    }

    // MTA-STS testing (RFC 8461 5): what an enforced policy would have refused is counted as allowed; the session goes ahead.
    private static void Audit(SessionRequest request, RelaySmtpClient client, CertificateVerdict? audit, List<DowngradeEvent> downgrades)
    {
        if (request.StsAudit is null || request.Sts is not { } sts)
        {
            return;
        }

        var suffix = $"the MTA-STS policy {sts.PolicyId} is in mode testing, so the message goes ahead; in mode enforce it would not";
        // Plaintext with STARTTLS offered (level None never uses it) says nothing about what enforce would have met.
        if (!client.IsSecure && !client.Capabilities.HasFlag(SmtpCapabilities.StartTLS) && !downgrades.Any(d => d.ResultType == DowngradeResultType.StarttlsNotSupported))
        {
            downgrades.Add(new DowngradeEvent(DowngradeResultType.StarttlsNotSupported, false, $"{request.MxHost} did not offer STARTTLS: {suffix}"));
        }
        else if (client.IsSecure && audit is { Ok: false })
        {
            downgrades.Add(new DowngradeEvent(audit.ResultType!, false, $"{request.MxHost}: {audit.Detail}: {suffix}"));
        }
    }

    private static async Task<SessionResult> RefuseAsync(RelaySmtpClient client, string detail, List<DowngradeEvent> downgrades)
    {
        // QUIT before any MAIL command: the refused session never carries a byte of the message.
        await SmtpConnection.CloseAsync(client).ConfigureAwait(false);
        return new SessionResult(null, detail, true, downgrades);
    }

    /// <summary>The downgrade a failed connection amounts to, or null when it is an ordinary network or server failure.</summary>
    private static DowngradeEvent? Classify(SessionRequest request, TlsPlan plan, Attempt attempt)
    {
        var host = request.MxHost;
        return attempt.Error switch
        {
            NotSupportedException when plan.Required =>
                new DowngradeEvent(DowngradeResultType.StarttlsNotSupported, true, $"{host} did not offer STARTTLS, which the policy requires: possible STARTTLS stripping by a man in the middle"),
            SmtpCommandException command when attempt.StartTlsOffered && !attempt.Secure && request.Level >= TlsLevel.Opportunistic =>
                new DowngradeEvent(DowngradeResultType.StarttlsNotSupported, true, $"{host} refused STARTTLS ({(int)command.StatusCode} {command.Message.Trim()})"),
            SslHandshakeException or System.Security.Authentication.AuthenticationException when attempt.Verdict is { Ok: false } verdict =>
                new DowngradeEvent(verdict.ResultType!, true, $"{host}: {verdict.Detail}"),
            SslHandshakeException or System.Security.Authentication.AuthenticationException when request.Level >= TlsLevel.Opportunistic =>
                new DowngradeEvent(DowngradeResultType.ValidationFailure, true, $"the TLS handshake with {host} failed ({Innermost(attempt.Error)})"),
            _ => null,
        };
    }

    private async Task<Attempt> TryConnectAsync(SessionRequest request, SecureSocketOptions socketOptions, CancellationToken cancellation)
    {
        var settings = options.Value;
        var client = new RelaySmtpClient
        {
            Timeout = (int)settings.CommandTimeout.TotalMilliseconds,
            LocalDomain = string.IsNullOrEmpty(settings.HeloName) ? System.Net.Dns.GetHostName() : settings.HeloName,
            SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CheckCertificateRevocation = false,
        };
        CertificateVerdict? verdict = null;
        CertificateVerdict? audit = null;
        var plan = TlsPlan.For(request.Level, request.Certificate.Dane is not null);
        client.ServerCertificateValidationCallback = (_, certificate, chain, _) =>
        {
            if (!plan.ChecksCertificate)
            {
                if (request.StsAudit is { } expectation && certificate is not null)
                {
                    audit = evaluator.Evaluate(ServerCertificate.From(certificate, chain), expectation);
                }

                return true;
            }

            verdict = certificate is null
                ? CertificateVerdict.Fail(DowngradeResultType.ValidationFailure, "the server sent no certificate")
                : evaluator.Evaluate(ServerCertificate.From(certificate, chain), request.Certificate);
            return verdict.Ok || request.Testing;
        };

        // SMTP is request/reply: without TCP_NODELAY the final "." of DATA waits for the peer's delayed ACK (40 ms on Linux).
        var socket = new Socket(request.Endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
            {
                connectTimeout.CancelAfter(settings.ConnectTimeout);
                await socket.ConnectAsync(request.Endpoint, connectTimeout.Token).ConfigureAwait(false);
            }

            // SNI: the TLSA base domain when DANE applies (RFC 7672 8.1: a CNAME'd host is asked for its expanded name).
            await client.ConnectAsync(socket, request.Certificate.Dane?.BaseDomain ?? request.MxHost, request.Endpoint.Port, socketOptions, cancellation).ConfigureAwait(false);
            return new Attempt(client, null, verdict, client.Capabilities.HasFlag(SmtpCapabilities.StartTLS), client.IsSecure, audit);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            var offered = client.Capabilities.HasFlag(SmtpCapabilities.StartTLS);
            var secure = client.IsSecure;
            client.Dispose();
            socket.Dispose();
            return new Attempt(null, e, verdict, offered, secure);
        }
    }

    private static string Protocol(SmtpClient client) => !client.IsSecure ? TlsFacts.Plaintext : client.SslProtocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        var other => other.ToString(),
    };

    private static string Describe(Exception error) => error switch
    {
        OperationCanceledException => "timed out connecting",
        SocketException socket => $"connection failed ({socket.SocketErrorCode})",
        SmtpCommandException command => $"the server answered {(int)command.StatusCode} {command.Message.Trim()}",
        _ => Innermost(error),
    };

    private static string Innermost(Exception error)
    {
        while (error.InnerException is not null)
        {
            error = error.InnerException;
        }

        return error.Message.Trim();
    }

    private sealed record Attempt(RelaySmtpClient? Client, Exception? Error, CertificateVerdict? Verdict, bool StartTlsOffered, bool Secure, CertificateVerdict? AuditVerdict = null);
}
