using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using StrictMail.Operator.Telemetry;

namespace StrictMail.Operator.Tests.Telemetry;

// Other tests create OperatorMetrics (same meter name) in parallel, so every test owns a meter
// factory and listens only to the instruments of meters that factory made.
public sealed class OperatorMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly List<(string Instrument, string? Unit, double Value, Dictionary<string, object?> Tags)> _measurements = [];
    private readonly Dictionary<string, Instrument> _instruments = new(StringComparer.Ordinal);
    private readonly MeterListener _listener = new();
    private readonly IMeterFactory _factory;

    public OperatorMetricsTests()
    {
        _factory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, _factory))
            {
                lock (_instruments)
                {
                    _instruments[instrument.Name] = instrument;
                }

                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    [Fact]
    public void Constructor_WithFactory_PublishesTheFiveInstrumentsUnderTheOperatorMeter()
    {
        using var metrics = new OperatorMetrics(_factory);

        lock (_instruments)
        {
            Assert.Equal(
                ["strictmail.operator.apply_lag", "strictmail.operator.policies", "strictmail.operator.probe.certificate_expiry", "strictmail.operator.reconcile.duration", "strictmail.operator.reconciliations"],
                _instruments.Keys.Order(StringComparer.Ordinal));
            Assert.All(_instruments.Values, i => Assert.Equal("StrictMail.Operator", i.Meter.Name));
            Assert.IsType<Counter<long>>(_instruments["strictmail.operator.reconciliations"]);
            Assert.IsType<Histogram<double>>(_instruments["strictmail.operator.reconcile.duration"]);
            Assert.IsType<Histogram<double>>(_instruments["strictmail.operator.apply_lag"]);
            Assert.IsType<ObservableGauge<int>>(_instruments["strictmail.operator.policies"]);
            Assert.Equal("s", _instruments["strictmail.operator.reconcile.duration"].Unit);
            Assert.Equal("s", _instruments["strictmail.operator.apply_lag"].Unit);
            Assert.IsType<ObservableGauge<double>>(_instruments["strictmail.operator.probe.certificate_expiry"]);
            Assert.Equal("s", _instruments["strictmail.operator.probe.certificate_expiry"].Unit);
        }
    }

    [Fact]
    public void Reconciled_Once_CountsOneWithControllerAndResult()
    {
        using var metrics = new OperatorMetrics(_factory);

        metrics.Reconciled("tlspolicy", "success", TimeSpan.FromMilliseconds(250));

        var count = Assert.Single(Measured("strictmail.operator.reconciliations"));
        Assert.Equal(1, count.Value);
        Assert.Equal(new Dictionary<string, object?> { ["controller"] = "tlspolicy", ["result"] = "success" }, count.Tags);
    }

    [Fact]
    public void Reconciled_Once_RecordsDurationInSecondsTaggedByControllerOnly()
    {
        using var metrics = new OperatorMetrics(_factory);

        metrics.Reconciled("tlspolicy", "error", TimeSpan.FromMilliseconds(250));

        var duration = Assert.Single(Measured("strictmail.operator.reconcile.duration"));
        Assert.Equal(0.25, duration.Value, precision: 9);
        Assert.Equal("s", duration.Unit);
        Assert.Equal(new Dictionary<string, object?> { ["controller"] = "tlspolicy" }, duration.Tags);
    }

    [Fact]
    public void Reconciled_SeveralResults_EachTaggedWithItsOwn()
    {
        using var metrics = new OperatorMetrics(_factory);

        metrics.Reconciled("tlspolicy", "success", TimeSpan.Zero);
        metrics.Reconciled("tlspolicy", "requeue", TimeSpan.Zero);
        metrics.Reconciled("tlspolicy", "requeue", TimeSpan.Zero);
        metrics.Reconciled("tlspolicy", "error", TimeSpan.Zero);

        var byResult = Measured("strictmail.operator.reconciliations")
            .GroupBy(m => (string)m.Tags["result"]!)
            .ToDictionary(g => g.Key, g => g.Sum(m => m.Value), StringComparer.Ordinal);
        Assert.Equal(new Dictionary<string, double> { ["success"] = 1, ["requeue"] = 2, ["error"] = 1 }, byResult);
    }

    [Fact]
    public void Applied_Lag_RecordedInSeconds()
    {
        using var metrics = new OperatorMetrics(_factory);

        metrics.Applied(TimeSpan.FromSeconds(3.5));

        var lag = Assert.Single(Measured("strictmail.operator.apply_lag"));
        Assert.Equal((3.5, "s"), (lag.Value, lag.Unit));
        Assert.Empty(lag.Tags);
    }

    [Fact]
    public void Applied_NegativeLag_ClampedToZero()
    {
        using var metrics = new OperatorMetrics(_factory);

        metrics.Applied(TimeSpan.FromSeconds(-2));

        Assert.Equal(0, Assert.Single(Measured("strictmail.operator.apply_lag")).Value);
    }

    [Fact]
    public void Policies_BeforeAnyCount_GaugeReportsZeroForEachState()
    {
        using var metrics = new OperatorMetrics(_factory);

        Assert.Equal(new Dictionary<string, double> { ["accepted"] = 0, ["invalid"] = 0, ["conflict"] = 0 }, ObservePolicies());
    }

    [Fact]
    public void Policies_Set_GaugeReportsEachState()
    {
        using var metrics = new OperatorMetrics(_factory);

        metrics.Policies(accepted: 7, invalid: 2, conflict: 1);

        Assert.Equal(new Dictionary<string, double> { ["accepted"] = 7, ["invalid"] = 2, ["conflict"] = 1 }, ObservePolicies());
    }

    [Fact]
    public void Policies_SetAgain_GaugeReportsTheLatest()
    {
        using var metrics = new OperatorMetrics(_factory);
        metrics.Policies(7, 2, 1);

        metrics.Policies(3, 0, 0);

        Assert.Equal(new Dictionary<string, double> { ["accepted"] = 3, ["invalid"] = 0, ["conflict"] = 0 }, ObservePolicies());
    }

    [Fact]
    public void Certificates_Set_GaugeReportsSecondsUntilNotAfterTaggedByPolicyAndMx()
    {
        using var metrics = new OperatorMetrics(_factory);
        var now = DateTime.UtcNow;

        metrics.Certificates([new("mail/bank", "mx1.bank.example", now.AddDays(5)), new("mail/bank", "mx2.bank.example", now.AddDays(-1))]);

        var observed = ObserveCertificates();
        Assert.Equal(["mx1.bank.example", "mx2.bank.example"], observed.Select(m => (string)m.Tags["mx"]!).Order(StringComparer.Ordinal));
        Assert.All(observed, m => Assert.Equal(("mail/bank", "s"), ((string)m.Tags["policy"]!, m.Unit)));
        Assert.InRange(observed.Single(m => (string)m.Tags["mx"]! == "mx1.bank.example").Value, (5 * 86400) - 60, 5 * 86400);
        Assert.InRange(observed.Single(m => (string)m.Tags["mx"]! == "mx2.bank.example").Value, -86400 - 60, -86400);
    }

    [Fact]
    public void Certificates_Replaced_SeriesOfPoliciesLeftOutDisappear()
    {
        using var metrics = new OperatorMetrics(_factory);
        metrics.Certificates([new("mail/bank", "mx.bank.example", DateTime.UtcNow.AddDays(5)), new("mail/shop", "mx.shop.example", DateTime.UtcNow.AddDays(9))]);

        metrics.Certificates([new("mail/shop", "mx.shop.example", DateTime.UtcNow.AddDays(9))]);

        Assert.Equal(["mail/shop"], ObserveCertificates().Select(m => (string)m.Tags["policy"]!));
    }

    [Fact]
    public void Dispose_OwnMeter_CompletesItsInstrumentsAndStopsMeasuring()
    {
        // Without a factory the instance owns its meter. Unique controller names pick out our
        // instrument among those of instances other tests create at the same time.
        var before = "before-" + Guid.NewGuid().ToString("N");
        var after = "after-" + Guid.NewGuid().ToString("N");
        var measured = new List<(Instrument Instrument, string Controller)>();
        var completed = new List<Instrument>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "strictmail.operator.reconciliations" && instrument.Meter.Scope is null)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.MeasurementsCompleted = (instrument, _) =>
        {
            lock (completed)
            {
                completed.Add(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "controller" && tag.Value is string controller && (controller == before || controller == after))
                {
                    lock (measured)
                    {
                        measured.Add((instrument, controller));
                    }
                }
            }
        });
        listener.Start();
        var metrics = new OperatorMetrics();
        metrics.Reconciled(before, "success", TimeSpan.Zero);

        metrics.Dispose();
        metrics.Reconciled(after, "success", TimeSpan.Zero);

        lock (measured)
        {
            var ours = Assert.Single(measured).Instrument;
            lock (completed)
            {
                Assert.Contains(ours, completed);
            }
        }
    }

    [Fact]
    public void Constructor_WithoutFactory_OwnMeterNamedStrictMailOperator()
    {
        var seen = new List<(string Meter, int Accepted)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "strictmail.operator.policies" && instrument.Meter.Scope is null)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "state" && (string?)tag.Value == "accepted")
                {
                    lock (seen)
                    {
                        seen.Add((instrument.Meter.Name, value));
                    }
                }
            }
        });
        listener.Start();
        using var metrics = new OperatorMetrics();

        // Other tests' instances may be observed too: a count nobody else reports picks out ours.
        metrics.Policies(accepted: 424_242, invalid: 0, conflict: 0);
        listener.RecordObservableInstruments();

        lock (seen)
        {
            Assert.Contains((OperatorMetrics.MeterName, 424_242), seen);
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private Dictionary<string, double> ObservePolicies()
    {
        lock (_measurements)
        {
            _measurements.RemoveAll(m => m.Instrument == "strictmail.operator.policies");
        }

        _listener.RecordObservableInstruments();
        return Measured("strictmail.operator.policies").ToDictionary(m => (string)m.Tags["state"]!, m => m.Value, StringComparer.Ordinal);
    }

    private List<(string Instrument, string? Unit, double Value, Dictionary<string, object?> Tags)> ObserveCertificates()
    {
        lock (_measurements)
        {
            _measurements.RemoveAll(m => m.Instrument == "strictmail.operator.probe.certificate_expiry");
        }

        _listener.RecordObservableInstruments();
        return Measured("strictmail.operator.probe.certificate_expiry");
    }

    private List<(string Instrument, string? Unit, double Value, Dictionary<string, object?> Tags)> Measured(string instrument)
    {
        lock (_measurements)
        {
            return [.. _measurements.Where(m => m.Instrument == instrument)];
        }
    }

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct, IConvertible
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        lock (_measurements)
        {
            _measurements.Add((instrument.Name, instrument.Unit, value.ToDouble(System.Globalization.CultureInfo.InvariantCulture), copy));
        }
    }
}
