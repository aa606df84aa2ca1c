using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;
using StrictMail.Relay.Queue;
using StrictMail.Relay.Reporting;

namespace StrictMail.Relay.ReportSending;

/// <summary>
/// Sends a report to a mailto: destination through the relay's own queue: built as RFC 8460 5.3 mail, DKIM-signed, and
/// queued with the TlsReport envelope flag (its own sessions are not reported). The queue then delivers it under the
/// recipient domain's TlsPolicy like any mail, retries it and bounces it to the report sender.
/// </summary>
internal sealed class TlsReportMailer(IMessageQueue queue, IOptions<ReportSendingOptions> options, DkimSigner signer)
{
    private static readonly FormatOptions Wire = new() { NewLineFormat = NewLineFormat.Dos };

    /// <summary>Queues the report for <paramref name="mailbox"/>; returns the queue id. Throws <see cref="QueueStorageException"/> when the spool cannot be written.</summary>
    public async Task<string> QueueAsync(TlsReportDocument report, string mailbox, CancellationToken cancellation)
    {
        var settings = options.Value;
        var message = TlsReportMail.Build(report, new MailboxAddress(settings.OrganizationName, settings.Sender), new MailboxAddress(string.Empty, mailbox), settings.DkimDomain, signer);
        using var bytes = new MemoryStream();
        await message.WriteToAsync(Wire, bytes, cancellation).ConfigureAwait(false);
        var envelope = new Envelope(settings.Sender, [mailbox], "127.0.0.1", "tlsrpt", null, ReceivedOverTls: false, RequireTls: false, TlsReport: true);
        await using var incoming = await queue.BeginAsync(envelope, cancellation).ConfigureAwait(false);
        await incoming.WriteAsync(bytes.GetBuffer().AsMemory(0, (int)bytes.Length), cancellation).ConfigureAwait(false);
        return await incoming.CommitAsync(cancellation).ConfigureAwait(false);
    }
}
