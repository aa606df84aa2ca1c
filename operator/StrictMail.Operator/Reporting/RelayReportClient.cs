// Trust: relays are inside the cluster; what one answers is a claim about its own sessions only, bounded in size, parsed
// strictly and merged as counts. The bearer token goes only to relay pod addresses (or local mode's given URL), never
// through a redirect or a proxy.
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using StrictMail.Operator.Controller;
using StrictMail.Policy.Reporting;

namespace StrictMail.Operator.Reporting;

/// <summary>Talks to a relay's TLS reporting endpoints: GET /tlsrpt/results/{day} and POST /tlsrpt/reports, with the bearer token read from its file on each call.</summary>
internal sealed class RelayReportClient : IDisposable
{
    /// <summary>The largest results answer read: a relay records at most 10,000 domain and policy pairs a day.</summary>
    public const int MaxAnswerBytes = 64 * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly TlsReportingOptions _options;

    public RelayReportClient(TlsReportingOptions options)
    {
        _options = options;
        _http = new HttpClient(RelayRevisionReader.CreateHandler(), disposeHandler: true) { MaxResponseContentBufferSize = MaxAnswerBytes, Timeout = options.RelayTimeout };
    }

    /// <summary>The relay's results of <paramref name="day"/>, or null and why not.</summary>
    public async Task<(TlsResultsAnswer? Answer, string? Problem)> ResultsAsync(Uri relay, DateOnly day, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(relay);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(relay, $"/tlsrpt/results/{day:yyyy-MM-dd}"));
        try
        {
            request.Headers.Authorization = Bearer();
            using var response = await _http.SendAsync(request, cancellation).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (null, $"{relay} answered HTTP {(int)response.StatusCode}: {await ShortBodyAsync(response, cancellation).ConfigureAwait(false)}");
            }

            var answer = await response.Content.ReadFromJsonAsync<TlsResultsAnswer>(cancellation).ConfigureAwait(false);
            return answer is { Entries: not null } && answer.Day == day && answer.Entries.All(Complete)
                ? (answer, null)
                : (null, $"{relay} answered results that are not for {day:yyyy-MM-dd} or incomplete");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or UnauthorizedAccessException or JsonException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            return (null, $"{relay}: {e.Message}");
        }
    }

    /// <summary>Reports per POST: a fleet's day for many domains goes in several bodies, each far below the relay's 64 MiB limit.</summary>
    public const int BatchSize = 500;

    /// <summary>
    /// Hands <paramref name="reports"/> to the relay, <see cref="BatchSize"/> at a time. Problem null: it took them all (on its
    /// volume). Refused true: the relay answered no (another relay may take them); false: no answer (a timeout after which
    /// the relay may have kept them: try it again rather than another, so no report goes out twice).
    /// </summary>
    public async Task<(string? Problem, bool Refused)> HandOverAsync(Uri relay, IReadOnlyList<DailyTlsReport> reports, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(reports);
        foreach (var batch in reports.Chunk(BatchSize))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(relay, "/tlsrpt/reports")) { Content = JsonContent.Create(new TlsReportHandoff(batch)) };
            try
            {
                request.Headers.Authorization = Bearer();
                using var response = await _http.SendAsync(request, cancellation).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return ($"{relay} answered HTTP {(int)response.StatusCode}: {await ShortBodyAsync(response, cancellation).ConfigureAwait(false)}", true);
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or UnauthorizedAccessException or TaskCanceledException && !cancellation.IsCancellationRequested)
            {
                return ($"{relay}: {e.Message}", false);
            }
        }

        return (null, false);
    }

    public void Dispose() => _http.Dispose();

    private static bool Complete(TlsReportEntry? entry) =>
        entry is { Domain.Length: > 0, PolicyType.Length: > 0, PolicyStrings: not null, MxHosts: not null, Failures: not null } && entry.Successes >= 0 && entry.Failures.All(f => f is { ResultType.Length: > 0, Count: >= 0 });

    private AuthenticationHeaderValue Bearer() => new("Bearer", File.ReadAllText(_options.TokenFile).Trim());

    private static async Task<string> ShortBodyAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        var text = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
        return text.Length > 200 ? text[..200] : text;
    }
}
