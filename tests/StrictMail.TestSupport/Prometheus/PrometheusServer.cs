using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using StrictMail.TestSupport.Processes;

namespace StrictMail.TestSupport.Prometheus;

/// <summary>
/// A real Prometheus server (/usr/bin/prometheus) on 127.0.0.1 and a free port, scraping one target every second with
/// the static labels a Kubernetes ServiceMonitor would add, with its TSDB in a temp directory; killed and deleted on
/// dispose.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    /// <summary>The scrape job; alert rules select relays with up{job=~".*strictmail.*relay.*"}.</summary>
    public const string RelayJob = "strictmail-relay";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    private readonly DirectoryInfo _directory;
    private readonly Process _process;

    private PrometheusServer(DirectoryInfo directory, Process process, Uri address, ProcessOutput output)
    {
        _directory = directory;
        _process = process;
        Output = output;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>A client for the server's HTTP API.</summary>
    public HttpClient Http { get; }

    /// <summary>What Prometheus logged.</summary>
    public ProcessOutput Output { get; }

    /// <summary>
    /// Starts Prometheus scraping <paramref name="target"/>/metrics as job <paramref name="job"/> with
    /// <paramref name="labels"/> on every series, loading <paramref name="ruleFiles"/>; returns once /-/ready answers 200.
    /// </summary>
    public static async Task<PrometheusServer> StartAsync(
        IPEndPoint target, IReadOnlyDictionary<string, string> labels, IReadOnlyList<string> ruleFiles, string job = RelayJob)
    {
        ArgumentNullException.ThrowIfNull(target);
        var directory = Directory.CreateTempSubdirectory("strictmail-prometheus-");
        var address = new Uri($"http://127.0.0.1:{FreePort.Tcp(IPAddress.Loopback)}");
        var config = Path.Combine(directory.FullName, "prometheus.yml");

        // JSON is YAML: no quoting rules to get wrong.
        var document = new Dictionary<string, object>
        {
            ["global"] = new Dictionary<string, object> { ["scrape_interval"] = "1s", ["scrape_timeout"] = "1s", ["evaluation_interval"] = "1s" },
            ["rule_files"] = ruleFiles,
            ["scrape_configs"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["job_name"] = job,
                    ["metrics_path"] = "/metrics",
                    ["static_configs"] = new[] { new Dictionary<string, object> { ["targets"] = new[] { target.ToString() }, ["labels"] = labels } },
                },
            },
        };
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(document));
        var start = new ProcessStartInfo(Locate("prometheus"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory.FullName,
        };
        start.ArgumentList.Add($"--config.file={config}");
        start.ArgumentList.Add($"--storage.tsdb.path={Path.Combine(directory.FullName, "data")}");
        start.ArgumentList.Add($"--web.listen-address={address.Authority}");
        start.ArgumentList.Add("--log.level=warn");
        var output = new ProcessOutput();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start prometheus.");
        output.Attach(process);
        var server = new PrometheusServer(directory, process, address, output);
        try
        {
            await server.WaitUntilReadyAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A Prometheus tool by name: /usr/bin first (Debian's package), then PATH.</summary>
    public static string Locate(string tool)
    {
        var debian = Path.Combine("/usr/bin", tool);
        if (File.Exists(debian))
        {
            return debian;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
        return onPath ?? throw new FileNotFoundException($"{tool} is not installed: run `make deps` (Debian package prometheus).", tool);
    }

    /// <summary>Runs an instant query now (/api/v1/query); a query Prometheus cannot parse comes back with Success false.</summary>
    public async Task<PrometheusQueryResult> QueryAsync(string query)
    {
        using var response = await Http.GetAsync(new Uri("/api/v1/query?query=" + Uri.EscapeDataString(query), UriKind.Relative));
        return PrometheusQueryResult.Parse(query, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Polls <paramref name="query"/> until <paramref name="condition"/> holds for its result; fails the test at the deadline.</summary>
    public async Task<PrometheusQueryResult> WaitForAsync(string query, Func<PrometheusQueryResult, bool> condition, string what, TimeSpan? timeout = null)
    {
        PrometheusQueryResult? last = null;
        await Eventually.WaitAsync(
            async () =>
            {
                last = await QueryAsync(query);
                return last.Success && condition(last);
            },
            $"{what} (query {query}; last answer {last})",
            timeout ?? TimeSpan.FromSeconds(15));
        return last!;
    }

    /// <summary>The rules Prometheus loaded from its rule files, as it parsed them.</summary>
    public async Task<IReadOnlyList<PrometheusRule>> RulesAsync()
    {
        using var json = JsonDocument.Parse(await Http.GetStringAsync(new Uri("/api/v1/rules", UriKind.Relative)));
        return
        [
            .. json.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray().SelectMany(group => group.GetProperty("rules").EnumerateArray().Select(rule => new PrometheusRule(
                group.GetProperty("name").GetString()!, rule.GetProperty("name").GetString()!, rule.GetProperty("type").GetString()!, rule.GetProperty("query").GetString()!))),
        ];
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        for (var attempt = 1; _directory.Exists; attempt++)
        {
            try
            {
                _directory.Delete(recursive: true);
            }
            catch (IOException) when (attempt < 10)
            {
                await Task.Delay(100);
            }
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        var last = "nothing tried yet";
        while (clock.Elapsed < ReadyTimeout)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync();
                throw new InvalidOperationException($"Prometheus exited with code {_process.ExitCode} before it was ready.\n{Output.Tail("prometheus output")}");
            }

            try
            {
                using var ready = await Http.GetAsync(new Uri("/-/ready", UriKind.Relative));
                last = $"/-/ready answered {(int)ready.StatusCode}";
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or SocketException or IOException or TaskCanceledException)
            {
                last = e.Message;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Prometheus was not ready within {ReadyTimeout} (last: {last}).\n{Output.Tail("prometheus output")}");
    }
}
