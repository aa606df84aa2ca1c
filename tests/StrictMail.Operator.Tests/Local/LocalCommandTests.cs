using StrictMail.Operator.Local;
using StrictMail.Policy.Document;

namespace StrictMail.Operator.Tests.Local;

public sealed class LocalCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _errors = new();

    private string Policies => _dir.Path;

    private string Out => Path.Combine(_dir.Path, "out", "policy.json");

    public void Dispose()
    {
        _dir.Dispose();
        _output.Dispose();
        _errors.Dispose();
    }

    [Fact]
    public async Task RunAsync_ValidPolicies_WritesDocumentAndReturnsZero()
    {
        await File.WriteAllTextAsync(_dir.File("a.yaml"), PolicyYaml.Valid("bank", "Secure"));

        var code = await Command(watch: false).RunAsync(CancellationToken.None);

        Assert.Equal(0, code);
        var document = PolicyDocumentJson.Deserialize(await File.ReadAllBytesAsync(Out));
        Assert.Equal("mail/bank", Assert.Single(document.Policies).Name);
        Assert.Contains(document.Revision, _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_InvalidPolicy_ReportsFileLineFieldAndWritesNothing()
    {
        await File.WriteAllTextAsync(_dir.File("a.yaml"), PolicyYaml.Valid("bank", "Sekure"));

        var code = await Command(watch: false).RunAsync(CancellationToken.None);

        Assert.Equal(1, code);
        Assert.False(File.Exists(Out));
        Assert.Contains($"{_dir.File("a.yaml")}:8: error: TlsPolicy mail/bank: spec.level: 'Sekure' is not one of", _errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_HonorTlsRequiredNo_CompiledWithoutAWarning()
    {
        await File.WriteAllTextAsync(_dir.File("a.yaml"), PolicyYaml.Valid("bank", "Secure") + "\n  requireTls: { honorTlsRequiredNo: true }\n");

        var code = await Command(watch: false).RunAsync(CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Contains("\"honorTlsRequiredNo\":true", await File.ReadAllTextAsync(Out), StringComparison.Ordinal);
        Assert.DoesNotContain("warning", _errors.ToString() + _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingDirectory_ReturnsTwo()
    {
        var command = new LocalCommand(new LocalOptions(_dir.File("nope"), Out, false, TimeSpan.FromMilliseconds(50)), _output, _errors);

        Assert.Equal(2, await command.RunAsync(CancellationToken.None));
        Assert.Contains("does not exist", _errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WatchAndEdit_RewritesDocumentThenKeepsItWhileBroken()
    {
        await File.WriteAllTextAsync(_dir.File("a.yaml"), PolicyYaml.Valid("bank", "Secure"));
        using var stop = new CancellationTokenSource();
        var run = Command(watch: true).RunAsync(stop.Token);
        var first = await WaitForDocumentAsync(revision => revision is not null);

        await File.WriteAllTextAsync(_dir.File("a.yaml"), PolicyYaml.Valid("bank", "Encrypt"));
        var second = await WaitForDocumentAsync(revision => revision is not null && revision != first);

        await File.WriteAllTextAsync(_dir.File("a.yaml"), PolicyYaml.Valid("bank", "Broken"));
        // The diagnostic line comes first and the "keeps revision" line right after it: wait for both.
        await WaitForAsync(() => _errors.ToString().Contains("'Broken'", StringComparison.Ordinal) && _errors.ToString().Contains($"keeps revision {second}", StringComparison.Ordinal));
        await stop.CancelAsync();

        Assert.Equal(0, await run);
        Assert.NotEqual(first, second);
        Assert.Equal(second, PolicyDocumentJson.Deserialize(await File.ReadAllBytesAsync(Out)).Revision);
        Assert.Contains($"keeps revision {second}", _errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WatchWithATlsReportRelay_ReportsYesterdayIntoTheProgressFile()
    {
        // A real relay reading the document local mode writes, its /tlsrpt/ endpoints open to the token; nothing was
        // recorded yesterday, so the day is done without a report and FILE.tlsrpt remembers it.
        await File.WriteAllTextAsync(_dir.File("a.yaml"), PolicyYaml.Valid("bank", "Secure"));
        await File.WriteAllTextAsync(_dir.File("token"), "local-mode-token-0123456789");
        var port = StrictMail.TestSupport.Processes.FreePort.Tcp(System.Net.IPAddress.Loopback);
        await using var relay = StrictMail.Relay.Hosting.RelayApp.Build([
            $"--Relay:PolicyFile={Out}", $"--Relay:AdminUrl=http://127.0.0.1:{port}", $"--Relay:StateDirectory={_dir.File("state")}",
            "--Relay:Inbound:ListenAddress=127.0.0.1:0", $"--Relay:Reporting:AdminTokenFile={_dir.File("token")}"]);
        await relay.StartAsync();
        using var stop = new CancellationTokenSource();
        var reporting = new StrictMail.Operator.Reporting.TlsReportingOptions { TokenFile = _dir.File("token"), Interval = TimeSpan.FromMilliseconds(100) };
        var command = new LocalCommand(new LocalOptions(Policies, Out, true, TimeSpan.FromMilliseconds(100), new Uri($"http://127.0.0.1:{port}"), reporting), TextWriter.Synchronized(_output), TextWriter.Synchronized(_errors));

        var run = command.RunAsync(stop.Token);
        await WaitForAsync(() => File.Exists(Out + ".tlsrpt"));
        await stop.CancelAsync();

        Assert.Equal(0, await run);
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "\n", await File.ReadAllTextAsync(Out + ".tlsrpt"));
        Assert.Contains("no relay recorded a TLS session", _output.ToString(), StringComparison.Ordinal);
        await relay.StopAsync();
    }

    private LocalCommand Command(bool watch) =>
        new(new LocalOptions(Policies, Out, watch, TimeSpan.FromMilliseconds(100)), TextWriter.Synchronized(_output), TextWriter.Synchronized(_errors));

    private async Task<string?> WaitForDocumentAsync(Func<string?, bool> done)
    {
        string? revision = null;
        await WaitForAsync(() =>
        {
            try
            {
                revision = File.Exists(Out) ? PolicyDocumentJson.Deserialize(File.ReadAllBytes(Out)).Revision : null;
            }
            catch (IOException)
            {
                revision = null;
            }

            return done(revision);
        });
        return revision;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 5 seconds");
            await Task.Delay(25);
        }
    }
}
