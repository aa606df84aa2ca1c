// Trust: relay pods are inside the cluster but their answers are only facts about themselves: a
// revision string that is compared, never executed or stored beyond the status counts.
using System.Net;
using StrictMail.Policy.Status;

namespace StrictMail.Operator.Controller;

/// <summary>
/// Asks each ready relay pod, by pod IP on its admin port, which policy revision it has applied
/// (GET /policy). Relay pods therefore need no API credentials. A pod that does not answer in time,
/// answers anything but 200, redirects, or sends more than <see cref="MaxAnswerBytes"/> counts as
/// not applied: anyone who can run a pod with the relay labels controls that answer.
/// </summary>
internal sealed class RelayRevisionReader(HttpClient http, int adminPort, TimeSpan timeout)
{
    /// <summary>The largest /policy answer read; a relay's is a few hundred bytes.</summary>
    public const int MaxAnswerBytes = 16 * 1024;

    /// <summary>The client the operator reads relays with: no redirects, no proxy (a relay is a pod IP, never behind one), no cookies.</summary>
    public static HttpClient CreateHttpClient() => new(CreateHandler(), disposeHandler: true) { MaxResponseContentBufferSize = MaxAnswerBytes };

    /// <summary>The handler of <see cref="CreateHttpClient"/>.</summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        MaxResponseHeadersLength = 16,
    };

    /// <summary>The applied revision of every pod address, in the given order (null for no answer).</summary>
    public async Task<RelayRevisions> ReadAsync(IEnumerable<IPAddress> podAddresses, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(podAddresses);
        var revisions = await Task.WhenAll(podAddresses.Select(address => ReadOneAsync(address, cancellation))).ConfigureAwait(false);
        return new RelayRevisions(revisions);
    }

    private async Task<string?> ReadOneAsync(IPAddress address, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await http.GetAsync(new Uri(RelayPodSelector.AdminUri(address, adminPort), "/policy"), HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentLength > MaxAnswerBytes)
            {
                return null;
            }

            var body = await ReadBoundedAsync(response.Content, deadline.Token).ConfigureAwait(false);
            var answer = body is null ? null : System.Text.Json.JsonSerializer.Deserialize<PolicyStatusAnswer>(body);
            return answer?.Ready == true ? answer.Revision : null;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or System.Text.Json.JsonException && !cancellation.IsCancellationRequested)
        {
            return null;
        }
    }

    // Reads at most MaxAnswerBytes; null when the answer is longer (a stream that never ends costs one small buffer).
    private static async Task<byte[]?> ReadBoundedAsync(HttpContent content, CancellationToken cancellation)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
        var buffer = new byte[MaxAnswerBytes + 1];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellation).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer[..length];
            }

            length += read;
        }

        return null;
    }
}
