using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Queue.Bounces;
using StrictMail.Relay.Telemetry;

namespace StrictMail.Relay.Queue;

/// <summary>
/// One delivery attempt of one queued message (Postfix's qmgr handing a message to smtp and bounce):
/// read and validate the file, deliver to each recipient domain, decide what is done, pending or
/// bounced, queue the bounce, and leave the message finished or deferred in the spool. A failure in
/// one domain becomes a temporary result for that domain's recipients alone: the others keep their
/// results and the message's lifetime still applies.
/// </summary>
internal sealed class MessageAttempt(
    Spool spool,
    SpoolQueue queue,
    IDomainDelivery delivery,
    RelayMetrics metrics,
    IOptions<QueueOptions> options,
    IOptions<DeliveryOptions> deliveryOptions,
    TimeProvider clock,
    ILogger<MessageAttempt> logger)
{
    private static readonly TimeSpan NoPolicyRetry = TimeSpan.FromSeconds(5);

    /// <summary>Runs the attempt on the active file <paramref name="file"/>; returns when to try again, or null when the message is finished (delivered, bounced or corrupt).</summary>
    public async Task<DateTimeOffset?> RunAsync(string id, string file, CancellationToken stoppingToken)
    {
        // Validated by streaming the file; delivery then streams the body from it again: a worker never holds the message.
        if (QueueFileFormat.TryReadFile(file, out var problem) is not { } message)
        {
            spool.Quarantine(id, file, problem!);
            return null;
        }

        var now = clock.GetUtcNow();
        var state = Spool.StateOf(file) ?? DeliveryState.Initial(message, now);
        if (!delivery.PolicyLoaded)
        {
            QueueLog.NoPolicy(logger, id);
            return Defer(id, file, state, now + NoPolicyRetry);
        }

        var results = await Task.WhenAll(state.Pending
            .GroupBy(Domain, StringComparer.OrdinalIgnoreCase)
            .Select(group => DeliverDomainAsync(message, group.Key, [.. group], stoppingToken))).ConfigureAwait(false);

        var decision = AttemptPlanner.Decide(message, state, [.. results.SelectMany(r => r)], clock.GetUtcNow(), options.Value);
        if (decision.Bounces.Count > 0 && !await TryBounceAsync(message, decision.Bounces, stoppingToken).ConfigureAwait(false))
        {
            // The bounce could not be queued: its recipients stay pending and are tried again (and bounced
            // then, if they fail again); what was delivered in this attempt is saved, not sent again.
            decision = decision with { Next = AttemptPlanner.KeepPending(decision, state, clock.GetUtcNow(), options.Value) };
        }

        if (decision.Next is { } next)
        {
            return Defer(id, file, next, next.NextAttempt);
        }

        if (!spool.Finish(id, file))
        {
            // Every recipient is done; only the files could not be removed. Trying again finds nothing pending.
            return Defer(id, file, decision.Next ?? state with { Pending = [] }, clock.GetUtcNow() + options.Value.MinimalBackoff);
        }

        QueueLog.Finished(logger, id);
        return null;
    }

    /// <summary>Saves the state for the next attempt at <paramref name="due"/> (or the minimal backoff when even that fails) and moves the message to deferred.</summary>
    public DateTimeOffset Defer(string id, string file, DeliveryState? state, DateTimeOffset due)
    {
        spool.Defer(id, file, state is null ? null : state with { NextAttempt = due });
        if (state is not null)
        {
            QueueLog.Deferred(logger, id, state.Pending.Count, state.Attempts, due);
        }

        return due;
    }

    private async Task<IEnumerable<RecipientAttempt>> DeliverDomainAsync(QueuedMessage message, string domain, string[] recipients, CancellationToken stoppingToken)
    {
        var (policy, bounceAfter) = delivery.PolicyOf(domain);
        var request = new DeliveryRequest(message.Envelope.Sender, recipients, domain, message.Body, message.Envelope.RequireTls, message.Envelope.TlsReport);
        try
        {
            var outcome = await delivery.DeliverAsync(request, stoppingToken).ConfigureAwait(false);
            return outcome.Recipients.Select(r => new RecipientAttempt(r, outcome.PolicyName, outcome.BounceAfter));
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Whatever broke, it broke for this domain only: its recipients wait for the next attempt
            // (and expire as any deferred recipient does), the other domains' results stand.
            QueueLog.DomainFailed(logger, message.Id, domain, recipients.Length, e);
            var detail = $"the relay failed while delivering to {domain} ({e.GetType().Name}: {e.Message})";
            return recipients.Select(r => new RecipientAttempt(new RecipientResult(r, DeliveryStatus.Deferred, detail, FailureKind.Temporary, DsnStatus.LocalError), policy, bounceAfter));
        }
    }

    private async Task<bool> TryBounceAsync(QueuedMessage message, IReadOnlyList<BouncedRecipient> bounces, CancellationToken cancellation)
    {
        try
        {
            await BounceAsync(message, bounces, cancellation).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            QueueLog.BounceNotQueued(logger, message.Id, bounces.Count, e);
            return false;
        }
    }

    private async Task BounceAsync(QueuedMessage message, IReadOnlyList<BouncedRecipient> bounces, CancellationToken cancellation)
    {
        if (message.Envelope.Sender.Length == 0)
        {
            QueueLog.BounceOfBounceDropped(logger, message.Id, bounces.Count);
            Count(bounces);
            return;
        }

        var host = string.IsNullOrEmpty(deliveryOptions.Value.HeloName) ? System.Net.Dns.GetHostName() : deliveryOptions.Value.HeloName;
        byte[] dsn;
        try
        {
            dsn = BounceBuilder.Build(message, bounces, host, clock.GetUtcNow());
        }
        catch (FormatException e)
        {
            // The sender must hear of the failure even when the original's headers defeat the parser.
            QueueLog.BounceWithoutHeaders(logger, message.Id, e);
            dsn = BounceBuilder.Build(message, bounces, host, clock.GetUtcNow(), quoteHeaders: false);
        }

        var envelope = new Envelope(string.Empty, [message.Envelope.Sender], "127.0.0.1", host, null, false);

        // The bounce is durable before the original lets go of these recipients; a crash in between
        // sends it twice rather than never.
        await using var incoming = await queue.BeginAsync(envelope, cancellation).ConfigureAwait(false);
        await incoming.WriteAsync(dsn, cancellation).ConfigureAwait(false);
        var bounceId = await incoming.CommitAsync(cancellation).ConfigureAwait(false);
        QueueLog.BounceQueued(logger, bounceId, message.Id, message.Envelope.Sender, bounces.Count);
        Count(bounces);
    }

    // Counted once the bounce is queued (or deliberately dropped), so a bounce retried is not counted twice.
    private void Count(IReadOnlyList<BouncedRecipient> bounces)
    {
        foreach (var bounce in bounces)
        {
            metrics.Bounce(bounce.Policy, bounce.Reason);
        }
    }

    private static string Domain(string recipient) => recipient[(recipient.LastIndexOf('@') + 1)..].ToLowerInvariant();
}
