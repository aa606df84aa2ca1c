using StrictMail.Policy.Model;
using StrictMail.Relay.Delivery;
using StrictMail.Relay.Delivery.Tls;

namespace StrictMail.Relay.Tests.Delivery;

/// <summary>Inputs for the pure per-host decisions (DANE, MTA-STS, REQUIRETLS).</summary>
internal static class HostPlans
{
    /// <summary>One usable DANE-EE record for mx.partner.test.</summary>
    public static readonly DaneExpectation Records = new([new TlsaRecordData(3, 1, 1, new byte[32])], "mx.partner.test", ["mx.partner.test"]);

    /// <summary>A plan at <paramref name="level"/> where DANE does not apply.</summary>
    public static HostPlan Plan(TlsLevel level) => new(level, null, null, "DANE does not apply");
}
