using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using StrictMail.Relay.Hosting;
using StrictMail.Relay.Policy;
using StrictMail.TestSupport;

namespace StrictMail.Relay.Tests.TestSupport;

/// <summary>The real relay application on a free loopback port, reading a policy file in a temp directory.</summary>
internal sealed class RelayTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _directory;

    private RelayTestHost(WebApplication app, DirectoryInfo directory, string policyFile, Uri baseAddress)
    {
        _app = app;
        _directory = directory;
        PolicyFile = policyFile;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public string Directory => _directory.FullName;

    public string PolicyFile { get; }

    public HttpClient Http { get; }

    public PolicyStore Store => _app.Services.GetRequiredService<PolicyStore>();

    /// <summary>Where the relay's inbound SMTP server listens.</summary>
    public System.Net.IPEndPoint SmtpEndPoint => _app.Services.GetRequiredService<StrictMail.Relay.Inbound.InboundServer>().EndPoint!;

    /// <summary>Starts the relay; <paramref name="arrange"/> gets the temp directory and returns the policy file path to configure; <paramref name="moreArgs"/> are more command-line settings.</summary>
    public static async Task<RelayTestHost> StartAsync(Func<string, string> arrange, params string[] moreArgs)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("strictmail-relay-");
        try
        {
            var policyFile = arrange(directory.FullName);
            var state = System.IO.Directory.CreateDirectory(Path.Combine(directory.FullName, "state")).FullName;
            var app = RelayApp.Build([$"--Relay:PolicyFile={policyFile}", "--Relay:AdminUrl=http://127.0.0.1:0", $"--Relay:StateDirectory={state}", "--Relay:Inbound:ListenAddress=127.0.0.1:0", .. moreArgs]);
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            return new RelayTestHost(app, directory, policyFile, new Uri(address));
        }
        catch
        {
            directory.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Starts the relay with policy.json holding <paramref name="content"/>, or with no file when null.</summary>
    public static Task<RelayTestHost> StartAsync(byte[]? content) =>
        StartAsync(directory =>
        {
            var path = Path.Combine(directory, "policy.json");
            if (content is not null)
            {
                File.WriteAllBytes(path, content);
            }

            return path;
        });

    public async Task<(HttpStatusCode Status, JsonElement Body)> GetPolicyAsync()
    {
        using var response = await Http.GetAsync(new Uri("/policy", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.Clone());
    }

    public async Task<string?> GetRevisionAsync() => (await GetPolicyAsync()).Body.GetProperty("revision").GetString();

    /// <summary>Waits until /policy reports <paramref name="revision"/> and returns how long that took.</summary>
    public Task<TimeSpan> WaitForRevisionAsync(string revision) =>
        Eventually.WaitAsync(async () => await GetRevisionAsync() == revision, $"/policy shows revision {revision}");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _directory.Delete(recursive: true);
    }
}
