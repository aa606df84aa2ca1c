using System.Buffers;
using System.Diagnostics;
using StrictMail.Relay.Inbound.Abuse;
using StrictMail.Relay.Queue;
using StrictMail.Relay.Telemetry;

namespace StrictMail.Relay.Inbound.Smtp;

/// <summary>
/// DATA: streams the message into the queue in chunks (memory per session stays bounded whatever the message size), keeps
/// reading to the end of data when the message is refused so the session stays in step, and answers 250 only after the
/// queue has committed the message to disk.
/// </summary>
internal sealed class DataExchange(InboundContext context, SmtpTransport transport, SessionState state)
{
    /// <summary>Decoded bytes are handed to the queue in writes of about this size.</summary>
    public const int ChunkSize = 64 * 1024;

    /// <summary>Receives the message for <paramref name="transaction"/>; null when the client closed the connection before the end of data.</summary>
    public async Task<SmtpReply?> RunAsync(MailTransaction transaction, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        using var activity = RelayTracing.Source.StartActivity(RelayTracing.InboundMessage, ActivityKind.Server);
        activity?.SetTag("strictmail.session", state.SessionId);
        activity?.SetTag("strictmail.recipients", transaction.Recipients.Count);
        activity?.SetTag("strictmail.client_tls", state.OverTls);
        activity?.SetTag("strictmail.authenticated", state.User is not null);
        var reply = await ReceiveAsync(transaction, cancellation);
        if (activity is not null)
        {
            activity.SetTag("smtp.reply.code", reply?.Code);
            activity.SetTag("strictmail.outcome", reply is null ? "aborted" : reply.Code == 250 ? "queued" : "refused");
            activity.SetStatus(reply?.Code == 250 ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
        }

        return reply;
    }

    private async Task<SmtpReply?> ReceiveAsync(MailTransaction transaction, CancellationToken cancellation)
    {
        var envelope = new Envelope(
            transaction.Sender, [.. transaction.Recipients], state.Client.ToString(), state.HeloName ?? string.Empty, state.User, state.OverTls, transaction.RequireTls);
        IIncomingMessage? message;
        try
        {
            message = await context.Queue.BeginAsync(envelope, cancellation);
        }
        catch (QueueStorageException e)
        {
            InboundLog.StorageFailed(context.Logger, e, state.SessionId, "begin");
            return SmtpReplies.StorageFailure;
        }

        try
        {
            transport.Reply(SmtpReplies.StartData);
            var decoder = new DataDecoder(context.Options.MaxLineLength, context.Options.MaxMessageSize);
            var pending = new ArrayBufferWriter<byte>(ChunkSize + context.BufferSize * 2);
            var started = Stopwatch.GetTimestamp();
            var allowance = new DataDeadline(context.Options.DataTimeout, context.Options.MinDataRate, context.Options.MaxMessageSize);
            pending.Write(TraceHeader(transaction));
            while (true)
            {
                transport.Consume(decoder.Decode(transport.Buffered, pending));
                if (decoder.Refused && message is not null)
                {
                    await message.DisposeAsync();
                    message = null;
                }

                if (message is not null && (decoder.Finished || pending.WrittenCount >= ChunkSize))
                {
                    message = await WriteAsync(message, pending.WrittenMemory, cancellation);
                }

                if (message is null || pending.WrittenCount >= ChunkSize)
                {
                    pending.ResetWrittenCount();
                }

                if (decoder.Finished)
                {
                    break;
                }

                var deadline = SessionDeadline.At(DeadlineKind.Data, started, allowance.Allowed(decoder.Size));
                if (!await transport.FillAsync(deadline, cancellation))
                {
                    return null;
                }
            }

            return await FinishAsync(decoder, transaction, message, cancellation);
        }
        finally
        {
            if (message is not null)
            {
                await message.DisposeAsync();
            }
        }
    }

    private byte[] TraceHeader(MailTransaction transaction) =>
        ReceivedHeader.Format(
            state.HeloName ?? string.Empty, state.Extended, state.Client, context.Options.HostName, state.OverTls, state.User is not null,
            state.SessionId, transaction.Recipients, context.Time.GetUtcNow());

    // The message, or null when the queue failed (the message is then discarded and the client hears 451 after the end of data).
    private async Task<IIncomingMessage?> WriteAsync(IIncomingMessage message, ReadOnlyMemory<byte> bytes, CancellationToken cancellation)
    {
        try
        {
            await message.WriteAsync(bytes, cancellation);
            return message;
        }
        catch (QueueStorageException e)
        {
            InboundLog.StorageFailed(context.Logger, e, state.SessionId, "write");
            await message.DisposeAsync();
            return null;
        }
    }

    private async Task<SmtpReply> FinishAsync(DataDecoder decoder, MailTransaction transaction, IIncomingMessage? message, CancellationToken cancellation)
    {
        if (decoder.TooBig)
        {
            InboundLog.MessageRefused(context.Logger, state.SessionId, transaction.Sender, "larger than Relay:Inbound:MaxMessageSize");
            return SmtpReplies.MessageTooBig;
        }

        if (decoder.LineTooLong)
        {
            InboundLog.MessageRefused(context.Logger, state.SessionId, transaction.Sender, "a line is longer than Relay:Inbound:MaxLineLength");
            return SmtpReplies.DataLineTooLong(context.Options.MaxLineLength);
        }

        if (message is null)
        {
            return SmtpReplies.StorageFailure;
        }

        string queueId;
        try
        {
            queueId = await message.CommitAsync(cancellation);
        }
        catch (QueueStorageException e)
        {
            InboundLog.StorageFailed(context.Logger, e, state.SessionId, "commit");
            return SmtpReplies.StorageFailure;
        }

        context.Metrics.MessageReceived(state.OverTls);
        Activity.Current?.SetTag("strictmail.queue_id", queueId);
        Activity.Current?.SetTag("strictmail.size", decoder.Size);
        InboundLog.MessageQueued(
            context.Logger, state.SessionId, queueId, transaction.Sender, transaction.Recipients.Count, decoder.Size, state.Client, state.OverTls, state.User);
        state.Messages++;
        state.Errors = 0;
        state.JunkCommands = 0;
        return SmtpReplies.Queued(queueId);
    }
}
