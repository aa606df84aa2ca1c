using System.Net;
using StrictMail.Policy.Document;
using StrictMail.Policy.Model;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.TestSupport.Processes;

/// <summary>How a <see cref="RelayProcess"/> is configured; everything else is the relay's default.</summary>
internal sealed class RelayProcessOptions
{
    /// <summary>The DNS server the relay resolves MX and A records with (Relay:Delivery:DnsServers:0).</summary>
    public required IPEndPoint DnsServer { get; init; }

    /// <summary>The port the relay delivers to on every MX (Relay:Delivery:SmtpPort): the test sink's port.</summary>
    public required int DeliveryPort { get; init; }

    /// <summary>The address inbound SMTP and the admin port listen on; default a fresh one from <see cref="Loopback.NextAddress"/>.</summary>
    public IPAddress? ListenAddress { get; init; }

    /// <summary>The policy document's bytes; default one Opportunistic policy for every domain.</summary>
    public byte[] PolicyDocument { get; init; } = OpportunisticForAll();

    /// <summary>More command-line settings, e.g. "--Relay:Inbound:ClientNetworks:0=127.0.0.1/32".</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>Environment variables for the relay process, e.g. SSL_CERT_FILE to make the test CA its system roots.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The document the operator would write for one "mail/default" policy: Opportunistic for "*".</summary>
    public static byte[] OpportunisticForAll() =>
        PolicyDocumentJson.Serialize(PolicyDocumentJson.Create([new CompiledPolicy { Name = "mail/default", Domains = ["*"], Level = TlsLevel.Opportunistic }]));
}
