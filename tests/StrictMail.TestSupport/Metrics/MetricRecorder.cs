using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace StrictMail.TestSupport.Metrics;

/// <summary>
/// Records the long-valued measurements of the meters one <see cref="IMeterFactory"/> made, so
/// tests that run side by side in one process do not see each other's metrics.
/// </summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<RecordedMeasurement> _measurements = new();

    public MetricRecorder(IMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var map = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value?.ToString();
            }

            _measurements.Enqueue(new RecordedMeasurement(instrument.Name, value, map));
        });
        _listener.Start();
    }

    /// <summary>Records the current values of the observable instruments (as a scrape would read them).</summary>
    public void Collect() => _listener.RecordObservableInstruments();

    /// <summary>Everything recorded for <paramref name="instrument"/>.</summary>
    public IReadOnlyList<RecordedMeasurement> Of(string instrument) => _measurements.Where(m => m.Instrument == instrument).ToArray();

    public void Dispose() => _listener.Dispose();
}
