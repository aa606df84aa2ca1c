using StrictMail.Policy.Document;
using StrictMail.Policy.Model;

namespace StrictMail.Policy.Tests;

/// <summary>Builds compiled policies and documents for tests.</summary>
internal static class TestPolicies
{
    public static CompiledPolicy Make(string name, TlsLevel level, params string[] domains) =>
        new() { Name = name, Level = level, Domains = domains };

    public static PolicyDocument Document(params CompiledPolicy[] policies) => PolicyDocumentJson.Create(policies);
}
