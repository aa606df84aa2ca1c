using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StrictMail.Policy.Reporting;
using StrictMail.Relay.Queue;

namespace StrictMail.Relay.ReportSending;

/// <summary>
/// The reports this relay was handed to send, one file each in <c>tlsrpt/outbox/</c> on its volume, written atomically
/// and fsynced before the operator hears "accepted", so a restart loses none. Finished reports stay (by report id) for
/// <see cref="KeepDays"/> days, so a report handed over again is not sent twice. Thread-safe.
/// </summary>
internal sealed class TlsReportOutbox
{
    public const int KeepDays = 10;

    private readonly Lock _gate = new();
    private readonly string _folder;

    public TlsReportOutbox(string stateDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        _folder = Path.Combine(stateDirectory, "tlsrpt", "outbox");
    }

    /// <summary>Adds the reports not already here; returns how many were new and how many known. Throws IOException when the volume cannot be written.</summary>
    public (int Accepted, int Known) Accept(IEnumerable<DailyTlsReport> reports, DateTimeOffset now, Func<DateTimeOffset> firstDue)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(firstDue);
        var (accepted, known) = (0, 0);
        lock (_gate)
        {
            Directory.CreateDirectory(_folder);
            foreach (var report in reports)
            {
                if (File.Exists(PathOf(report.ReportId)))
                {
                    known++;
                    continue;
                }

                Write(new OutboxItem(report, now, firstDue(), 0, null, null));
                accepted++;
            }
        }

        return (accepted, known);
    }

    /// <summary>The unfinished reports due at <paramref name="now"/>, earliest first; unreadable files are skipped (and named in <paramref name="problems"/>).</summary>
    public IReadOnlyList<OutboxItem> Due(DateTimeOffset now, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return [.. All(problems).Where(i => i.Outcome is null && i.Due <= now).OrderBy(i => i.Due)];
    }

    /// <summary>Every report here, finished or not.</summary>
    public IReadOnlyList<OutboxItem> All(ICollection<string>? problems = null)
    {
        lock (_gate)
        {
            if (!Directory.Exists(_folder))
            {
                return [];
            }

            var items = new List<OutboxItem>();
            foreach (var file in Directory.EnumerateFiles(_folder, "*.json"))
            {
                try
                {
                    if (JsonSerializer.Deserialize<OutboxItem>(File.ReadAllBytes(file)) is { Report.ReportId.Length: > 0 } item)
                    {
                        items.Add(item);
                    }
                }
                catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
                {
                    problems?.Add($"{file}: {e.Message}");
                }
            }

            return items;
        }
    }

    /// <summary>Writes the item's new state; throws IOException when the volume cannot be written.</summary>
    public void Save(OutboxItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_gate)
        {
            Write(item);
        }
    }

    /// <summary>Deletes finished reports about days older than <see cref="KeepDays"/>.</summary>
    public void Prune(DateTimeOffset now)
    {
        var oldest = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-KeepDays);
        foreach (var item in All().Where(i => i.Outcome is not null && i.Report.Day < oldest))
        {
            lock (_gate)
            {
                File.Delete(PathOf(item.Report.ReportId));
            }
        }
    }

    // Named by a hash of the report id: ids come from the network and must never make a path.
    private string PathOf(string reportId) =>
        Path.Combine(_folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(reportId)))[..32] + ".json");

    private void Write(OutboxItem item)
    {
        var path = PathOf(item.Report.ReportId);
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, item);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        DirectorySync.Fsync(_folder);
    }
}
