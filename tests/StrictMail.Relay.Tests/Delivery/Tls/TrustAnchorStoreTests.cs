using System.Text;
using Microsoft.Extensions.Options;
using StrictMail.Policy.Document;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Delivery.Tls;
using StrictMail.TestSupport.Files;
using StrictMail.TestSupport.Pki;

namespace StrictMail.Relay.Tests.Delivery.Tls;

public sealed class TrustAnchorStoreTests : IDisposable
{
    private static readonly TrustAnchorRef Anchor = new("partner-ca", "ca.crt");

    // Both generations get this modification time, so only the content tells them apart.
    private static readonly DateTime SameTime = new(2026, 12, 3, 10, 0, 0, DateTimeKind.Utc);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("strictmail-anchors-");
    private readonly TestCertificateAuthority _first = TestCertificateAuthority.Create("First partner CA");
    private readonly TestCertificateAuthority _second = TestCertificateAuthority.Create("Second partner CA");
    private readonly ProjectedVolume _secret;
    private readonly TrustAnchorStore _store;

    public TrustAnchorStoreTests()
    {
        _secret = new ProjectedVolume(SecretDirectory);
        _store = new TrustAnchorStore(Options.Create(new DeliveryOptions { TrustAnchorsDirectory = _directory.FullName }));
    }

    private string SecretDirectory => Path.Combine(_directory.FullName, Anchor.SecretName);

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public void For_SecretRotatedByDataSwapWithSameModificationTime_ReturnsTheNewCa()
    {
        _secret.Write(Anchor.Key, Pem(_first), SameTime);
        var before = _store.For(Anchor);

        _secret.Write(Anchor.Key, Pem(_second), SameTime);
        var after = _store.For(Anchor);

        Assert.Equal(_first.Certificate.Thumbprint, Assert.Single(before!).Thumbprint);
        Assert.Equal(_second.Certificate.Thumbprint, Assert.Single(after!).Thumbprint);
        Assert.NotSame(before, after);
    }

    [Fact]
    public void For_SameContentRepublished_ReturnsTheSameCollection()
    {
        _secret.Write(Anchor.Key, Pem(_first), SameTime);
        var before = _store.For(Anchor);

        // A resync of the Secret: a new generation, a new modification time, the same bytes.
        _secret.Write(Anchor.Key, Pem(_first), SameTime.AddHours(1));

        Assert.Same(before, _store.For(Anchor));
        Assert.Same(before, _store.For(Anchor));
    }

    [Fact]
    public void For_MissingFile_ThrowsTrustAnchorExceptionSayingSo()
    {
        var error = Assert.Throws<TrustAnchorException>(() => _store.For(Anchor));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("directory")]
    [InlineData("unreadable")]
    public void For_FileCannotBeRead_ThrowsTrustAnchorException(string shape)
    {
        var path = Path.Combine(SecretDirectory, Anchor.Key);
        Directory.CreateDirectory(SecretDirectory);
        if (shape == "directory")
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            // Root reads any file whatever its mode; reading /proc/self/mem from offset 0 fails with EIO for anyone.
            File.CreateSymbolicLink(path, "/proc/self/mem");
        }

        var error = Assert.Throws<TrustAnchorException>(() => _store.For(Anchor));

        Assert.Contains("cannot be read", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    private static byte[] Pem(TestCertificateAuthority ca) => Encoding.ASCII.GetBytes(PemFiles.Certificate(ca.Certificate));
}
