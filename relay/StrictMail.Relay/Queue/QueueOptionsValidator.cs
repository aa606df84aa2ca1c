using Microsoft.Extensions.Options;

namespace StrictMail.Relay.Queue;

/// <summary>Refuses queue settings that cannot work, naming each bad setting.</summary>
internal sealed class QueueOptionsValidator : IValidateOptions<QueueOptions>
{
    public ValidateOptionsResult Validate(string? name, QueueOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.Workers < 1)
        {
            problems.Add("Relay:Queue:Workers must be at least 1");
        }

        foreach (var (setting, value) in new[] { ("MinimalBackoff", options.MinimalBackoff), ("MaximalBackoff", options.MaximalBackoff), ("MaximalLifetime", options.MaximalLifetime), ("ScanInterval", options.ScanInterval), ("CorruptRetention", options.CorruptRetention) })
        {
            if (value <= TimeSpan.Zero)
            {
                problems.Add($"Relay:Queue:{setting} must be more than zero (e.g. 00:05:00)");
            }
        }

        if (options.MaxCorruptMessages < 0)
        {
            problems.Add("Relay:Queue:MaxCorruptMessages must not be negative (0 keeps no damaged message)");
        }

        if (options.DrainTimeout < TimeSpan.Zero)
        {
            problems.Add("Relay:Queue:DrainTimeout must not be negative (00:00:00 cancels deliveries in flight at once)");
        }

        if (options.MaximalBackoff < options.MinimalBackoff)
        {
            problems.Add("Relay:Queue:MaximalBackoff must not be shorter than MinimalBackoff");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
