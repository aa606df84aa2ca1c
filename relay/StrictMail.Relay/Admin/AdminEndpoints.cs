// Trust: the admin port is unauthenticated; it serves only read-only facts (health, the applied
// policy revision, metrics) and must not be exposed outside the cluster.
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using StrictMail.Relay.Policy;

namespace StrictMail.Relay.Admin;

/// <summary>The admin HTTP endpoints: /healthz, /readyz, /policy and /metrics.</summary>
internal static class AdminEndpoints
{
    /// <summary>Maps the admin endpoints; nothing here changes state.</summary>
    public static IEndpointRouteBuilder MapRelayAdmin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        endpoints.MapGet("/readyz", (PolicyStore store, IOptions<PolicyFileOptions> options) => Ready(store.State, options.Value.File));
        endpoints.MapGet("/policy", (PolicyStore store, IOptions<PolicyFileOptions> options) => Policy(store.State, options.Value.File));
        endpoints.MapPrometheusScrapingEndpoint();
        return endpoints;
    }

    private static IResult Ready(PolicyState state, string policyFile)
    {
        var problem = Readiness.Problem(state, policyFile);
        return problem is null
            ? Results.Text("ready")
            : Results.Text("not ready: " + problem, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static IResult Policy(PolicyState state, string policyFile)
    {
        var answer = PolicyStatusAnswers.From(state, policyFile);
        var status = answer.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        return Results.Json(answer, AdminJsonContext.Default.PolicyStatusAnswer, statusCode: status);
    }
}
