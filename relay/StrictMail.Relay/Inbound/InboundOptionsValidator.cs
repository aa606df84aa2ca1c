using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using StrictMail.Relay.Inbound.Auth;
using StrictMail.Relay.Inbound.Tls;

namespace StrictMail.Relay.Inbound;

/// <summary>Refuses inbound settings that cannot work or would open the relay, naming each bad setting and what to do.</summary>
internal sealed class InboundOptionsValidator : IValidateOptions<InboundOptions>
{
    private const string Prefix = "Relay:Inbound:";

    public ValidateOptionsResult Validate(string? name, InboundOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (!IsIpAndPort(options.ListenAddress))
        {
            problems.Add($"{Prefix}ListenAddress '{options.ListenAddress}' is not ip:port (e.g. 0.0.0.0:2525 or [::]:2525)");
        }

        if (string.IsNullOrWhiteSpace(options.HostName) || options.HostName.Any(c => c is <= ' ' or > '~'))
        {
            problems.Add($"{Prefix}HostName '{options.HostName}' must be one word of printable ASCII (the name clients see in the greeting)");
        }

        try
        {
            _ = ClientNetworks.Parse(options.ClientNetworks);
        }
        catch (FormatException e)
        {
            problems.Add($"{Prefix}ClientNetworks: {e.Message}");
        }

        CheckCertificate(options, problems);
        CheckUsersFile(options, problems);
        AtLeast(problems, "MaxMessageSize", options.MaxMessageSize, 1024);
        AtLeast(problems, "MaxRecipients", options.MaxRecipients, 1);
        AtLeast(problems, "MaxConnections", options.MaxConnections, 1);
        AtLeast(problems, "MaxErrors", options.MaxErrors, 1);
        AtLeast(problems, "MaxConnectionsPerClient", options.MaxConnectionsPerClient, 0);
        AtLeast(problems, "MaxJunkCommands", options.MaxJunkCommands, 1);
        AtLeast(problems, "MaxConcurrentAuth", options.MaxConcurrentAuth, 0);
        AtLeast(problems, "MinDataRate", options.MinDataRate, 1);
        if (options.MaxLineLength is < 998 or > 65536)
        {
            problems.Add($"{Prefix}MaxLineLength {options.MaxLineLength} must be between 998 (RFC 5322's limit, which clients may use) and 65536");
        }

        Positive(problems, "IdleTimeout", options.IdleTimeout, "00:05:00");
        Positive(problems, "CommandTimeout", options.CommandTimeout, "00:01:00");
        Positive(problems, "TlsHandshakeTimeout", options.TlsHandshakeTimeout, "00:00:30");
        Positive(problems, "DataTimeout", options.DataTimeout, "00:02:00");
        Positive(problems, "AuthQueueTimeout", options.AuthQueueTimeout, "00:00:10");
        Positive(problems, "AuthFailureMemory", options.AuthFailureMemory, "00:15:00");
        if (options.AuthFailureDelay < TimeSpan.Zero || options.AuthFailureMaxDelay < options.AuthFailureDelay || options.AuthFailureMaxDelay > TimeSpan.FromHours(1))
        {
            problems.Add($"{Prefix}AuthFailureDelay must be zero or more and {Prefix}AuthFailureMaxDelay at least as long and at most an hour (e.g. 00:00:01 and 00:00:30)");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void CheckCertificate(InboundOptions options, List<string> problems)
    {
        var hasCertificate = options.CertificateFile.Length > 0;
        if (hasCertificate != options.KeyFile.Length > 0)
        {
            problems.Add($"{Prefix}CertificateFile and {Prefix}KeyFile must be set together (PEM files, e.g. tls.crt and tls.key of a Secret) or both left empty");
            return;
        }

        if (!hasCertificate)
        {
            return;
        }

        try
        {
            _ = ServerCertificateLoader.Load(File.ReadAllText(options.CertificateFile), File.ReadAllText(options.KeyFile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            problems.Add($"{Prefix}CertificateFile '{options.CertificateFile}' with {Prefix}KeyFile '{options.KeyFile}' cannot be loaded as a PEM certificate and its unencrypted private key: {e.Message}");
        }
    }

    private static void CheckUsersFile(InboundOptions options, List<string> problems)
    {
        if (options.UsersFile.Length == 0)
        {
            return;
        }

        if (options.CertificateFile.Length == 0)
        {
            problems.Add($"{Prefix}UsersFile needs {Prefix}CertificateFile and {Prefix}KeyFile: AUTH is only offered over STARTTLS");
        }

        try
        {
            if (UsersFileParser.Parse(File.ReadAllText(options.UsersFile), out var fileProblems) is null)
            {
                problems.Add($"{Prefix}UsersFile '{options.UsersFile}': {string.Join("; ", fileProblems)}");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{Prefix}UsersFile '{options.UsersFile}' cannot be read: {e.Message}");
        }
    }

    // IPEndPoint.TryParse also takes "0.0.0.0" (port 0) and "::1" (IPv6 without brackets, port 0); a port must be given.
    private static bool IsIpAndPort(string value) =>
        IPEndPoint.TryParse(value, out _)
        && (value.StartsWith('[') ? value.Contains("]:", StringComparison.Ordinal) : value.Count(c => c == ':') == 1);

    private static void AtLeast(List<string> problems, string setting, long value, long minimum)
    {
        if (value < minimum)
        {
            problems.Add($"{Prefix}{setting} {value} must be at least {minimum}");
        }
    }

    // At most a day: longer holds a session for no purpose, and timers cannot wait much longer than 49 days.
    private static void Positive(List<string> problems, string setting, TimeSpan value, string example)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(1))
        {
            problems.Add($"{Prefix}{setting} must be more than zero and at most a day (e.g. {example})");
        }
    }
}
