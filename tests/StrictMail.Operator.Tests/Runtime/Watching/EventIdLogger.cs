using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace StrictMail.Operator.Tests.Runtime.Watching;

/// <summary>A logger that records the event id of every message, for tests that assert what the watcher said.</summary>
internal sealed class EventIdLogger(ConcurrentQueue<int> ids) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        ids.Enqueue(eventId.Id);
}
