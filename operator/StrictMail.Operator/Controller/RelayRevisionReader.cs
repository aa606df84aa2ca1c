// Trust: relay pods are inside the cluster but their answers are only facts about themselves: a
// revision string that is compared, never executed or stored beyond the status counts.
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace StrictMail.Operator.Controller;

/// <summary>
/// Asks each ready relay pod, by pod IP on its admin port, which policy revision it has applied
/// (GET /policy). Relay pods therefore need no API credentials. A pod that does not answer in time
/// counts as not applied.
/// </summary>
internal sealed class RelayRevisionReader(HttpClient http, int adminPort, TimeSpan timeout)
{
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
        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        try
        {
            var answer = await http.GetFromJsonAsync<PolicyAnswer>(new Uri($"http://{host}:{adminPort}/policy"), deadline.Token).ConfigureAwait(false);
            return answer?.Ready == true ? answer.Revision : null;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException && !cancellation.IsCancellationRequested)
        {
            return null;
        }
    }

    private sealed record PolicyAnswer(
        [property: JsonPropertyName("revision")] string? Revision,
        [property: JsonPropertyName("ready")] bool Ready);
}
