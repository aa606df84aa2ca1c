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

    public ValueTask DisposeAsync() => CloseAsync(Client);

    /// <summary>QUIT if the server is still there, then release the client; a server that went away first is not an error.</summary>
    public static async ValueTask CloseAsync(RelaySmtpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            if (client.IsConnected)
            {
                using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await client.DisconnectAsync(quit: true, quit.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or MailKit.Net.Smtp.SmtpProtocolException or MailKit.Net.Smtp.SmtpCommandException or ObjectDisposedException)
        {
            // The server went away first; nothing left to close politely.
        }
        finally
        {
            client.Dispose();
        }
    }
}
