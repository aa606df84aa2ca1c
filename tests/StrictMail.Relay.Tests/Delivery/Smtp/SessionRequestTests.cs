using System.Net;
using StrictMail.Policy.Document;
using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery.Smtp;
using StrictMail.Relay.Delivery.Sts;

namespace StrictMail.Relay.Tests.Delivery.Smtp;

public sealed class SessionRequestTests
{
    private static readonly IPEndPoint Mx = new(IPAddress.Parse("127.0.0.10"), 25);
    private static readonly CompiledPolicy Policy = new() { Name = "mail/default", Domains = ["*"], Level = TlsLevel.Opportunistic };

    [Fact]
    public void Key_StsTestingWithAndWithoutTheAudit_NotShared()
    {
        // Two domains behind one MX under one policy: one's MTA-STS pattern matches (audited), the other's does not.
        var audited = new SessionRequest("mx.shared.test", Mx, "a.test", Policy, TlsLevel.Opportunistic, null, sts: new StsHostRule(StsMode.Testing, "1", "mx.shared.test"));
        var unaudited = new SessionRequest("mx.shared.test", Mx, "b.test", Policy, TlsLevel.Opportunistic, null, sts: new StsHostRule(StsMode.Testing, "1", null));

        Assert.NotNull(audited.StsAudit);
        Assert.Null(unaudited.StsAudit);
        Assert.NotEqual(audited.Key, unaudited.Key);
    }

    [Fact]
    public void Key_StsPolicyAndNone_NotShared()
    {
        var enforced = new SessionRequest("mx.shared.test", Mx, "a.test", Policy, TlsLevel.Verify, null, sts: new StsHostRule(StsMode.Enforce, "1", "mx.shared.test"));
        var plain = new SessionRequest("mx.shared.test", Mx, "b.test", Policy, TlsLevel.Verify, null);

        Assert.NotEqual(enforced.Key, plain.Key);
    }

    [Fact]
    public void Key_RequireTlsAndNot_NotSharedAndNoTestingLeniency()
    {
        var testing = Policy with { Mode = PolicyMode.Testing };
        var strict = new SessionRequest("mx.shared.test", Mx, "a.test", testing, TlsLevel.Verify, null, requireTls: true);
        var lenient = new SessionRequest("mx.shared.test", Mx, "a.test", testing, TlsLevel.Verify, null);

        Assert.NotEqual(strict.Key, lenient.Key);
        Assert.Equal((false, true), (strict.Testing, lenient.Testing));
    }

    [Fact]
    public void Key_SameStsTestingAuditForTwoDomains_Shared()
    {
        var a = new SessionRequest("mx.shared.test", Mx, "a.test", Policy, TlsLevel.Opportunistic, null, sts: new StsHostRule(StsMode.Testing, "1", "mx.shared.test"));
        var b = new SessionRequest("mx.shared.test", Mx, "b.test", Policy, TlsLevel.Opportunistic, null, sts: new StsHostRule(StsMode.Testing, "7", "*.shared.test"));

        Assert.Equal(a.Key, b.Key);
        Assert.Equal(a.Key.GetHashCode(), b.Key.GetHashCode());
    }
}
