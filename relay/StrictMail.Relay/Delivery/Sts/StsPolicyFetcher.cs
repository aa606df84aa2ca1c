// Trust: the policy host is an untrusted peer until its certificate chains to the system roots and names
// mta-sts.<domain>; nothing it says (redirects, caching headers) is followed, and its body is bounded and parsed strictly.
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using StrictMail.Relay.Delivery.Routing;
using StrictMail.Relay.Delivery.Tls;

namespace StrictMail.Relay.Delivery.Sts;

/// <summary>
/// Fetches <c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c> as RFC 8461 3.3 asks: a WebPKI-valid certificate
/// for that host, HTTP 200 only, no redirects, no HTTP cache, <c>text/plain</c>, at most 64 KiB, within
/// MtaStsFetchTimeout. The host is resolved with the relay's own resolver.
/// </summary>
internal sealed class StsPolicyFetcher : IDisposable
{
    /// <summary>The largest policy body accepted (RFC 8461 3.3 suggests 64 KiB).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private readonly DeliveryOptions _settings;
    private readonly HttpClient _http;

    /// <param name="options">Port and timeout.</param>
    /// <param name="resolver">Resolves the policy host.</param>
    /// <param name="evaluator">The relay's certificate decision (chain, dates, serverAuth, the host name).</param>
    /// <param name="roots">Roots to trust instead of the system's (tests); null in production.</param>
    public StsPolicyFetcher(IOptions<DeliveryOptions> options, MxResolver resolver, CertificateEvaluator evaluator, X509Certificate2Collection? roots = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _settings = options.Value;
        var handler = new WebPkiConnector(resolver, evaluator, roots, "policy").Handler(_settings.MtaStsFetchTimeout);
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = MaxBodyBytes };
    }

    public async Task<StsFetch> FetchAsync(string domain, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(domain);
        var host = "mta-sts." + domain.TrimEnd('.').ToLowerInvariant();
        var url = new Uri(string.Create(CultureInfo.InvariantCulture, $"https://{host}:{_settings.MtaStsHttpsPort}/.well-known/mta-sts.txt"));
        string? certificateProblem = null;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true, NoStore = true };
        request.Options.Set(WebPkiConnector.CertificateCheck, problem => certificateProblem = problem);

        // One deadline for the whole fetch, body included: HttpClient.Timeout stops at the headers with ResponseHeadersRead,
        // and a host that sends headers and then nothing must not hold a delivery (or the fetch others wait on).
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(_settings.MtaStsFetchTimeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var where = response.Headers.Location is { } location ? $" (redirect to {location} not followed)" : string.Empty;
                return new StsFetch(null, StsFetch.FetchError, $"{url} answered HTTP {(int)response.StatusCode}{where}; only 200 counts");
            }

            if (!string.Equals(response.Content.Headers.ContentType?.MediaType, "text/plain", StringComparison.OrdinalIgnoreCase))
            {
                return new StsFetch(null, StsFetch.Invalid, $"{url} answered Content-Type {response.Content.Headers.ContentType?.MediaType ?? "none"}, not text/plain");
            }

            var body = await ReadBoundedAsync(response, deadline.Token).ConfigureAwait(false);
            if (body is null)
            {
                return new StsFetch(null, StsFetch.Invalid, $"{url} answered more than {MaxBodyBytes} bytes");
            }

            var (policy, problem) = StsPolicy.Parse(body);
            return policy is null
                ? new StsFetch(null, StsFetch.Invalid, $"{url}: {problem}")
                : new StsFetch(policy, null, $"{url}: mode {policy.Mode}, max_age {policy.MaxAge.TotalSeconds:0}, mx {string.Join(", ", policy.MxPatterns)}");
        }
        catch (HttpRequestException) when (certificateProblem is not null)
        {
            return new StsFetch(null, StsFetch.WebPkiInvalid, $"{url}: {certificateProblem}");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellation.IsCancellationRequested)
        {
            return new StsFetch(null, StsFetch.FetchError, $"{url}: no complete answer within {_settings.MtaStsFetchTimeout.TotalSeconds:0.#} s (Relay:Delivery:MtaStsFetchTimeout)");
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !cancellation.IsCancellationRequested)
        {
            return new StsFetch(null, StsFetch.FetchError, $"{url}: {WebPkiConnector.Innermost(e)}");
        }
    }

    public void Dispose() => _http.Dispose();

    private static async Task<string?> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
        var buffer = new byte[MaxBodyBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellation).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return total > MaxBodyBytes ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, total);
    }

}
