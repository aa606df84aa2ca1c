namespace StrictMail.Operator.Tests.Hosting;

/// <summary>
/// kubectl's human-readable table, split by the header's column starts (a cell may be empty or hold
/// spaces, so splitting rows on whitespace would misalign them).
/// </summary>
internal sealed class PrinterTable
{
    private readonly int[] _starts;
    private readonly string[] _rows;

    private PrinterTable(IReadOnlyList<string> header, int[] starts, string[] rows)
    {
        Header = header;
        _starts = starts;
        _rows = rows;
    }

    public IReadOnlyList<string> Header { get; }

    public static PrinterTable Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        var header = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var starts = new int[header.Length];
        var from = 0;
        for (var i = 0; i < header.Length; i++)
        {
            starts[i] = lines[0].IndexOf(header[i], from, StringComparison.Ordinal);
            from = starts[i] + header[i].Length;
        }

        return new PrinterTable(header, starts, lines[1..]);
    }

    /// <summary>The trimmed cells of column <paramref name="name"/>, top to bottom.</summary>
    public IReadOnlyList<string> Column(string name)
    {
        var index = Array.IndexOf([.. Header], name);
        Assert.True(index >= 0, $"kubectl printed no column {name}; it printed {string.Join(", ", Header)}");
        var start = _starts[index];
        var end = index + 1 < _starts.Length ? _starts[index + 1] : int.MaxValue;
        return [.. _rows.Select(row => start >= row.Length ? string.Empty : row[start..Math.Min(end, row.Length)].Trim())];
    }
}
