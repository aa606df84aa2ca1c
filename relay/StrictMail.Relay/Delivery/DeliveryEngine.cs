using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using MimeKit;
using StrictMail.Policy.Document;
using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery.Routing;
using StrictMail.Relay.Delivery.Smtp;
using StrictMail.Relay.Delivery.Sts;
using StrictMail.Relay.Delivery.Tls;
using StrictMail.Relay.Policy;
using StrictMail.Relay.Reporting;
using StrictMail.Relay.Telemetry;

namespace StrictMail.Relay.Delivery;

/// <summary>
/// Delivers one message to the recipients of one domain under its policy: route (MX or nextHop),
/// then each MX address in preference order until one takes the message, on a reused or new
/// policy-approved session. Counts every delivery and every downgrade attempt.
/// </summary>
internal sealed class DeliveryEngine(
    PolicyStore policies,
    MxResolver resolver,
    DaneHostResolver dane,
    StsDiscovery sts,
    SessionOpener opener,
    ConnectionPool pool,
    DestinationLimiter limiter,
    TrustAnchorStore trustAnchors,
    RelayMetrics metrics,
    TlsReportStore reports,
    TimeProvider clock,
    ILogger<DeliveryEngine> logger) : IDomainDelivery
{
    public bool PolicyLoaded => policies.Current is not null;

    public (string Name, TimeSpan? BounceAfter) PolicyOf(string domain) =>
        policies.Current?.Index.Find(domain).Policy is { } policy ? (policy.Name, BounceAfter(policy)) : ("none", null);

    public Task<DeliveryOutcome> DeliverAsync(DeliveryRequest request, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(request);
        var snapshot = policies.Current ?? throw new InvalidOperationException("No policy document is loaded: check PolicyLoaded before delivering.");
        return DeliverAsync(request, snapshot.Index.Find(request.Domain).Policy, cancellation);
    }

    /// <summary>Delivers under <paramref name="policy"/> rather than the one the current document names for the domain.</summary>
    public async Task<DeliveryOutcome> DeliverAsync(DeliveryRequest request, CompiledPolicy policy, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policy);
        using var activity = RelayTracing.Source.StartActivity(RelayTracing.Delivery, ActivityKind.Internal);
        var started = Stopwatch.GetTimestamp();
        var level = policy.Level;
        activity?.SetTag("strictmail.policy", policy.Name);
        activity?.SetTag("strictmail.level", level.ToString());
        var outcome = await AttemptAsync(request, policy, level, cancellation).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        // "Dane" when the certificate matched the host's signed TLSA records: mail that left DANE-authenticated;
        // "MtaSts" when the recipient's enforced MTA-STS policy raised the level above the TlsPolicy's.
        // (Under a TlsPolicy in mode Testing a raised session may have gone ahead unverified: that one keeps the policy's label.)
        var levelLabel = outcome.Tls?.DaneAuthenticated == true ? TlsFacts.DaneLevel
            : outcome.StsRaised && outcome.Tls?.VerifiedIdentity is not null ? TlsFacts.MtaStsLevel
            : level.ToString();
        foreach (var recipient in outcome.Recipients)
        {
            metrics.Delivery(policy.Name, levelLabel, Outcome(recipient.Status), outcome.Tls?.Protocol ?? TlsFacts.Plaintext);
            DeliveryLog.Result(logger, recipient.Recipient, policy.Name, levelLabel, recipient.Status, outcome.Tls?.Protocol ?? "-", recipient.Detail);
        }

        var overall = Overall(outcome);
        metrics.DeliveryDuration(policy.Name, overall, elapsed);
        if (request.RequireTls)
        {
            metrics.RequireTls(policy.Name, "requiretls", overall);
        }

        if (activity is not null)
        {
            activity.SetTag("strictmail.outcome", overall);
            activity.SetTag("server.address", LogText.Escape(outcome.Tls?.MxHost ?? (outcome.Attempts.Count > 0 ? outcome.Attempts[^1].MxHost : null)));
            activity.SetTag("tls.protocol.version", outcome.Tls?.Protocol ?? TlsFacts.Plaintext);
            activity.SetTag("strictmail.result_type", outcome.Attempts.LastOrDefault(a => a.ResultType is not null)?.ResultType);
            activity.SetTag("strictmail.recipients", outcome.Recipients.Count);
            activity.SetStatus(overall == "delivered" ? ActivityStatusCode.Ok : ActivityStatusCode.Error, overall == "delivered" ? null : overall);
        }

        return outcome with
        {
            PolicyName = policy.Name,
            BounceAfter = BounceAfter(policy),
        };
    }

    private async Task<DeliveryOutcome> AttemptAsync(DeliveryRequest request, CompiledPolicy policy, TlsLevel level, CancellationToken cancellation)
    {
        X509Certificate2Collection? anchors;
        try
        {
            anchors = trustAnchors.For(policy.TrustAnchors);
        }
        catch (TrustAnchorException e)
        {
            return DeliveryOutcome.All(request, DeliveryStatus.Deferred, e.Message, [], FailureKind.Temporary, DsnStatus.SecurityTemporary);
        }

        var route = await resolver.ResolveAsync(request.Domain, policy.NextHop, cancellation).ConfigureAwait(false);
        if (route.Failure is not null)
        {
            return route.Permanent
                ? DeliveryOutcome.All(request, DeliveryStatus.Bounced, route.Failure, [], FailureKind.Unroutable, route.Failure.Contains("null MX", StringComparison.Ordinal) ? DsnStatus.NullMx : DsnStatus.BadDestination)
                : DeliveryOutcome.All(request, DeliveryStatus.Deferred, route.Failure, [], FailureKind.Temporary, DsnStatus.RoutingServerFailure);
        }

        var stsPolicy = await StsPolicyAsync(request.Domain, policy, cancellation).ConfigureAwait(false);

        // Persistent: MimeKit keeps every body part as a range of this stream instead of a copy, so a
        // worker holds the message's structure and headers, never its body; the stream stays open
        // until the last MX attempt is done.
        await using var body = request.Message.OpenRead();
        MimeMessage message;
        try
        {
            message = await MimeMessage.LoadAsync(body, persistent: true, cancellation).ConfigureAwait(false);
        }
        catch (FormatException e)
        {
            return DeliveryOutcome.All(request, DeliveryStatus.Bounced, $"the message cannot be parsed: {e.Message}", [], FailureKind.Malformed, DsnStatus.MessageFormat);
        }

        using var parsed = message;

        // RFC 8689 5: the sender's "TLS-Required: No" (honoured only where the policy says so, and never over REQUIRETLS).
        var tlsRequiredNo = string.Equals(message.Headers[RequireTlsDecision.TlsRequiredHeader]?.Trim(), "No", StringComparison.OrdinalIgnoreCase);
        if (tlsRequiredNo)
        {
            metrics.RequireTls(policy.Name, "tls_required_no", policy.HonorTlsRequiredNo && !request.RequireTls ? "honored" : "ignored");
        }
        using var slot = await limiter.AcquireAsync(policy.NextHop ?? request.Domain, cancellation).ConfigureAwait(false);
        var attempts = new List<HopAttempt>();
        var refusedByPolicy = false;
        var refusedUnderSts = false;

        // True while every refusal so far was a DNS or local problem (a failed lookup, no validating resolver).
        var temporaryOnly = true;
        foreach (var target in route.Targets)
        {
            if (target.Addresses.Count == 0)
            {
                attempts.Add(new HopAttempt(target.HostName, string.Empty, target.Problem ?? "no address", null));
                continue;
            }

            var plan = StsDecision.Apply(await DanePlanAsync(policy, level, target, cancellation).ConfigureAwait(false), policy, stsPolicy, target.HostName);
            plan = RequireTlsDecision.Apply(plan, policy, request.RequireTls, tlsRequiredNo);
            LogSts(plan, policy, target.HostName);
            var reportPolicy = TlsReportPolicies.For(plan, stsPolicy);
            if (plan.RefusalType is { } refusal)
            {
                Downgrade(policy, new DowngradeEvent(refusal, plan.Blocked, plan.Detail), target.HostName);
                Report(request, new TlsSessionOutcome(request.Domain, reportPolicy, target.HostName, null, refusal));
                if (plan.Blocked)
                {
                    attempts.Add(new HopAttempt(target.HostName, string.Empty, plan.Detail, refusal));
                    refusedByPolicy = true;
                    refusedUnderSts |= plan.Sts is { Enforced: true };
                    temporaryOnly &= plan.Temporary;
                    continue;
                }
            }

            foreach (var address in target.Addresses)
            {
                var session = new SessionRequest(target.HostName, new System.Net.IPEndPoint(address, target.Port), request.Domain, policy, plan.Level, anchors, plan.Dane, plan.Sts, request.RequireTls);
                var (results, tls, failure) = await TryHostAsync(session, reportPolicy, request, message, cancellation).ConfigureAwait(false);
                if (results is not null)
                {
                    return new DeliveryOutcome(results, tls, attempts) { StsRaised = StsDecision.Raised(plan, policy) };
                }

                attempts.Add(failure!);
                refusedByPolicy |= failure!.ResultType is not null;
                refusedUnderSts |= failure.ResultType is not null && plan.Sts is { Enforced: true };
            }
        }

        var summary = attempts.Count == 0 ? "no MX host to try" : string.Join("; ", attempts);
        if (request.RequireTls && RequireTlsBounce(request, policy, summary, attempts, refusedByPolicy) is { } bounce)
        {
            return bounce;
        }

        // A failed DNSSEC lookup or a missing validating resolver is not a verdict on the partner: retry, whatever onFailure says.
        if (refusedByPolicy && temporaryOnly && attempts.Where(a => a.ResultType is not null).All(a => a.ResultType is DowngradeResultType.DnssecInvalid or DowngradeResultType.DaneRequired))
        {
            return DeliveryOutcome.All(request, DeliveryStatus.Deferred, $"TLS policy {policy.Name} could not check DANE: {summary}", attempts, FailureKind.Temporary, DsnStatus.SecurityTemporary);
        }

        return refusedByPolicy
            ? PolicyFailure(request, policy, refusedUnderSts ? $"{StsUnmet}: {summary}" : summary, attempts)
            : DeliveryOutcome.All(request, DeliveryStatus.Deferred, summary, attempts, FailureKind.Temporary, DsnStatus.NoAnswerFromHost);
    }

    /// <summary>The words a DSN carries when an enforced MTA-STS policy refused every MX.</summary>
    public const string StsUnmet = "the recipient's published MTA-STS policy could not be met";

    // The recipient's MTA-STS policy in force, or null; a failed fetch is counted as it happens, with its RFC 8460 type.
    private async Task<StsCachedPolicy?> StsPolicyAsync(string domain, CompiledPolicy policy, CancellationToken cancellation)
    {
        if (!StsDecision.Applies(policy))
        {
            return null;
        }

        var lookup = await sts.PolicyForAsync(domain, cancellation).ConfigureAwait(false);
        if (lookup.ResultType is { } failure && lookup.FirstToMeetFailure)
        {
            Downgrade(policy, new DowngradeEvent(failure, false, lookup.Detail), "mta-sts." + domain);
            // A policy fetch is about the domain, not the report's own session: recorded even when a report met it first.
            reports.Record(new TlsSessionOutcome(domain, lookup.Policy is { } cached ? TlsReportPolicies.ForSts(cached) : new TlsReportPolicy(TlsReportPolicy.Sts, []), null, null, failure), clock.GetUtcNow());
        }

        Activity.Current?.SetTag("strictmail.mta_sts.policy_id", lookup.Policy?.Id);
        Activity.Current?.SetTag("strictmail.mta_sts.mode", lookup.Policy?.Policy.Mode.ToString());
        return lookup.Policy;
    }

    private void LogSts(HostPlan plan, CompiledPolicy policy, string host)
    {
        if (plan.Sts is not { } rule)
        {
            return;
        }

        DeliveryLog.Sts(logger, host, policy.Name, rule.PolicyId, rule.Mode.ToString(), rule.Pattern ?? "none", plan.Detail);
        Activity.Current?.AddEvent(new ActivityEvent("strictmail.mta_sts", tags: new ActivityTagsCollection
        {
            ["server.address"] = LogText.Escape(host),
            ["strictmail.mta_sts.policy_id"] = LogText.Escape(rule.PolicyId),
            ["strictmail.mta_sts.mode"] = rule.Mode.ToString(),
            ["strictmail.mta_sts.pattern"] = LogText.Escape(rule.Pattern),
        }));
    }

    private async Task<HostPlan> DanePlanAsync(CompiledPolicy policy, TlsLevel level, MxTarget target, CancellationToken cancellation)
    {
        if (!policy.DiscoverDane && level != TlsLevel.DaneOnly)
        {
            return DaneDecision.For(policy, level, DaneHost.NotApplicable("DANE discovery is off for this policy"));
        }

        var host = await dane.ForAsync(target, cancellation).ConfigureAwait(false);
        var plan = DaneDecision.For(policy, level, host);
        if (host.State != DaneHostState.NotApplicable || level == TlsLevel.DaneOnly)
        {
            DeliveryLog.Dane(logger, target.HostName, policy.Name, plan.RefusalType ?? (plan.Dane is null ? "no-authentication" : "tlsa"), plan.Detail);
        }

        Activity.Current?.AddEvent(new ActivityEvent("strictmail.dane", tags: new ActivityTagsCollection
        {
            ["server.address"] = LogText.Escape(target.HostName),
            ["strictmail.dane.state"] = host.State.ToString(),
            ["strictmail.dane.detail"] = LogText.Escape(plan.Detail),
        }));
        return plan;
    }

    private async Task<(IReadOnlyList<RecipientResult>? Results, TlsFacts? Tls, HopAttempt? Failure)> TryHostAsync(
        SessionRequest session, TlsReportPolicy reportPolicy, DeliveryRequest request, MimeMessage message, CancellationToken cancellation)
    {
        using var activity = RelayTracing.Source.StartActivity(RelayTracing.DeliveryAttempt, ActivityKind.Client);
        activity?.SetTag("server.address", LogText.Escape(session.MxHost));
        activity?.SetTag("network.peer.address", session.Endpoint.Address.ToString());
        activity?.SetTag("server.port", session.Endpoint.Port);
        activity?.SetTag("strictmail.policy", session.Policy.Name);
        activity?.SetTag("strictmail.level", session.Level.ToString());
        if (session.Sts is { } rule)
        {
            activity?.SetTag("strictmail.mta_sts.policy_id", LogText.Escape(rule.PolicyId));
            activity?.SetTag("strictmail.mta_sts.pattern", LogText.Escape(rule.Pattern));
        }

        var result = await TryHostCoreAsync(session, reportPolicy, request, message, cancellation).ConfigureAwait(false);
        if (activity is not null)
        {
            activity.SetTag("tls.protocol.version", result.Tls?.Protocol ?? TlsFacts.Plaintext);
            activity.SetTag("strictmail.result_type", result.Failure?.ResultType);
            activity.SetTag("strictmail.outcome", result.Results is null ? "failed" : "sent");
            activity.SetStatus(result.Results is null ? ActivityStatusCode.Error : ActivityStatusCode.Ok, LogText.Escape(result.Failure?.Reason));
        }

        return result;
    }

    private async Task<(IReadOnlyList<RecipientResult>? Results, TlsFacts? Tls, HopAttempt? Failure)> TryHostCoreAsync(
        SessionRequest session, TlsReportPolicy reportPolicy, DeliveryRequest request, MimeMessage message, CancellationToken cancellation)
    {
        // A pooled session passed the very decision this message needs (the key holds its static inputs, the
        // opener re-checks the continuity history); if it died or no longer stands, open a new one.
        var reused = await pool.TakeAsync(session.Key).ConfigureAwait(false);
        if (reused is not null && !opener.StillApproved(reused, session))
        {
            await reused.DisposeAsync().ConfigureAwait(false);
        }
        else if (reused is not null && !OffersRequireTls(reused, session))
        {
            await pool.ReturnAsync(reused).ConfigureAwait(false);
            return (null, null, RequireTlsNotOffered(session));
        }
        else if (reused is not null)
        {
            var reusedResults = await MessageSender.SendAsync(reused, request, message, cancellation).ConfigureAwait(false);
            if (reusedResults is not null)
            {
                await pool.ReturnAsync(reused).ConfigureAwait(false);
                return (reusedResults, reused.Tls, null);
            }

            await reused.DisposeAsync().ConfigureAwait(false);
        }

        var opened = await opener.OpenAsync(session, cancellation).ConfigureAwait(false);
        foreach (var downgrade in opened.Downgrades)
        {
            Downgrade(session.Policy, downgrade, session.MxHost);
        }

        ReportNewSession(session, reportPolicy, request, opened);

        if (opened.Connection is not { } connection)
        {
            return (null, null, new HopAttempt(session.MxHost, session.Endpoint.ToString(), opened.Failure!, opened.ResultType));
        }

        if (!OffersRequireTls(connection, session))
        {
            // The session is good for other mail; this message goes nowhere without REQUIRETLS (RFC 8689 4.2.1).
            await pool.ReturnAsync(connection).ConfigureAwait(false);
            return (null, null, RequireTlsNotOffered(session));
        }

        var results = await MessageSender.SendAsync(connection, request, message, cancellation).ConfigureAwait(false);
        if (results is null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return (null, null, new HopAttempt(session.MxHost, session.Endpoint.ToString(), "the session broke during the transaction", null));
        }

        await pool.ReturnAsync(connection).ConfigureAwait(false);
        return (results, connection.Tls, null);
    }

    // RFC 8460: one result per new session: a clean TLS session succeeds; one that fell short (blocked, or let through
    // by Opportunistic or Testing) fails with the first shortfall; one that never got as far as TLS is not a result.
    private void ReportNewSession(SessionRequest session, TlsReportPolicy reportPolicy, DeliveryRequest request, SessionResult opened)
    {
        var address = session.Endpoint.Address.ToString();
        var shortfall = opened.Downgrades.Count > 0 ? opened.Downgrades[0].ResultType
            : opened.Connection is { Client.IsSecure: false } && session.Level > TlsLevel.None ? DowngradeResultType.StarttlsNotSupported
            : opened.ResultType;
        if (shortfall is not null || opened.Connection is { Client.IsSecure: true })
        {
            Report(request, new TlsSessionOutcome(request.Domain, reportPolicy, session.MxHost, address, shortfall));
        }
    }

    // A report's own sessions are not reported: a receiver whose TLS is broken would otherwise get a report about its report.
    private void Report(DeliveryRequest request, TlsSessionOutcome outcome)
    {
        if (!request.TlsReport)
        {
            reports.Record(outcome, clock.GetUtcNow());
        }
    }

    private static bool OffersRequireTls(SmtpConnection connection, SessionRequest session) =>
        !session.RequireTls || (connection.Client.IsSecure && connection.Client.Capabilities.HasFlag(MailKit.Net.Smtp.SmtpCapabilities.RequireTLS));

    private static HopAttempt RequireTlsNotOffered(SessionRequest session) =>
        new(session.MxHost, session.Endpoint.ToString(), "the next hop does not offer REQUIRETLS, which the message asks for", null, RequireTlsNotOffered: true);

    // RFC 8689 4.2.1: a REQUIRETLS message that no next hop could take as asked is returned, whatever onFailure says.
    private static DeliveryOutcome? RequireTlsBounce(DeliveryRequest request, CompiledPolicy policy, string summary, IReadOnlyList<HopAttempt> attempts, bool refusedByPolicy)
    {
        if (attempts.Any(a => a.RequireTlsNotOffered))
        {
            return DeliveryOutcome.All(request, DeliveryStatus.Bounced, $"REQUIRETLS support required: no next hop offers REQUIRETLS ({summary})", attempts, FailureKind.Policy, DsnStatus.RequireTlsNotOffered);
        }

        return refusedByPolicy
            ? DeliveryOutcome.All(request, DeliveryStatus.Bounced, $"REQUIRETLS: no next hop could be reached over verified TLS under TLS policy {policy.Name} ({summary})", attempts, FailureKind.Policy, DsnStatus.TlsRequired)
            : null;
    }

    private static TimeSpan? BounceAfter(CompiledPolicy policy) => policy.BounceAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    private static DeliveryOutcome PolicyFailure(DeliveryRequest request, CompiledPolicy policy, string detail, IReadOnlyList<HopAttempt> attempts)
    {
        var bounce = policy.OnFailureAction == FailureAction.Bounce;
        return DeliveryOutcome.All(
            request, bounce ? DeliveryStatus.Bounced : DeliveryStatus.Deferred, $"TLS policy {policy.Name} refused delivery: {detail}", attempts, FailureKind.Policy, bounce ? DsnStatus.TlsRequired : DsnStatus.TlsRequiredTemporary);
    }

    private void Downgrade(CompiledPolicy policy, DowngradeEvent downgrade, string where)
    {
        metrics.DowngradeAttempt(policy.Name, downgrade.ResultType, downgrade.Blocked);
        DeliveryLog.Downgrade(logger, downgrade.ResultType, downgrade.Blocked ? "blocked" : "allowed", policy.Name, where, downgrade.Detail);
    }

    // The worst recipient result: what the delivery as a whole came to.
    private static string Overall(DeliveryOutcome outcome) =>
        outcome.Recipients.Any(r => r.Status == DeliveryStatus.Bounced) ? "bounced"
        : outcome.Recipients.Any(r => r.Status == DeliveryStatus.Deferred) ? "deferred"
        : "delivered";

    private static string Outcome(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Delivered => "delivered",
        DeliveryStatus.Deferred => "deferred",
        _ => "bounced",
    };
}
