using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StrictMail.Policy.Reporting;
using StrictMail.Relay.Reporting;
using StrictMail.Relay.ReportSending;

namespace StrictMail.Relay.Admin;

/// <summary>
/// The TLS reporting endpoints, behind the bearer token of Relay:Reporting:AdminTokenFile: GET /tlsrpt/results/{day} (this
/// relay's results of a UTC day, for the operator to merge) and POST /tlsrpt/reports (merged reports for this relay to send;
/// on the volume before it answers).
/// </summary>
internal static partial class TlsReportEndpoints
{
    /// <summary>The largest hand-over accepted.</summary>
    public const long MaxHandoffBytes = 64L * 1024 * 1024;

    public static IEndpointRouteBuilder MapTlsReportEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/tlsrpt/results/{day}", (string day, HttpContext context, AdminToken token, TlsReportStore store) =>
        {
            if (Refused(context, token) is { } refused)
            {
                return refused;
            }

            return DateOnly.TryParseExact(day, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
                ? Results.Json(new TlsResultsAnswer(date, store.Day(date)), AdminJsonContext.Default.TlsResultsAnswer)
                : Results.Text($"'{day}' is not a day (yyyy-MM-dd)", statusCode: StatusCodes.Status400BadRequest);
        });
        endpoints.MapPost("/tlsrpt/reports", HandOverAsync);
        return endpoints;
    }

    private static async Task<IResult> HandOverAsync(HttpContext context, AdminToken token, TlsReportOutbox outbox, IOptions<ReportSendingOptions> options, TimeProvider clock, ILogger<TlsReportOutbox> logger)
    {
        if (Refused(context, token) is { } refused)
        {
            return refused;
        }

        // Registered exactly when Relay:Reporting:DkimKeyFile is set.
        var sender = context.RequestServices.GetService<TlsReportSender>();
        if (sender is null)
        {
            return Results.Text("this relay does not send TLS reports: Relay:Reporting:DkimKeyFile is not set", statusCode: StatusCodes.Status409Conflict);
        }

        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxHandoffBytes;
        }

        if (context.Request.ContentLength > MaxHandoffBytes)
        {
            return Results.Text($"a hand-over is at most {MaxHandoffBytes} bytes", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        TlsReportHandoff? handoff;
        try
        {
            handoff = await JsonSerializer.DeserializeAsync(context.Request.Body, AdminJsonContext.Default.TlsReportHandoff, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return Results.Text($"the body is not a TLS report hand-over: {e.Message}", statusCode: StatusCodes.Status400BadRequest);
        }

        var reports = handoff?.Reports;
        var problem = reports is null ? "no reports" : reports.Select(Problem).FirstOrDefault(p => p is not null);
        if (reports is null || problem is not null)
        {
            return Results.Text($"the hand-over is not valid: {problem}", statusCode: StatusCodes.Status400BadRequest);
        }

        var window = options.Value.SendWindow;
        var now = clock.GetUtcNow();
        try
        {
            var (accepted, known) = outbox.Accept(reports, now, () => ReportSchedule.FirstDue(now, window, Random.Shared.NextDouble()));
            ReportSendingLog.HandedOver(logger, accepted, known);
            sender.Wake();
            return Results.Json(new TlsHandoffAnswer(accepted, known), AdminJsonContext.Default.TlsHandoffAnswer);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Results.Text($"the outbox cannot be written: {e.Message}", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    // What goes into signed mail is checked, not only parsed: a domain name, the report id the operator makes for that day
    // and domain, entries without holes; the token alone must not let anyone word mail that carries our signature.
    private static string? Problem(DailyTlsReport? report) => report switch
    {
        null => "a report is null",
        { Domain: not { Length: > 0 and <= 253 } } => "a report's domain is empty or too long",
        _ when !DomainName().IsMatch(report.Domain) => $"'{report.Domain}' is not a domain name",
        { ReportId: not { Length: > 0 and <= 320 } } => "a report id is empty or too long",
        _ when !report.ReportId.StartsWith($"{report.Day:yyyy-MM-dd}_{report.Domain}@", StringComparison.Ordinal) || !DomainName().IsMatch(report.ReportId[(report.ReportId.IndexOf('@', StringComparison.Ordinal) + 1)..]) =>
            $"report id '{report.ReportId}' is not day_domain@submitter for {report.Day:yyyy-MM-dd} and {report.Domain}",
        { Entries: null } => $"report {report.ReportId} has no entries",
        _ when report.Entries.Any(e => e is null || e.Failures is null || e.MxHosts is null || e.PolicyStrings is null || e.Failures.Any(f => f is null || f.ResultType is null)) => $"report {report.ReportId} has an incomplete entry",
        _ => null,
    };

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")]
    private static partial System.Text.RegularExpressions.Regex DomainName();

    private static IResult? Refused(HttpContext context, AdminToken token)
    {
        var problem = token.Check(context.Request.Headers.Authorization.ToString());
        return problem is null ? null
            : token.Configured ? Results.Text(problem, statusCode: StatusCodes.Status401Unauthorized)
            : Results.Text(problem, statusCode: StatusCodes.Status404NotFound);
    }
}
