using k8s.Models;
using StrictMail.Operator.Entities;

namespace StrictMail.Operator.Tests.Compilation;

/// <summary>Builds TlsPolicy entities for tests.</summary>
internal static class PolicyFactory
{
    public static TlsPolicy Make(string name, string level, params string[] domains) => new()
    {
        ApiVersion = TlsPolicy.GroupVersion,
        Kind = TlsPolicy.EntityKind,
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "mail" },
        Spec = new TlsPolicySpec { Level = level, Domains = [.. domains] },
    };
}
