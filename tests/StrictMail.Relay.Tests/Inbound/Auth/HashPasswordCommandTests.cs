using System.Diagnostics;
using System.Text;
using MailKit.Security;
using StrictMail.Relay.Inbound.Auth;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Inbound.Auth;

[Collection(RelayHostGroup.Name)]
public sealed class HashPasswordCommandTests
{
    [Fact]
    public async Task Relay_HashPasswordCommand_PrintsAHashThatAUsersFileAccepts()
    {
        const string Password = "pässwörd with spaces";
        var program = Path.Combine(AppContext.BaseDirectory, "strictmail-relay");
        var start = new ProcessStartInfo(program, [HashPasswordCommand.Name])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
        };

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteLineAsync(Password);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(0, process.ExitCode);
        var hash = PasswordHasher.Parse(output.Trim());
        Assert.NotNull(hash);
        Assert.Equal(PasswordHasher.DefaultIterations, hash.Iterations);
        Assert.True(PasswordHasher.Verify(hash, Encoding.UTF8.GetBytes(Password)));

        // The users file is re-read on change: the new user works without a restart.
        await using var harness = await InboundHarness.StartAsync(tls: true, new Dictionary<string, string> { ["ClientNetworks:0"] = "127.0.0.1/32" });
        await File.WriteAllTextAsync(harness.UsersFile, "# made by hash-password\nops@internal.test:" + output.Trim() + "\n");
        using var client = await MailKitSender.ConnectAsync(harness.EndPoint, SecureSocketOptions.StartTls, Loopback.NextAddress());
        await client.AuthenticateAsync("ops@internal.test", Password);
        await client.SendAsync(MailKitClients.Message("ops@internal.test", "a@partner.test"));
        Assert.Equal("ops@internal.test", Assert.Single(harness.Queue.Committed).Envelope.AuthenticatedUser);
    }

    [Fact]
    public async Task RunAsync_NoInput_Returns1AndExplains()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await HashPasswordCommand.RunAsync(new StringReader(string.Empty), output, error);

        Assert.Equal(1, exit);
        Assert.Empty(output.ToString());
        Assert.Contains("no password on standard input", error.ToString(), StringComparison.Ordinal);
    }
}
