using StrictMail.Operator.Entities;

namespace StrictMail.Operator.Compilation;

/// <summary>
/// TlsPolicy fields the CRD accepts whose relay side is not built yet (REQUIRETLS: roadmap item 8),
/// so that a user who writes one hears it is not enforced rather than assuming it is. Pure.
/// </summary>
internal static class PlannedFeatures
{
    /// <summary>One warning per field of <paramref name="spec"/> that asks for something no relay does yet.</summary>
    public static IReadOnlyList<FieldError> Warnings(TlsPolicySpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var warnings = new List<FieldError>();
        if (spec.RequireTls is { HonorTlsRequiredNo: true })
        {
            warnings.Add(new FieldError("spec.requireTls.honorTlsRequiredNo", "not yet enforced: the relay ignores the TLS-Required header"));
        }

        return warnings;
    }
}
