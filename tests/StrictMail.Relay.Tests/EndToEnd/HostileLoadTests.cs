using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using MailKit.Security;
using StrictMail.Relay.Inbound.Auth;
using StrictMail.Relay.Tests.Inbound;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.Relay.Tests.TestSupport.Processes;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;
using Xunit.Abstractions;

namespace StrictMail.Relay.Tests.EndToEnd;

/// <summary>
/// The relay process under 500 hostile sessions (200 trickling a byte at a time, 200 failing AUTH over TLS, 100 sending
/// oversized messages) while a well-behaved application sends 1,000 messages: every one is accepted and delivered, and
/// the relay stays under the chart's memory limit. Bounded: the hostile load stops once the normal mail is through.
/// </summary>
[Collection(RelayHostGroup.Name)]
public sealed class HostileLoadTests(ITestOutputHelper output)
{
    private const int NormalMessages = 1000;
    private const int NormalConnections = 4;

    // The chart's relay memory limit (resources.limits.memory).
    private const long MemoryLimit = 512L * 1024 * 1024;

    [Fact]
    public async Task Send_ThousandMessagesAmid500HostileSessions_AllDeliveredUnderTheMemoryLimit()
    {
        await using var sink = new FakeMxServer(new FakeMxOptions { HostName = "mx.sink.test", OfferStartTls = false });
        using var dns = new TestDnsServer();
        dns.AddMx("sink.test", 10, "mx.sink.test");
        dns.AddA("mx.sink.test", sink.EndPoint.Address);
        using var files = new TempFiles();
        await using var relay = await RelayProcess.StartAsync(new RelayProcessOptions
        {
            DnsServer = dns.EndPoint,
            DeliveryPort = sink.EndPoint.Port,
            ExtraArguments =
            [
                $"--Relay:Inbound:CertificateFile={files.Certificate}",
                $"--Relay:Inbound:KeyFile={files.Key}",
                $"--Relay:Inbound:UsersFile={files.Users}",
                "--Relay:Inbound:MaxMessageSize=1048576",

                // 500 hostile sessions and the application's must fit: the default 200 would turn the application away.
                "--Relay:Inbound:MaxConnections=1000",
                "--Logging:LogLevel:StrictMail=Warning",
            ],
        });

        // Reference: the application's rate with no hostile load, in the same run, so the figure below is a ratio.
        var quiet = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, NormalConnections).Select(c => SendNormalAsync(relay.SmtpEndPoint, "quiet-" + c, NormalMessages / 5 / NormalConnections)));
        var quietRate = NormalMessages / 5 / quiet.Elapsed.TotalSeconds;
        await sink.WaitForMessagesAsync(NormalMessages / 5, TimeSpan.FromSeconds(60));

        var outcomes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        using var stop = new CancellationTokenSource();
        var hostile = new List<Task>();
        hostile.AddRange(Enumerable.Range(0, 200).Select(i => Task.Run(() => TrickleAsync(relay.SmtpEndPoint, From(2, i), outcomes, stop.Token))));
        hostile.AddRange(Enumerable.Range(0, 200).Select(i => Task.Run(() => FailAuthAsync(relay.SmtpEndPoint, From(3, i), outcomes, stop.Token))));
        hostile.AddRange(Enumerable.Range(0, 100).Select(i => Task.Run(() => OversizeAsync(relay.SmtpEndPoint, From(4, i), outcomes, stop.Token))));
        await Task.Delay(TimeSpan.FromSeconds(3));

        var clock = Stopwatch.StartNew();
        var sent = await Task.WhenAll(Enumerable.Range(0, NormalConnections).Select(c => SendNormalAsync(relay.SmtpEndPoint, "normal-" + c, NormalMessages / NormalConnections)));
        var accepted = clock.Elapsed;
        await sink.WaitForMessagesAsync(NormalMessages + (NormalMessages / 5), TimeSpan.FromSeconds(120));
        var delivered = clock.Elapsed;
        var peak = PeakMemory(relay);
        await stop.CancelAsync();
        await Task.WhenAll(hostile);
        var metrics = await relay.Admin.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{NormalMessages} messages accepted in {accepted.TotalSeconds:F1} s, delivered in {delivered.TotalSeconds:F1} s: {NormalMessages / accepted.TotalSeconds / quietRate:F2}x the rate without hostile load ({quietRate:F0}/s); relay peak RSS {peak / 1024 / 1024} MiB"));
        output.WriteLine("hostile replies: " + string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} x{o.Value}")));
        output.WriteLine(string.Join('\n', metrics.Split('\n').Where(l => l.StartsWith("strictmail_relay_inbound_refusals_total{", StringComparison.Ordinal))));
        Assert.Equal(NormalMessages, sent.Sum());
        Assert.Equal(NormalMessages, sink.Messages.Select(MessageId).Where(id => id.StartsWith("normal-", StringComparison.Ordinal)).Distinct().Count());
        Assert.True(peak < MemoryLimit, $"peak RSS {peak / 1024 / 1024} MiB is over the chart's 512 MiB limit");
        Assert.True(outcomes.GetValueOrDefault("535") + outcomes.GetValueOrDefault("454") > 0, "the AUTH attackers were answered: " + string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault("552") > 0, "the oversized messages were refused: " + string.Join(", ", outcomes));
    }

    private static string MessageId(ReceivedMessage message)
    {
        var text = Encoding.ASCII.GetString(message.Data);
        var start = text.IndexOf("Message-Id: <", StringComparison.OrdinalIgnoreCase);
        return start < 0 ? string.Empty : text[(start + 13)..text.IndexOf('>', start)];
    }

    // 127.0.<group>.<n>: at most 50 sessions per address, the default per-client limit.
    private static IPAddress From(int group, int index) => IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"127.0.{group}.{1 + (index / 50)}"));

    private static async Task<int> SendNormalAsync(IPEndPoint relay, string prefix, int count)
    {
        using var client = await MailKitClients.ConnectAsync(relay, "app.internal.test", SecureSocketOptions.None);
        var sent = 0;
        for (var i = 0; i < count; i++)
        {
            var message = MailKitClients.Message("app@internal.test", "user@sink.test");
            message.MessageId = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i}@load.test");
            await client.SendAsync(message);
            sent++;
        }

        await client.DisconnectAsync(quit: true);
        return sent;
    }

    // One byte of a command every two seconds: held until CommandTimeout (a minute) cuts it off, then again.
    private static Task TrickleAsync(IPEndPoint relay, IPAddress from, ConcurrentDictionary<string, int> outcomes, CancellationToken stop) =>
        RepeatAsync(relay, from, outcomes, async client =>
        {
            foreach (var c in "EHLO slow.attacker.test\r\n")
            {
                await client.SendRawAsync([(byte)c]);
                await Task.Delay(TimeSpan.FromSeconds(2), stop);
            }
        }, stop);

    private static Task FailAuthAsync(IPEndPoint relay, IPAddress from, ConcurrentDictionary<string, int> outcomes, CancellationToken stop) =>
        RepeatAsync(relay, from, outcomes, async client =>
        {
            await client.CommandAsync("EHLO guesser.attacker.test");
            await client.CommandAsync("STARTTLS");
            await client.StartTlsAsync();
            await client.CommandAsync("EHLO guesser.attacker.test");
            while (!stop.IsCancellationRequested)
            {
                Count(outcomes, await client.CommandAsync("AUTH PLAIN " + InboundServerRelayTests.Plain(InboundHarness.User, "guess")));
            }
        }, stop);

    private static Task OversizeAsync(IPEndPoint relay, IPAddress from, ConcurrentDictionary<string, int> outcomes, CancellationToken stop) =>
        RepeatAsync(relay, from, outcomes, async client =>
        {
            var line = Encoding.ASCII.GetBytes(new string('z', 998) + "\r\n");
            while (!stop.IsCancellationRequested)
            {
                await client.SendRawAsync("EHLO big.attacker.test\r\nMAIL FROM:<a@attacker.test>\r\nRCPT TO:<user@sink.test>\r\nDATA\r\n");
                await client.ReadRepliesAsync(4);
                for (var i = 0; i < 2 * 1024 && !stop.IsCancellationRequested; i++)
                {
                    await client.SendRawAsync(line);
                }

                Count(outcomes, await client.CommandAsync("."));
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
            }
        }, stop);

    // Runs one hostile session after another until told to stop, counting how each ended.
    private static async Task RepeatAsync(
        IPEndPoint relay, IPAddress from, ConcurrentDictionary<string, int> outcomes, Func<WireClient, Task> behave, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var (client, greeting) = await WireClient.ConnectAsync(relay, from);
                await using var _ = client;
                Count(outcomes, greeting);
                await behave(client);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException or InvalidOperationException)
            {
                outcomes.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
            }

            // As a real attacker's tool would, rather than spinning on refusals.
            await Task.Delay(TimeSpan.FromMilliseconds(250), CancellationToken.None);
        }
    }

    private static void Count(ConcurrentDictionary<string, int> outcomes, string reply)
    {
        var code = reply.Length >= 3 ? reply[..3] : reply;
        outcomes.AddOrUpdate(code, 1, (_, n) => n + 1);
    }

    private static long PeakMemory(RelayProcess relay)
    {
        var status = File.ReadAllLines($"/proc/{relay.ProcessId ?? throw new InvalidOperationException("The relay is not running.")}/status");
        var line = status.Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    // The relay's STARTTLS certificate and a users file with a production-cost hash (600,000 PBKDF2 rounds).
    private sealed class TempFiles : IDisposable
    {
        private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("strictmail-load-");

        public TempFiles()
        {
            PemFiles.WriteCertificate(Certificate, TestPki.Shared.Good);
            PemFiles.WritePrivateKey(Key, TestPki.Shared.Good);
            File.WriteAllText(Users, InboundHarness.User + ":" + PasswordHasher.Hash(Encoding.UTF8.GetBytes(InboundHarness.Password)) + "\n");
        }

        public string Certificate => Path.Combine(_directory.FullName, "tls.crt");

        public string Key => Path.Combine(_directory.FullName, "tls.key");

        public string Users => Path.Combine(_directory.FullName, "users");

        public void Dispose() => _directory.Delete(recursive: true);
    }
}
