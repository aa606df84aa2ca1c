using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace StrictMail.TestSupport.Logging;

/// <summary>A logger that keeps the event id and text of every entry, for tests that assert what a component said.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(int EventId, string Text)> _entries = new();

    /// <summary>The entries so far, oldest first; the text ends with the exception's message when there is one.</summary>
    public IReadOnlyList<(int EventId, string Text)> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        _entries.Enqueue((eventId.Id, $"{formatter(state, exception)} {exception?.Message}"));
    }
}
