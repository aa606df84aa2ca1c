using Microsoft.Extensions.Options;

namespace StrictMail.Relay.ReportSending;

/// <summary>Refuses to start with reporting half configured: a key without domain, organisation or contact, or a key that cannot be read.</summary>
internal sealed class ReportSendingOptionsValidator : IValidateOptions<ReportSendingOptions>
{
    public ValidateOptionsResult Validate(string? name, ReportSendingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.SendWindow < TimeSpan.Zero || options.SendWindow > TimeSpan.FromHours(23))
        {
            failures.Add($"Relay:Reporting:SendWindow must be between 0 and 23:00:00, not {options.SendWindow}.");
        }

        if (options.GiveUpAfter <= TimeSpan.Zero)
        {
            failures.Add($"Relay:Reporting:GiveUpAfter must be positive, not {options.GiveUpAfter}.");
        }

        if (options.Enabled)
        {
            Require(failures, options.DkimDomain, "DkimDomain", "the DKIM signing domain and report submitter");
            Require(failures, options.DkimSelector, "DkimSelector", "the DKIM selector");
            Require(failures, options.OrganizationName, "OrganizationName", "organization-name in every report");
            Require(failures, options.ContactInfo, "ContactInfo", "contact-info in every report");
            if (!File.Exists(options.DkimKeyFile))
            {
                failures.Add($"Relay:Reporting:DkimKeyFile {options.DkimKeyFile} does not exist.");
            }
            else if (KeyProblem(options.DkimKeyFile) is { } problem)
            {
                failures.Add($"Relay:Reporting:DkimKeyFile {options.DkimKeyFile} is not a PEM RSA private key: {problem}");
            }

            if (!MimeKit.MailboxAddress.TryParse(options.Sender, out _) || !options.Sender.Contains('@', StringComparison.Ordinal))
            {
                failures.Add($"Relay:Reporting:From '{options.Sender}' is not an address.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // MimeKit reads the key only when it first signs: check it here, so a wrong file stops the relay at start, saying why.
    private static string? KeyProblem(string file)
    {
        try
        {
            using var rsa = System.Security.Cryptography.RSA.Create();
            rsa.ImportFromPem(File.ReadAllText(file));
            return null;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            return e.Message;
        }
    }

    private static void Require(List<string> failures, string value, string name, string meaning)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"Relay:Reporting:{name} is required once Relay:Reporting:DkimKeyFile is set: it is {meaning}.");
        }
    }
}
