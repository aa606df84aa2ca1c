using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace StrictMail.Operator.Tests.Reporting;

/// <summary>The DKIM key record the test published, for <paramref name="domain"/> and <paramref name="selector"/> only.</summary>
internal sealed class StaticDkimKeyLocator(string domain, string selector, string record) : DkimPublicKeyLocatorBase
{
    public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain1, string selector1, CancellationToken cancellationToken = default)
    {
        Assert.Equal((domain, selector), (domain1, selector1));
        return GetPublicKey(record);
    }

    public override Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain1, string selector1, CancellationToken cancellationToken = default) =>
        Task.FromResult(LocatePublicKey(methods, domain1, selector1, cancellationToken));
}
