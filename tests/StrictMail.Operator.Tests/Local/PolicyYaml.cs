namespace StrictMail.Operator.Tests.Local;

/// <summary>TlsPolicy YAML texts for local-mode tests.</summary>
internal static class PolicyYaml
{
    public static string Valid(string name, string level) => $"""
        apiVersion: strictmail.io/v1alpha1
        kind: TlsPolicy
        metadata:
          name: {name}
          namespace: mail
        spec:
          domains: ["{name}.example"]
          level: {level}
        """;
}
