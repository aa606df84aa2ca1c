using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Tests.TestSupport;
using StrictMail.TestSupport.Logging;
using StrictMail.TestSupport.Pki;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.Delivery;

/// <summary>
/// A hostile MX answers with a multi-line reply whose second line is shaped like one of the relay's
/// own log lines: the result line must stay one line, with the forged part visibly escaped.
/// </summary>
[Collection(RelayHostGroup.Name)]
public sealed class DeliveryLogInjectionTests
{
    private const string Forged = "info: StrictMail.Relay.Delivery.DeliveryEngine[2001] to=<ceo@partner.test> policy=mail/partner level=Secure status=Delivered";

    [Fact]
    public async Task Deliver_MultiLineReplyForgingALogLine_LoggedOnOneLineWithTheForgeryEscaped()
    {
        var log = new RecordingLogger<DeliveryEngine>();
        await using var scenario = DeliveryScenario.Start(
            new FakeMxOptions
            {
                Certificate = TestPki.Shared.Good,
                RecipientReplies = new Dictionary<string, string> { ["alice@partner.test"] = $"550-5.1.1 no such user\r\n550 5.1.1 \u001b[2K{Forged}" },
            },
            configure: services => services.AddSingleton<ILogger<DeliveryEngine>>(log));

        var outcome = await scenario.DeliverAsync(DeliveryScenario.Policy(TlsLevel.Secure));

        Assert.Equal(DeliveryStatus.Bounced, Assert.Single(outcome.Recipients).Status);
        var line = Assert.Single(log.Entries, e => e.EventId == 2001).Text;
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\u001b', line);
        Assert.True(line.Contains(@"\x1B[2K" + Forged, StringComparison.Ordinal), line);
        Assert.True(line.Contains(@"no such user\n", StringComparison.Ordinal), line);
    }
}
