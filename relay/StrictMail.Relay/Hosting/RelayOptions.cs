namespace StrictMail.Relay.Hosting;

/// <summary>Settings of the relay, bound from the "Relay" configuration section and validated at start.</summary>
internal sealed class RelayOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Relay";

    /// <summary>Path of the compiled policy document (JSON, or gzip of it) that the operator writes; reloaded when it changes.</summary>
    public string PolicyFile { get; set; } = "/etc/strictmail/policy/policy.json";

    /// <summary>Where the admin HTTP port listens (/healthz, /readyz, /policy, /metrics): http, an IP address or localhost, and a port.</summary>
    public string AdminUrl { get; set; } = "http://0.0.0.0:9464";

    /// <summary>How often the policy file is re-read and compared by hash, as a safety net for missed file system events.</summary>
    public TimeSpan PolicyPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The relay's own state on its volume: STARTTLS continuity and, unless Relay:Queue:Directory says otherwise, the queue.</summary>
    public string StateDirectory { get; set; } = "/var/spool/strictmail";
}
