using System.Diagnostics;

namespace StrictMail.TestSupport.Processes;

/// <summary>What a child process printed, line by line with the time since capture began, for failure messages.</summary>
internal sealed class ProcessOutput
{
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Wires a started-but-not-yet-reading process's stdout and stderr to this capture.</summary>
    public void Attach(System.Diagnostics.Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.OutputDataReceived += (_, e) => Append("out", e.Data);
        process.ErrorDataReceived += (_, e) => Append("err", e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Adds a line of our own (e.g. "killed with SIGKILL"), so the capture reads as one story.</summary>
    public void Note(string text) => Append("test", text);

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>The last <paramref name="count"/> lines under a heading.</summary>
    public string Tail(string heading, int count = 60)
    {
        var lines = Lines;
        return $"--- {heading}: last {Math.Min(count, lines.Count)} of {lines.Count} lines ---\n{string.Join('\n', lines.TakeLast(count))}";
    }

    private void Append(string stream, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Add($"{_clock.Elapsed.TotalSeconds,8:F3} {stream} {line}");
        }
    }
}
