// Trust: the admin port is unauthenticated for read-only facts (health, the applied policy revision, the MTA-STS cache,
// metrics) and must not be exposed outside the cluster; the TLS reporting endpoints trust only a caller with the bearer token.
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using StrictMail.Relay.Delivery.Routing;
using StrictMail.Relay.Delivery.Sts;
using StrictMail.Relay.Policy;
using StrictMail.Relay.ReportSending;

namespace StrictMail.Relay.Admin;

/// <summary>The admin HTTP endpoints: /healthz, /readyz, /policy, /mta-sts, /metrics and (token-guarded) /tlsrpt/.</summary>
internal static class AdminEndpoints
{
    /// <summary>Maps the admin endpoints; only the token-guarded POST /tlsrpt/reports changes state.</summary>
    public static IEndpointRouteBuilder MapRelayAdmin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        endpoints.MapGet("/readyz", (HttpContext context, PolicyStore store, IOptions<PolicyFileOptions> options) =>
            Ready(store.State, options.Value.File, context.RequestServices.GetService<DnssecHealth>()?.Verdict, context.RequestServices.GetService<IOptions<ReportSendingOptions>>()?.Value));
        endpoints.MapGet("/policy", (PolicyStore store, IOptions<PolicyFileOptions> options) => Policy(store.State, options.Value.File));
        endpoints.MapGet("/mta-sts", (HttpContext context) => MtaSts(context.RequestServices.GetService<StsDiscovery>()));
        endpoints.MapTlsReportEndpoints();
        endpoints.MapPrometheusScrapingEndpoint();
        return endpoints;
    }

    private static IResult Ready(PolicyState state, string policyFile, DnssecVerdict? dnssec, ReportSendingOptions? reporting)
    {
        // DNSSEC is detail, not readiness: a resolver that stops validating must not take every relay out of service
        // (mail would pile up in the applications); it is logged as an error, alerted on, and said here.
        var detail = (dnssec is null ? string.Empty : "\n" + Readiness.DnssecLine(dnssec))
            + (reporting is null ? string.Empty : "\n" + Readiness.ReportingLine(reporting));
        var problem = Readiness.Problem(state, policyFile);
        return problem is null
            ? Results.Text("ready" + detail)
            : Results.Text("not ready: " + problem + detail, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    // The cached MTA-STS policies and the last fetch failures, by domain; an empty list where delivery is not wired.
    private static IResult MtaSts(StsDiscovery? discovery)
    {
        IReadOnlyList<MtaStsEntry> entries = discovery is null ? [] : discovery.Domains().Select(MtaStsEntry.From).ToArray();
        return Results.Json(entries, AdminJsonContext.Default.IReadOnlyListMtaStsEntry);
    }

    private static IResult Policy(PolicyState state, string policyFile)
    {
        var answer = PolicyStatusAnswers.From(state, policyFile);
        var status = answer.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        return Results.Json(answer, AdminJsonContext.Default.PolicyStatusAnswer, statusCode: status);
    }
}
