// Trust: a report collector is reached only over HTTPS with a certificate valid for its host (WebPKI, as for an MTA-STS
// policy host); nothing it answers is read beyond the status code, and redirects are not followed.
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using StrictMail.Relay.Delivery.Routing;
using StrictMail.Relay.Delivery.Tls;
using StrictMail.Relay.Reporting;

namespace StrictMail.Relay.ReportSending;

/// <summary>Sends a report to an https: destination (RFC 8460 5.4): POST of the gzipped JSON as application/tlsrpt+gzip; any 2xx is success.</summary>
internal sealed class TlsReportPoster : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;

    /// <param name="resolver">Resolves the collector's host with the relay's resolver.</param>
    /// <param name="evaluator">Judges its certificate.</param>
    /// <param name="roots">Roots to trust instead of the system's (tests); null in production.</param>
    public TlsReportPoster(MxResolver resolver, CertificateEvaluator evaluator, X509Certificate2Collection? roots = null)
    {
        _http = new HttpClient(new WebPkiConnector(resolver, evaluator, roots, "report collector").Handler(Timeout)) { Timeout = Timeout };
    }

    /// <summary>Null when the collector took the report, else why not.</summary>
    public async Task<string?> PostAsync(Uri url, TlsReportDocument report, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(url);
        string? certificateProblem = null;
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Options.Set(WebPkiConnector.CertificateCheck, problem => certificateProblem = problem);
        request.Content = new ByteArrayContent(TlsReportMail.Gzip(TlsReportJson.Write(report)));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/tlsrpt+gzip");
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"{url} answered HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException) when (certificateProblem is not null)
        {
            return $"{url}: {certificateProblem}";
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            return $"{url}: {WebPkiConnector.Innermost(e)}";
        }
    }

    public void Dispose() => _http.Dispose();
}
