namespace StrictMail.Relay.Delivery.Smtp;

/// <summary>An open, policy-approved SMTP session that can carry more messages.</summary>
internal sealed class SmtpConnection(RelaySmtpClient client, SessionKey key, TlsFacts tls, TimeProvider clock) : IAsyncDisposable
{
    public RelaySmtpClient Client { get; } = client;

    public SessionKey Key { get; } = key;

    /// <summary>The TLS facts established when the session was opened and approved.</summary>
    public TlsFacts Tls { get; } = tls;

    /// <summary>Messages sent on this connection so far.</summary>
    public int Messages { get; set; }

    /// <summary>When it was last used.</summary>
    public DateTimeOffset LastUsed { get; set; } = clock.GetUtcNow();

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Client.IsConnected)
            {
                using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await Client.DisconnectAsync(quit: true, quit.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or MailKit.Net.Smtp.SmtpProtocolException or MailKit.Net.Smtp.SmtpCommandException or ObjectDisposedException)
        {
            // The server went away first; nothing left to close politely.
        }
        finally
        {
            Client.Dispose();
        }
    }
}
