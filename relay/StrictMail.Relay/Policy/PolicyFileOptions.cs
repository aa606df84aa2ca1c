namespace StrictMail.Relay.Policy;

/// <summary>Which policy file to load and how often to re-read it; not bound from configuration: the composition root copies Relay:PolicyFile and Relay:PolicyPollInterval in.</summary>
internal sealed class PolicyFileOptions
{
    /// <summary>Path of the compiled policy document (JSON, or gzip of it) that the operator writes.</summary>
    public string File { get; set; } = string.Empty;

    /// <summary>How often the policy file is re-read and compared by hash, as a safety net for missed file system events.</summary>
    public TimeSpan PollInterval { get; set; }
}
