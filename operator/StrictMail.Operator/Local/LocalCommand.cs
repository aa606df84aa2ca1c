using StrictMail.Operator.Reporting;
using StrictMail.Policy.Document;

namespace StrictMail.Operator.Local;

/// <summary>
/// <c>operator local</c>: compiles a directory of TlsPolicy files into the policy document a relay
/// reads, without a cluster. With --watch it recompiles on every change and keeps the last good
/// document in place while the files have errors.
/// </summary>
internal sealed class LocalCommand(LocalOptions options, TextWriter output, TextWriter errors)
{
    private string? _writtenRevision;

    /// <summary>0 when the document was written (or, with --watch, on Ctrl-C); 1 when the files have errors; 2 when the directory is missing.</summary>
    public async Task<int> RunAsync(CancellationToken cancellation)
    {
        if (!Directory.Exists(options.PoliciesDirectory))
        {
            await errors.WriteLineAsync($"error: policy directory '{options.PoliciesDirectory}' does not exist; pass an existing directory with --policies").ConfigureAwait(false);
            return 2;
        }

        var ok = await CompileOnceAsync().ConfigureAwait(false);
        if (!options.Watch)
        {
            return ok ? 0 : 1;
        }

        await output.WriteLineAsync($"watching {options.PoliciesDirectory} for changes (Ctrl-C to stop)").ConfigureAwait(false);
        using var reporting = StartReporting(cancellation);
        var seen = DirectoryFingerprint.Of(options.PoliciesDirectory);
        using var timer = new PeriodicTimer(options.PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false))
            {
                var now = DirectoryFingerprint.Of(options.PoliciesDirectory);
                if (now != seen)
                {
                    seen = now;
                    await CompileOnceAsync().ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        if (reporting is not null)
        {
            await reporting.Task.ConfigureAwait(false);
        }

        return 0;
    }

    // TLS reports for the one local relay, beside the watch loop; always "leading".
    private ReportingRun? StartReporting(CancellationToken cancellation)
    {
        if (options.ReportRelay is not { } relay || options.Reporting is not { Enabled: true } settings)
        {
            return null;
        }

        var client = new RelayReportClient(settings);
        var log = new ReportingLog(new TextWriterLogger(output));
        var cycle = new TlsReportCycle(client, new FileReportingProgress(options.ReportProgressFile), settings, TimeProvider.System, log);
        var relays = new ReportingRelays([relay], 1);
        var worker = new TlsReportWorker(cycle, _ => Task.FromResult(relays), () => true, settings.Interval, log);
        return new ReportingRun(client, worker.RunAsync(cancellation));
    }

    private sealed record ReportingRun(RelayReportClient Client, Task Task) : IDisposable
    {
        public void Dispose() => Client.Dispose();
    }

    private async Task<bool> CompileOnceAsync()
    {
        LocalBuild compilation;
        try
        {
            compilation = LocalDocumentBuilder.BuildFromDirectory(options.PoliciesDirectory);
        }
        catch (IOException e)
        {
            await errors.WriteLineAsync($"error: cannot read {options.PoliciesDirectory}: {e.Message}").ConfigureAwait(false);
            return false;
        }

        foreach (var diagnostic in compilation.Diagnostics)
        {
            await errors.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
        }

        if (compilation.Document is not { } document)
        {
            var kept = _writtenRevision is null ? "nothing was written" : $"{options.OutputFile} keeps revision {_writtenRevision}";
            await errors.WriteLineAsync($"error: the policies have errors; {kept}").ConfigureAwait(false);
            return false;
        }

        if (document.Revision != _writtenRevision)
        {
            AtomicFile.Write(options.OutputFile, PolicyDocumentJson.Serialize(document));
            _writtenRevision = document.Revision;
            await output.WriteLineAsync($"wrote {options.OutputFile}: revision {document.Revision}, {document.Policies.Count} policies").ConfigureAwait(false);
        }

        return true;
    }
}
