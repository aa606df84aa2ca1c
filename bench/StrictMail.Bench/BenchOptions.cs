using System.Globalization;

namespace StrictMail.Bench;

/// <summary>Command line of strictmail-bench: --repo DIR --sessions N --messages N --size BYTES --repeat N --wide-sessions N --modes Secure,Opportunistic --large-sessions N --large-size BYTES --only-large --skip-relay --skip-operator.</summary>
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

    /// <summary>The large-message run for delivery memory: this many concurrent sessions, one message of <see cref="LargeSize"/> each; 0 skips it.</summary>
    public int LargeSessions { get; init; } = 20;

    /// <summary>Bytes per message in the large-message run (just under Postfix's default message_size_limit of 10,240,000).</summary>
    public int LargeSize { get; init; } = 10_000_000;

    /// <summary>Only the large-message run (for measuring delivery memory before and after a change).</summary>
    public bool OnlyLarge { get; init; }

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
                "--large-sessions" => options with { LargeSessions = Number() },
                "--large-size" => options with { LargeSize = Number() },
                "--only-large" => options with { OnlyLarge = true, Operator = false, Modes = ["Secure"] },
                "--skip-relay" => options with { Relay = false },
                "--skip-operator" => options with { Operator = false },
                _ => throw new ArgumentException($"unknown option '{args[i]}'"),
            };
        }

        return options;
    }
}
