using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StrictMail.Policy.Reporting;
using StrictMail.Relay.Queue;

namespace StrictMail.Relay.ReportSending;

/// <summary>
/// The reports this relay was handed to send, one file each in <c>tlsrpt/outbox/</c> on its volume, written atomically
/// and fsynced before the operator hears "accepted", so a restart loses none. Finished reports stay (by report id) for
/// <see cref="KeepDays"/> days, so a report handed over again is not sent twice. The folder is read once, at first use,
/// into a small index (when each report is due, whether it is finished); after that only due reports are read back, so
/// the sender's every-30-seconds look costs no disk reads while nothing is due. Thread-safe; one relay owns the folder.
/// </summary>
internal sealed class TlsReportOutbox
{
    public const int KeepDays = 10;

    private readonly Lock _gate = new();
    private readonly string _folder;
    private Dictionary<string, Entry>? _index;
    private List<string> _loadProblems = [];

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
            var index = Index();
            Directory.CreateDirectory(_folder);
            foreach (var report in reports)
            {
                if (index.ContainsKey(PathOf(report.ReportId)))
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
        lock (_gate)
        {
            var index = Index();
            foreach (var problem in _loadProblems)
            {
                problems.Add(problem);
            }

            _loadProblems = [];
            var due = new List<OutboxItem>();
            foreach (var (path, _) in index.Where(e => e.Value.Outcome is null && e.Value.Due <= now).OrderBy(e => e.Value.Due))
            {
                if (Read(path, problems) is { } item)
                {
                    due.Add(item);
                }
            }

            return due;
        }
    }

    /// <summary>Every report here, finished or not, as the files have them.</summary>
    public IReadOnlyList<OutboxItem> All()
    {
        lock (_gate)
        {
            return [.. Index().Keys.Select(path => Read(path, null)).OfType<OutboxItem>()];
        }
    }

    /// <summary>Writes the item's new state; throws IOException when the volume cannot be written.</summary>
    public void Save(OutboxItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_gate)
        {
            Index();
            Write(item);
        }
    }

    /// <summary>Deletes finished reports about days older than <see cref="KeepDays"/>.</summary>
    public void Prune(DateTimeOffset now)
    {
        var oldest = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-KeepDays);
        lock (_gate)
        {
            var index = Index();
            foreach (var path in index.Where(e => e.Value.Outcome is not null && e.Value.Day < oldest).Select(e => e.Key).ToList())
            {
                File.Delete(path);
                index.Remove(path);
            }
        }
    }

    // The folder as the index has it, read at first use; a file that cannot be read is left out and named once.
    private Dictionary<string, Entry> Index()
    {
        if (_index is not null)
        {
            return _index;
        }

        _index = new Dictionary<string, Entry>(StringComparer.Ordinal);
        if (Directory.Exists(_folder))
        {
            foreach (var file in Directory.EnumerateFiles(_folder, "*.json"))
            {
                if (Read(file, _loadProblems) is { } item)
                {
                    _index[file] = Entry.Of(item);
                }
            }
        }

        return _index;
    }

    private static OutboxItem? Read(string file, ICollection<string>? problems)
    {
        try
        {
            return JsonSerializer.Deserialize<OutboxItem>(File.ReadAllBytes(file)) is { Report.ReportId.Length: > 0 } item ? item : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            problems?.Add($"{file}: {e.Message}");
            return null;
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
        _index![path] = Entry.Of(item);
    }

    private sealed record Entry(DateTimeOffset Due, string? Outcome, DateOnly Day)
    {
        public static Entry Of(OutboxItem item) => new(item.Due, item.Outcome, item.Report.Day);
    }
}
