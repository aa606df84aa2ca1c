using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StrictMail.Bench.Relays;

/// <summary>Waits until a server at an address greets with 220.</summary>
internal static class SmtpGreeting
{
    public static async Task WaitAsync(IPEndPoint server, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        string last = "nothing tried";
        while (clock.Elapsed < timeout)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(server);
                var buffer = new byte[512];
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                var read = await client.GetStream().ReadAsync(buffer, wait.Token);
                last = Encoding.ASCII.GetString(buffer, 0, read);
                if (last.StartsWith("220", StringComparison.Ordinal))
                {
                    await client.GetStream().WriteAsync("QUIT\r\n"u8.ToArray());
                    return;
                }
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
            {
                last = e.Message;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{server} did not greet with 220 within {timeout} (last: {last})");
    }
}
