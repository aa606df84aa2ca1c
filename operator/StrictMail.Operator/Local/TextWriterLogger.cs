using Microsoft.Extensions.Logging;

namespace StrictMail.Operator.Local;

/// <summary>Local mode's logger: Information and above as one line on the command's output, as the rest of `local` writes.</summary>
internal sealed class TextWriterLogger(TextWriter output) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (IsEnabled(logLevel))
        {
            var level = logLevel >= LogLevel.Warning ? logLevel.ToString().ToLowerInvariant() + ": " : string.Empty;
            lock (output)
            {
                output.WriteLine(level + formatter(state, exception) + (exception is null ? string.Empty : ": " + exception.Message));
            }
        }
    }
}
