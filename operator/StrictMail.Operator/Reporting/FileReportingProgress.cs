using System.Globalization;
using StrictMail.Operator.Local;

namespace StrictMail.Operator.Reporting;

/// <summary>Local mode's progress: one line "yyyy-MM-dd" in a file (next to the compiled document), written atomically.</summary>
internal sealed class FileReportingProgress(string path) : IReportingProgress
{
    public async Task<DateOnly?> ReadAsync(CancellationToken cancellation)
    {
        try
        {
            var text = (await File.ReadAllTextAsync(path, cancellation).ConfigureAwait(false)).Trim();
            return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task SaveAsync(DateOnly reportedThrough, CancellationToken cancellation)
    {
        AtomicFile.Write(path, System.Text.Encoding.ASCII.GetBytes(reportedThrough.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "\n"));
        return Task.CompletedTask;
    }
}
