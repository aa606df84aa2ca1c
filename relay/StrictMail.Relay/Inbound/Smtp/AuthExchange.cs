using StrictMail.Relay.Inbound.Auth;

namespace StrictMail.Relay.Inbound.Smtp;

/// <summary>
/// AUTH PLAIN and AUTH LOGIN (RFC 4954, RFC 4616), offered only over TLS and only with a users file. Passwords stay in byte
/// arrays that are wiped after use, and nothing of the exchange is logged but the user name of a success.
/// </summary>
internal sealed class AuthExchange(InboundContext context, SmtpTransport transport, SessionState state)
{
    /// <summary>Runs the exchange for "AUTH <paramref name="argument"/>"; null when the client closed the connection mid-way.</summary>
    public async Task<SmtpReply?> RunAsync(string argument, CancellationToken cancellation)
    {
        if (Refusal() is { } refusal)
        {
            return refusal;
        }

        var parts = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > 2)
        {
            return SmtpReplies.AuthSyntax;
        }

        var mechanism = parts[0].ToUpperInvariant();
        var initial = parts.Length == 2 ? parts[1] : null;
        var (reply, credentials) = mechanism switch
        {
            "PLAIN" => await PlainAsync(initial, cancellation),
            "LOGIN" => await LoginAsync(initial, cancellation),
            _ => (SmtpReplies.UnknownMechanism, null),
        };
        if (credentials is null)
        {
            return reply;
        }

        using (credentials)
        {
            return await CheckAsync(mechanism, credentials, cancellation);
        }
    }

    // Known and unknown users take the same path: the same gate, the same hashing cost, the same delay before the 535.
    private async Task<SmtpReply> CheckAsync(string mechanism, SaslCredentials credentials, CancellationToken cancellation)
    {
        var verified = await context.Auth.CheckAsync(() => context.Users.Verify(credentials.User, credentials.Password), cancellation);
        if (verified is null)
        {
            InboundLog.AuthBusy(context.Logger, state.SessionId, state.Client);
            context.Metrics.InboundRefused("auth_busy");
            return SmtpReplies.AuthBusy;
        }

        if (verified is false)
        {
            var (failures, delay) = context.Auth.Failed(state.Client);
            InboundLog.AuthFailed(context.Logger, state.SessionId, mechanism, state.Client, failures, delay);
            context.Metrics.InboundRefused("auth_failed");
            await Task.Delay(delay, context.Time, cancellation);
            return SmtpReplies.AuthInvalid;
        }

        state.User = credentials.User;
        InboundLog.AuthSucceeded(context.Logger, state.SessionId, credentials.User, mechanism);
        return SmtpReplies.AuthSucceeded;
    }

    private SmtpReply? Refusal() =>
        !context.Users.IsEnabled ? SmtpReplies.AuthNotEnabled
        : !state.OverTls ? SmtpReplies.EncryptionRequired
        : state.HeloName is null || !state.Extended ? SmtpReplies.NeedHelo
        : state.User is not null ? SmtpReplies.AlreadyAuthenticated
        : state.Transaction is not null ? SmtpReplies.AuthInTransaction
        : null;

    private async Task<(SmtpReply? Reply, SaslCredentials? Credentials)> PlainAsync(string? initial, CancellationToken cancellation)
    {
        var (reply, message) = await ResponseAsync(initial, SmtpReplies.EmptyChallenge, cancellation);
        if (message is null)
        {
            return (reply, null);
        }

        var credentials = SaslDecoder.DecodePlain(message);
        SaslDecoder.Wipe(message);
        return credentials is null ? (SmtpReplies.AuthInvalid, null) : (null, credentials);
    }

    private async Task<(SmtpReply? Reply, SaslCredentials? Credentials)> LoginAsync(string? initial, CancellationToken cancellation)
    {
        var (reply, userBytes) = await ResponseAsync(initial, SmtpReplies.LoginUserChallenge, cancellation);
        if (userBytes is null)
        {
            return (reply, null);
        }

        var user = SaslDecoder.DecodeLoginUser(userBytes);
        var (passwordReply, password) = await ResponseAsync(null, SmtpReplies.LoginPasswordChallenge, cancellation);
        if (password is null)
        {
            return (passwordReply, null);
        }

        if (string.IsNullOrEmpty(user))
        {
            SaslDecoder.Wipe(password);
            return (SmtpReplies.AuthInvalid, null);
        }

        return (null, new SaslCredentials(user, password));
    }

    // The decoded response: the initial one, or the client's answer to the challenge. The reply is null when the connection closed.
    private async Task<(SmtpReply? Reply, byte[]? Response)> ResponseAsync(string? initial, SmtpReply challenge, CancellationToken cancellation)
    {
        var text = initial;
        if (text is null)
        {
            transport.Reply(challenge);
            var (status, line) = await transport.ReadLineAsync(InboundContext.MaxAuthLine, cancellation);
            if (status == LineStatus.Closed)
            {
                return (null, null);
            }

            if (status == LineStatus.TooLong)
            {
                return (SmtpReplies.LineTooLong, null);
            }

            text = line;
        }

        if (text == "*")
        {
            return (SmtpReplies.AuthAborted, null);
        }

        var response = SaslDecoder.DecodeBase64(text);
        return response is null ? (SmtpReplies.AuthUndecodable, null) : (SmtpReplies.Ok, response);
    }
}
