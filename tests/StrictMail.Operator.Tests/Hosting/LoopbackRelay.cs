using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using StrictMail.TestSupport.Files;

namespace StrictMail.Operator.Tests.Hosting;

/// <summary>One in-process relay on its own loopback address, standing in for a relay pod.</summary>
internal sealed class LoopbackRelay(string podName, IPAddress address, int adminPort, ProjectedVolume volume, WebApplication app)
{
    /// <summary>The name of the Pod seeded for it.</summary>
    public string PodName { get; } = podName;

    /// <summary>Its pod IP.</summary>
    public IPAddress Address { get; } = address;

    /// <summary>The ConfigMap volume it reads policy.json from.</summary>
    public ProjectedVolume Volume { get; } = volume;

    public WebApplication App { get; } = app;

    /// <summary>The revision its admin endpoint reports (GET /policy), or null when it reports none.</summary>
    public async Task<string?> RevisionAsync(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.GetAsync(new Uri($"http://{Address}:{adminPort}/policy"));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return (string?)body?["revision"];
    }
}
