using System.Security.Cryptography.X509Certificates;
using StrictMail.TestSupport.Pki;

namespace StrictMail.Bench.Pki;

/// <summary>
/// A throw-away CA made at run time (the tests' <see cref="TestCertificateAuthority"/>) and the sink's certificate for
/// "sink.test" and "mx.sink.test": both relays must verify the sink against this CA (never the machine's store) for the Secure runs.
/// </summary>
internal sealed class BenchPki : IDisposable
{
    private readonly TestCertificateAuthority _authority;

    private BenchPki(TestCertificateAuthority authority, X509Certificate2 sink)
    {
        _authority = authority;
        Sink = sink;
    }

    /// <summary>The CA certificate, public part only.</summary>
    public X509Certificate2 Authority => _authority.Certificate;

    /// <summary>The sink's server certificate with its private key.</summary>
    public X509Certificate2 Sink { get; }

    public static BenchPki Create(IReadOnlyList<string> sinkNames)
    {
        ArgumentNullException.ThrowIfNull(sinkNames);
        var authority = TestCertificateAuthority.Create("StrictMail bench CA");
        return new BenchPki(authority, authority.IssueServer(sinkNames, notAfter: DateTimeOffset.UtcNow.AddDays(30)));
    }

    /// <summary>Writes the CA certificate as PEM to <paramref name="path"/>.</summary>
    public void WriteAuthorityPem(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Authority.ExportCertificatePem() + "\n");
    }

    public void Dispose()
    {
        Sink.Dispose();
        _authority.Dispose();
    }
}
