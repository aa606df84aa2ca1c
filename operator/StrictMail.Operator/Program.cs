using System.Runtime.InteropServices;
using StrictMail.Operator.Cli;
using StrictMail.Operator.Local;

namespace StrictMail.Operator;

/// <summary>The operator's entry point: dispatches to a command.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            cancellation.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        try
        {
            return args.FirstOrDefault() switch
            {
                "local" => await RunLocalAsync(args[1..], cancellation.Token).ConfigureAwait(false),
                null or "help" or "--help" or "-h" => Help(),
                var other => throw new UsageException($"unknown command '{other}'"),
            };
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}\n\n{Usage.Text}").ConfigureAwait(false);
            return 64;
        }
    }

    private static int Help()
    {
        Console.WriteLine(Usage.Text);
        return 0;
    }

    private static Task<int> RunLocalAsync(string[] args, CancellationToken cancellation)
    {
        var reader = ArgumentReader.Parse(args, new HashSet<string> { "--policies", "--out" }, new HashSet<string> { "--watch" });
        var options = new LocalOptions(reader.Require("--policies"), reader.Require("--out"), reader.Has("--watch"), TimeSpan.FromMilliseconds(250));
        return new LocalCommand(options, Console.Out, Console.Error).RunAsync(cancellation);
    }
}
