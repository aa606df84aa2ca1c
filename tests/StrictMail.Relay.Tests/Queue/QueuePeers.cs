using System.Text;
using MimeKit;
using StrictMail.TestSupport.Dns;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Queue;

/// <summary>What a queue test talks to: a fake MX (the test CA's good certificate) that DNS names as the MX of every given domain, and a spool directory of its own.</summary>
internal sealed class QueuePeers : IDisposable
{
    public QueuePeers(params string[] domains)
    {
        Mx = new FakeMxServer(new FakeMxOptions { Certificate = TestPki.Shared.Good }, Loopback.NextAddress());
        foreach (var domain in domains)
        {
            Dns.AddMx(domain, 10, TestPki.PartnerMx);
        }

        Dns.AddA(TestPki.PartnerMx, Mx.EndPoint.Address);
    }

    public TestDnsServer Dns { get; } = new();

    public FakeMxServer Mx { get; }

    public DirectoryInfo Spool { get; } = Directory.CreateTempSubdirectory("strictmail-spool-");

    /// <summary>A small message from <paramref name="sender"/> whose subject and body are <paramref name="text"/>.</summary>
    public static byte[] Body(string text, string sender = "app@internal.test") =>
        Encoding.ASCII.GetBytes($"From: {sender}\r\nTo: someone@partner.test\r\nSubject: {text}\r\nMessage-ID: <{Guid.NewGuid():N}@internal.test>\r\n\r\n{text}\r\n");

    /// <summary>The delivery-status part of a DSN.</summary>
    public static MessageDeliveryStatus Status(byte[] dsn)
    {
        var report = Assert.IsType<MultipartReport>(MimeMessage.Load(new MemoryStream(dsn)).Body);
        return Assert.Single(report.OfType<MessageDeliveryStatus>());
    }

    public void Dispose()
    {
        Mx.Dispose();
        Dns.Dispose();
        if (Spool.Exists)
        {
            Spool.Delete(recursive: true);
        }
    }
}
