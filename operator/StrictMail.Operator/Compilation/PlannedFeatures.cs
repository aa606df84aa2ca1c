using StrictMail.Operator.Entities;

namespace StrictMail.Operator.Compilation;

/// <summary>
/// TlsPolicy fields the CRD accepts whose relay side is not built yet (DANE, MTA-STS, REQUIRETLS: roadmap items 8-10),
/// so that a user who writes one hears it is not enforced rather than assuming it is. Pure.
/// </summary>
internal static class PlannedFeatures
{
    /// <summary>One warning per field of <paramref name="spec"/> that asks for something no relay does yet.</summary>
    public static IReadOnlyList<FieldError> Warnings(TlsPolicySpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var warnings = new List<FieldError>();
        if (spec.Level == "DaneOnly")
        {
            warnings.Add(new FieldError("spec.level", "DaneOnly is not yet enforced as DANE: until DANE is built the relay defers every message under it (it never sends without DANE)"));
        }

        if (spec.Discover is { Dane: true } or { MtaSts: true })
        {
            warnings.Add(new FieldError("spec.discover", "DANE and MTA-STS discovery are not yet enforced: the relay applies the level alone"));
        }

        if (spec.RequireTls is { HonorTlsRequiredNo: true })
        {
            warnings.Add(new FieldError("spec.requireTls.honorTlsRequiredNo", "not yet enforced: the relay ignores the TLS-Required header"));
        }

        return warnings;
    }
}
