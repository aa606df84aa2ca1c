using System.Globalization;

namespace StrictMail.Bench;

/// <summary>Command line of strictmail-bench: --repo DIR --sessions N --messages N --size BYTES --repeat N --wide-sessions N --modes Secure,Opportunistic --skip-relay --skip-operator.</summary>
internal sealed record BenchOptions
{
    public string Repo { get; init; } = Directory.GetCurrentDirectory();

    public int Sessions { get; init; } = 8;

    public int Messages { get; init; } = 3000;

    public int Size { get; init; } = 4096;

    public int WarmupMessages { get; init; } = 300;

    /// <summary>Runs per relay and mode, in alternating order; the median is reported.</summary>
    public int Repeat { get; init; } = 3;

    /// <summary>The many-sessions run for the memory goal (100 concurrent client sessions).</summary>
    public int WideSessions { get; init; } = 100;

    public bool Relay { get; init; } = true;

    /// <summary>The TLS modes to run: Secure, Opportunistic, or both (default).</summary>
    public IReadOnlyList<string> Modes { get; init; } = ["Secure", "Opportunistic"];

    public bool Operator { get; init; } = true;

    public string RelayDll => Path.Combine(Repo, "relay", "StrictMail.Relay", "bin", "Release", "net10.0", "strictmail-relay.dll");

    public string OperatorDll => Path.Combine(Repo, "operator", "StrictMail.Operator", "bin", "Release", "net10.0", "strictmail-operator.dll");

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() => int.Parse(Next(), NumberStyles.None, CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--repo" => options with { Repo = Path.GetFullPath(Next()) },
                "--sessions" => options with { Sessions = Number() },
                "--messages" => options with { Messages = Number() },
                "--size" => options with { Size = Number() },
                "--repeat" => options with { Repeat = Math.Max(1, Number()) },
                "--warmup" => options with { WarmupMessages = Number() },
                "--wide-sessions" => options with { WideSessions = Number() },
                "--modes" => options with { Modes = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--skip-relay" => options with { Relay = false },
                "--skip-operator" => options with { Operator = false },
                _ => throw new ArgumentException($"unknown option '{args[i]}'"),
            };
        }

        return options;
    }
}
