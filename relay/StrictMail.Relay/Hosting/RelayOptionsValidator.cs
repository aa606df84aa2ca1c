using Microsoft.Extensions.Options;
using StrictMail.Relay.Admin;

namespace StrictMail.Relay.Hosting;

/// <summary>Refuses to start with settings that cannot work, saying which setting is wrong and how to fix it.</summary>
internal sealed class RelayOptionsValidator : IValidateOptions<RelayOptions>
{
    /// <summary>The longest poll interval accepted; slower polling would hide a missed file system event for too long.</summary>
    public static readonly TimeSpan MaxPollInterval = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, RelayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.PolicyFile))
        {
            failures.Add("Relay:PolicyFile is empty; set it to the path of the compiled policy document, such as /etc/strictmail/policy/policy.json.");
        }

        if (!AdminListenAddress.TryParse(options.AdminUrl, out _, out var problem))
        {
            failures.Add($"Relay:AdminUrl {problem}");
        }

        if (options.PolicyPollInterval <= TimeSpan.Zero || options.PolicyPollInterval > MaxPollInterval)
        {
            failures.Add($"Relay:PolicyPollInterval is {options.PolicyPollInterval}; it must be more than 0 and at most {MaxPollInterval}, such as 00:00:01.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
