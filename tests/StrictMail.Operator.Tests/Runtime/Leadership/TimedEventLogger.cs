using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace StrictMail.Operator.Tests.Runtime.Leadership;

/// <summary>A logger that records the event id and Stopwatch timestamp of every message.</summary>
internal sealed class TimedEventLogger : ILogger
{
    public ConcurrentQueue<(int Id, long At)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((eventId.Id, Stopwatch.GetTimestamp()));

    public long? First(int id) => Entries.Where(e => e.Id == id).Select(e => (long?)e.At).FirstOrDefault();
}
