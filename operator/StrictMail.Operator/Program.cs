using System.Runtime.InteropServices;
using StrictMail.Operator.Cli;
using StrictMail.Operator.Hosting;
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
                "run" => await RunOperatorAsync(args[1..], cancellation.Token).ConfigureAwait(false),
                "local" => await RunLocalAsync(args[1..], cancellation.Token).ConfigureAwait(false),
                null or "help" or "--help" or "-h" => Help(),
                var other => throw new UsageException($"unknown command '{other}'"),
            };
        }
        catch (k8s.Exceptions.KubeConfigException e)
        {
            await Console.Error.WriteLineAsync($"error: cannot configure the Kubernetes client: {e.Message}").ConfigureAwait(false);
            return 2;
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

    private static async Task<int> RunOperatorAsync(string[] args, CancellationToken cancellation)
    {
        var options = RunOptionsReader.Read(args, Environment.GetEnvironmentVariable, path => File.Exists(path) ? File.ReadAllText(path) : null);
        var app = OperatorApp.Build(options, KubernetesConfig.Load(options));
        await using (app.ConfigureAwait(false))
        {
            await app.RunAsync(cancellation).ConfigureAwait(false);
        }

        return 0;
    }

    private static Task<int> RunLocalAsync(string[] args, CancellationToken cancellation)
    {
        var reader = ArgumentReader.Parse(args, new HashSet<string> { "--policies", "--out", "--tlsrpt-relay", "--tlsrpt-token-file", "--tlsrpt-submitter", "--tlsrpt-interval" }, new HashSet<string> { "--watch" });
        var relay = reader.Get("--tlsrpt-relay");
        if (relay is not null && (!reader.Has("--watch") || reader.Get("--tlsrpt-token-file") is null || !Uri.TryCreate(relay, UriKind.Absolute, out _)))
        {
            throw new UsageException("--tlsrpt-relay takes the relay's admin URL (http://host:port) and needs --watch and --tlsrpt-token-file");
        }

        var defaults = new Reporting.TlsReportingOptions();
        var reporting = new Reporting.TlsReportingOptions
        {
            TokenFile = reader.Get("--tlsrpt-token-file") ?? defaults.TokenFile,
            Submitter = reader.Get("--tlsrpt-submitter") ?? defaults.Submitter,
            Interval = RunOptionsReader.Duration(reader, "--tlsrpt-interval", defaults.Interval),
        };
        var options = new LocalOptions(reader.Require("--policies"), reader.Require("--out"), reader.Has("--watch"), TimeSpan.FromMilliseconds(250), relay is null ? null : new Uri(relay), reporting);
        return new LocalCommand(options, Console.Out, Console.Error).RunAsync(cancellation);
    }
}
