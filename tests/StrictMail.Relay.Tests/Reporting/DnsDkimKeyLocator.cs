using Microsoft.Extensions.Options;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Delivery.Routing;

namespace StrictMail.Relay.Tests.Reporting;

/// <summary>DKIM public keys from DNS ("selector._domainkey.domain" TXT) through the relay's own resolver, as a receiver would look them up.</summary>
internal sealed class DnsDkimKeyLocator(System.Net.IPEndPoint dns) : DkimPublicKeyLocatorBase
{
    private readonly MxResolver _resolver = new(Options.Create(new DeliveryOptions { DnsServers = [dns.ToString()], DnsCache = false }));

    public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
        LocatePublicKeyAsync(methods, domain, selector, cancellationToken).GetAwaiter().GetResult();

    public override async Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default)
    {
        var txt = await _resolver.TxtAsync($"{selector}._domainkey.{domain}", cancellationToken);
        return GetPublicKey(Assert.Single(txt ?? []));
    }
}
