using StrictMail.Relay.Inbound;
using StrictMail.TestSupport.Pki;

namespace StrictMail.Relay.Tests.Inbound;

public sealed class InboundOptionsValidatorTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("strictmail-inbound-options-");

    [Fact]
    public void Validate_Defaults_Succeeds() => Assert.True(new InboundOptionsValidator().Validate(null, new InboundOptions()).Succeeded);

    [Theory]
    [InlineData("127.0.0.1:2525")]
    [InlineData("[::]:2525")]
    [InlineData("[::1]:0")]
    public void Validate_ListenAddress_IpAndPortAccepted(string address) =>
        Assert.True(new InboundOptionsValidator().Validate(null, new InboundOptions { ListenAddress = address }).Succeeded);

    [Theory]
    [InlineData("ListenAddress", "localhost:25", "Relay:Inbound:ListenAddress 'localhost:25' is not ip:port")]
    [InlineData("ListenAddress", "0.0.0.0", "Relay:Inbound:ListenAddress '0.0.0.0' is not ip:port")]
    [InlineData("ListenAddress", "::1", "Relay:Inbound:ListenAddress '::1' is not ip:port")]
    [InlineData("HostName", "two words", "Relay:Inbound:HostName 'two words' must be one word")]
    [InlineData("ClientNetworks", "0.0.0.0/0", "Relay:Inbound:ClientNetworks: '0.0.0.0/0' would let every address")]
    [InlineData("MaxMessageSize", "0", "Relay:Inbound:MaxMessageSize 0 must be at least 1024")]
    [InlineData("MaxRecipients", "0", "Relay:Inbound:MaxRecipients 0 must be at least 1")]
    [InlineData("MaxLineLength", "100", "Relay:Inbound:MaxLineLength 100 must be between 998")]
    [InlineData("IdleTimeout", "0", "Relay:Inbound:IdleTimeout must be more than zero")]
    [InlineData("MaxConnections", "0", "Relay:Inbound:MaxConnections 0 must be at least 1")]
    [InlineData("MaxErrors", "0", "Relay:Inbound:MaxErrors 0 must be at least 1")]
    [InlineData("CertificateFile", "/tls.crt", "Relay:Inbound:CertificateFile and Relay:Inbound:KeyFile must be set together")]
    [InlineData("UsersFile", "/users", "Relay:Inbound:UsersFile needs Relay:Inbound:CertificateFile")]
    public void Validate_BadSetting_NamesItAndSaysWhatToDo(string setting, string value, string expected)
    {
        var options = new InboundOptions();
        switch (setting)
        {
            case "ListenAddress": options.ListenAddress = value; break;
            case "HostName": options.HostName = value; break;
            case "ClientNetworks": options.ClientNetworks = [value]; break;
            case "MaxMessageSize": options.MaxMessageSize = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "MaxRecipients": options.MaxRecipients = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "MaxLineLength": options.MaxLineLength = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "IdleTimeout": options.IdleTimeout = TimeSpan.Zero; break;
            case "MaxConnections": options.MaxConnections = 0; break;
            case "MaxErrors": options.MaxErrors = 0; break;
            case "CertificateFile": options.CertificateFile = value; break;
            case "UsersFile": options.UsersFile = value; break;
        }

        var result = new InboundOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_CertificateAndUsersFilesThatLoad_Succeeds()
    {
        var options = WithFiles();
        File.WriteAllText(options.UsersFile, InboundHarness.UsersFileLine("app", "pw") + "\n");

        Assert.True(new InboundOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_KeyNotMatchingCertificate_SaysItCannotBeLoaded()
    {
        var options = WithFiles();
        PemFiles.WritePrivateKey(options.KeyFile, TestPki.Shared.WrongName);

        var failure = Assert.Single(new InboundOptionsValidator().Validate(null, options).Failures!);

        Assert.StartsWith($"Relay:Inbound:CertificateFile '{options.CertificateFile}' with Relay:Inbound:KeyFile", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UsersFileWithPlaintextPassword_NamesTheLine()
    {
        var options = WithFiles();
        File.WriteAllText(options.UsersFile, "app:hunter2\n");

        var failure = Assert.Single(new InboundOptionsValidator().Validate(null, options).Failures!);

        Assert.Contains("line 1 is not user:pbkdf2-sha256$", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private InboundOptions WithFiles()
    {
        var options = new InboundOptions
        {
            CertificateFile = Path.Combine(_directory.FullName, "tls.crt"),
            KeyFile = Path.Combine(_directory.FullName, "tls.key"),
            UsersFile = Path.Combine(_directory.FullName, "users"),
        };
        PemFiles.WriteCertificate(options.CertificateFile, TestPki.Shared.Good);
        PemFiles.WritePrivateKey(options.KeyFile, TestPki.Shared.Good);
        File.WriteAllText(options.UsersFile, string.Empty);
        return options;
    }
}
