using System.Net;
using Microsoft.Extensions.Options;

namespace StrictMail.Relay.Delivery;

/// <summary>Refuses delivery settings that cannot work, naming each bad setting.</summary>
internal sealed class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        foreach (var server in options.DnsServers)
        {
            if (!IPEndPoint.TryParse(server, out _))
            {
                problems.Add($"Relay:Delivery:DnsServers entry '{server}' is not an IP address or ip:port");
            }
        }

        foreach (var server in options.DnssecResolvers)
        {
            if (!IPEndPoint.TryParse(server, out _))
            {
                problems.Add($"Relay:Delivery:DnssecResolvers entry '{server}' is not an IP address or ip:port");
            }
        }

        if (string.IsNullOrWhiteSpace(options.DnssecCheckName))
        {
            problems.Add("Relay:Delivery:DnssecCheckName must name a DNSSEC-signed zone (\".\" for the root)");
        }

        Positive(problems, "DnssecCheckInterval", options.DnssecCheckInterval);
        Positive(problems, "DnssecRetryInterval", options.DnssecRetryInterval);
        Positive(problems, "MtaStsFetchTimeout", options.MtaStsFetchTimeout);
        if (options.MtaStsHttpsPort is < 1 or > 65535)
        {
            problems.Add($"Relay:Delivery:MtaStsHttpsPort {options.MtaStsHttpsPort} must be between 1 and 65535");
        }
        Positive(problems, "DnsTimeout", options.DnsTimeout);
        Positive(problems, "ConnectTimeout", options.ConnectTimeout);
        Positive(problems, "CommandTimeout", options.CommandTimeout);
        Positive(problems, "ConnectionIdleTimeout", options.ConnectionIdleTimeout);
        Positive(problems, "ContinuityMemory", options.ContinuityMemory);
        if (options.SmtpPort is < 1 or > 65535)
        {
            problems.Add($"Relay:Delivery:SmtpPort {options.SmtpPort} must be between 1 and 65535");
        }

        AtLeastOne(problems, "MaxConcurrencyPerDestination", options.MaxConcurrencyPerDestination);
        AtLeastOne(problems, "MaxMessagesPerConnection", options.MaxMessagesPerConnection);
        AtLeastOne(problems, "ContinuityMaxHosts", options.ContinuityMaxHosts);
        if (options.MaxIdleConnections < 0)
        {
            problems.Add("Relay:Delivery:MaxIdleConnections must not be negative (0 keeps no idle connection)");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void Positive(List<string> problems, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add($"Relay:Delivery:{setting} must be more than zero (e.g. 00:00:30)");
        }
    }

    private static void AtLeastOne(List<string> problems, string setting, int value)
    {
        if (value < 1)
        {
            problems.Add($"Relay:Delivery:{setting} must be at least 1");
        }
    }
}
