// Trust: every byte read here comes from an SMTP client that is untrusted until it authenticates over TLS or connects from
// ClientNetworks, so each command line, SASL response and message is bounded, the HELO name is only recorded, and plaintext
// pipelined after STARTTLS is discarded.
using System.Net.Security;
using System.Security.Authentication;
using StrictMail.Relay.Inbound.Abuse;

namespace StrictMail.Relay.Inbound.Smtp;

/// <summary>
/// One client connection: reads commands, answers them in order, and ends on QUIT, a closed connection, the idle timeout,
/// a session deadline, too many errors or junk commands, or shutdown. Graceful shutdown answers the next command with 421 4.3.2 but lets a DATA transfer finish.
/// </summary>
internal sealed class SmtpSession(InboundContext context, SmtpTransport transport, SessionState state)
{
    // STARTTLS answers before the handshake; afterwards there is nothing more to say.
    private static readonly SmtpReply AlreadyAnswered = new(0, string.Empty);

    private readonly InboundOptions _options = context.Options;

    /// <summary>
    /// Runs the session. <paramref name="stopping"/> (graceful shutdown) interrupts only the wait for a command;
    /// <paramref name="abort"/> (the host's shutdown timeout) interrupts everything, and no 250 is sent for an unfinished message.
    /// </summary>
    public async Task RunAsync(CancellationToken stopping, CancellationToken abort)
    {
        using var commandWait = CancellationTokenSource.CreateLinkedTokenSource(stopping, abort);
        try
        {
            transport.Reply(SmtpReplies.Greeting(_options.HostName));
            while (await NextCommandAsync(commandWait.Token, abort))
            {
            }

            await transport.FlushAsync(abort);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !abort.IsCancellationRequested)
        {
            await SayGoodbyeAsync(SmtpReplies.ShuttingDown(_options.HostName), abort);
        }
        catch (DeadlineExceededException e)
        {
            InboundLog.DeadlinePassed(context.Logger, state.SessionId, state.Client, e.Message);
            context.Metrics.InboundRefused(e.Kind == DeadlineKind.Data ? "data_timeout" : "command_timeout");
            await SayGoodbyeAsync(e.Kind == DeadlineKind.Data ? SmtpReplies.DataTimeout(_options.HostName) : SmtpReplies.CommandTimeout(_options.HostName), abort);
        }
        catch (TimeoutException)
        {
            InboundLog.IdleTimeout(context.Logger, state.SessionId, state.Client, _options.IdleTimeout);
            context.Metrics.InboundRefused("idle_timeout");
            await SayGoodbyeAsync(SmtpReplies.IdleTimeout(_options.HostName), abort);
        }
        catch (IOException)
        {
            // The client went away; whatever it had not heard 250 for was not accepted.
        }
    }

    private async Task<bool> NextCommandAsync(CancellationToken commandWait, CancellationToken abort)
    {
        commandWait.ThrowIfCancellationRequested();
        var (status, line) = await transport.ReadLineAsync(InboundContext.MaxAuthLine, commandWait);
        if (status == LineStatus.Closed)
        {
            return false;
        }

        var command = SmtpCommandParser.Parse(line);
        if (command.Verb is SmtpVerb.Noop or SmtpVerb.Rset or SmtpVerb.Vrfy or SmtpVerb.Help or SmtpVerb.Ehlo or SmtpVerb.Helo && ++state.JunkCommands > _options.MaxJunkCommands)
        {
            InboundLog.TooManyJunkCommands(context.Logger, state.SessionId, state.Client, state.JunkCommands - 1);
            context.Metrics.InboundRefused("junk_commands");
            transport.Reply(SmtpReplies.TooManyJunkCommands(_options.HostName));
            return false;
        }

        var tooLong = status == LineStatus.TooLong || (line.Length > InboundContext.MaxCommandLine && command.Verb != SmtpVerb.Auth);
        var reply = tooLong ? SmtpReplies.LineTooLong : await ExecuteAsync(command, commandWait, abort);
        if (reply is null)
        {
            return false;
        }

        if (ReferenceEquals(reply, AlreadyAnswered))
        {
            return true;
        }

        transport.Reply(reply);
        if (reply.IsPermanentError && ++state.Errors >= _options.MaxErrors)
        {
            InboundLog.TooManyErrors(context.Logger, state.SessionId, state.Client, state.Errors);
            context.Metrics.InboundRefused("too_many_errors");
            transport.Reply(SmtpReplies.TooManyErrors(_options.HostName));
            return false;
        }

        return command.Verb != SmtpVerb.Quit || tooLong;
    }

    // The reply to one command; null ends the session without one (the client closed the connection, or TLS failed).
    private async Task<SmtpReply?> ExecuteAsync(SmtpCommand command, CancellationToken commandWait, CancellationToken abort) => command.Verb switch
    {
        SmtpVerb.Ehlo => Hello(command.Argument, extended: true),
        SmtpVerb.Helo => Hello(command.Argument, extended: false),
        SmtpVerb.StartTls => await StartTlsAsync(command.Argument, abort),
        SmtpVerb.Auth => await new AuthExchange(context, transport, state).RunAsync(command.Argument, commandWait),
        SmtpVerb.Mail => EnvelopeRules.Mail(state, command.Argument, _options.MaxMessageSize),
        SmtpVerb.Rcpt => Rcpt(command.Argument),
        SmtpVerb.Data => await DataAsync(command.Argument, abort),
        SmtpVerb.Rset => Reset(command.Argument),
        SmtpVerb.Noop => SmtpReplies.Ok,
        SmtpVerb.Vrfy => SmtpReplies.CannotVerify,
        SmtpVerb.Help => SmtpReplies.Help,
        SmtpVerb.Quit => SmtpReplies.Bye,
        _ => SmtpReplies.UnknownCommand,
    };

    // EHLO and HELO start over (RFC 5321 4.1.4): any open transaction is dropped.
    private SmtpReply Hello(string name, bool extended)
    {
        if (name.Length == 0 || name.Contains(' ', StringComparison.Ordinal) || name.Length > 255)
        {
            return SmtpReplies.HeloSyntax;
        }

        state.HeloName = name;
        state.Extended = extended;
        state.Transaction = null;
        return extended ? SmtpReplies.Ehlo(_options.HostName, Extensions()) : SmtpReplies.Helo(_options.HostName);
    }

    private IEnumerable<string> Extensions()
    {
        yield return "PIPELINING";
        yield return FormattableString.Invariant($"SIZE {_options.MaxMessageSize}");
        yield return "8BITMIME";
        yield return "ENHANCEDSTATUSCODES";
        if (context.Certificates.IsConfigured && !state.OverTls)
        {
            yield return "STARTTLS";
        }

        if (state.OverTls)
        {
            yield return "REQUIRETLS";
        }

        if (state.OverTls && context.Users.IsEnabled)
        {
            yield return "AUTH PLAIN LOGIN";
        }
    }

    private SmtpReply Rcpt(string argument)
    {
        var reply = EnvelopeRules.Rcpt(state, argument, context.ClientNetworks, _options.MaxRecipients, out var recipient);
        if (ReferenceEquals(reply, SmtpReplies.RelayDenied))
        {
            InboundLog.RelayDenied(context.Logger, state.SessionId, state.Client, recipient ?? string.Empty);
        }

        return reply;
    }

    private async Task<SmtpReply?> DataAsync(string argument, CancellationToken abort)
    {
        if (argument.Length > 0)
        {
            return SmtpReplies.NoParametersAllowed;
        }

        if (state.Transaction is not { } transaction)
        {
            return state.HeloName is null ? SmtpReplies.NeedHelo : SmtpReplies.NeedMail;
        }

        if (transaction.Recipients.Count == 0)
        {
            return transaction.RecipientCommands > 0 ? SmtpReplies.NoValidRecipients : SmtpReplies.NeedRecipient;
        }

        // Whatever the outcome, the transaction is over (RFC 5321 4.1.1.4).
        state.Transaction = null;
        return await new DataExchange(context, transport, state).RunAsync(transaction, abort);
    }

    private SmtpReply Reset(string argument)
    {
        if (argument.Length > 0)
        {
            return SmtpReplies.NoParametersAllowed;
        }

        state.Transaction = null;
        return SmtpReplies.Ok;
    }

    private async Task<SmtpReply?> StartTlsAsync(string argument, CancellationToken abort)
    {
        if (argument.Length > 0)
        {
            return SmtpReplies.NoParametersAllowed;
        }

        if (state.OverTls)
        {
            return SmtpReplies.TlsAlreadyActive;
        }

        if (!context.Certificates.IsConfigured)
        {
            return SmtpReplies.NotImplemented;
        }

        if (context.Certificates.Current() is not { } certificate)
        {
            return SmtpReplies.TlsTemporarilyUnavailable;
        }

        transport.Reply(SmtpReplies.ReadyToStartTls);
        await transport.FlushAsync(abort);

        // Anything pipelined after STARTTLS was sent in plaintext and could have been injected by a man in the middle.
        if (transport.DiscardBuffered() is var discarded and > 0)
        {
            InboundLog.InjectionDiscarded(context.Logger, state.SessionId, discarded, state.Client);
        }

        try
        {
            await transport.StartTlsAsync(TlsOptions(certificate), abort);
        }
        catch (Exception e) when (e is AuthenticationException or TimeoutException)
        {
            // Nothing can be said any more: the client no longer speaks plaintext and TLS did not start.
            InboundLog.TlsFailed(context.Logger, state.SessionId, state.Client, e.Message);
            if (e is DeadlineExceededException)
            {
                context.Metrics.InboundRefused("tls_handshake_timeout");
            }

            return null;
        }

        state.ForgetAllForTls();
        InboundLog.TlsStarted(context.Logger, state.SessionId, transport.Tls!.SslProtocol, transport.Tls.NegotiatedCipherSuite);
        return AlreadyAnswered;
    }

    private async Task SayGoodbyeAsync(SmtpReply reply, CancellationToken abort)
    {
        try
        {
            transport.Reply(reply);
            await transport.FlushAsync(abort);
        }
        catch (Exception e) when (e is IOException or TimeoutException or OperationCanceledException)
        {
            // Best effort: the connection is being closed anyway.
        }
    }

    private static SslServerAuthenticationOptions TlsOptions(SslStreamCertificateContext certificate) => new()
    {
        ServerCertificateContext = certificate,
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        ClientCertificateRequired = false,
        AllowRenegotiation = false,
    };
}
