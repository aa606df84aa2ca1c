using k8s.Models;
using StrictMail.Operator.Compilation;
using StrictMail.Operator.Entities;

namespace StrictMail.Operator.Tests.Crds;

/// <summary>
/// crds/tlspolicies.strictmail.io.yaml is kept by hand; these tests prove it says what the C#
/// entity and TlsPolicyRules say, and name the property when it does not.
/// </summary>
public sealed class CrdAgreementTests
{
    private const string Fingerprint = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>For each TlsPolicyRules message, a spec that breaks exactly that rule.</summary>
    private static readonly Dictionary<string, TlsPolicySpec> Violations = new(StringComparer.Ordinal)
    {
        [TlsPolicyRules.StarAlone] = new() { Domains = ["*", "bank.example"], Level = "Opportunistic" },
        [TlsPolicyRules.FingerprintsRequired] = new() { Domains = ["bank.example"], Level = "Fingerprint" },
        [TlsPolicyRules.FingerprintsOnlyForFingerprint] = new() { Domains = ["bank.example"], Level = "Encrypt", Fingerprints = [Fingerprint] },
        [TlsPolicyRules.MatchNamesOnlyForSecure] = new() { Domains = ["bank.example"], Level = "Verify", MatchNames = ["bank.example"] },
        [TlsPolicyRules.TrustAnchorsOnlyForChain] = new() { Domains = ["bank.example"], Level = "Encrypt", TrustAnchors = new() { SecretName = "bank-ca", Key = "ca.crt" } },
        [TlsPolicyRules.DaneOnlyNeedsDane] = new() { Domains = ["bank.example"], Level = "DaneOnly", Discover = new() { Dane = false } },
        [TlsPolicyRules.BounceAfterOnlyForDefer] = new() { Domains = ["bank.example"], Level = "Encrypt", OnFailure = new() { Action = "Bounce", BounceAfter = "1h" } },
    };

    public static TheoryData<string> RuleMessages => new(CrdChecks.Messages.Values);

    /// <summary>Edits that each break the CRD in one way, and the property the failure must name.</summary>
    public static TheoryData<string, string, string> Breakages => new()
    {
        { "                    mtaSts:", "                    mtaSTS:", "spec.discover.mtaSts" },
        { "enum: [Enforce, Testing]", "enum: [Enforce, Test]", "spec.mode" },
        { "required: [secretName, key]", "required: [secretName]", "spec.trustAnchors" },
        { "type: integer\n                  format: int64\n                  minimum: 0\n                  description: The metadata.generation this status", "type: integer\n                  format: int32\n                  minimum: 0\n                  description: The metadata.generation this status", "status.observedGeneration" },
        { "'^sha256:[0-9a-f]{64}$'", "'^sha256:[0-9a-fA-F]{64}$'", "spec.fingerprints[]" },
        { "description: When the probe ran.", "description: ''", "status.probe.time" },
        { "default: TLS1.2", "default: TLS1.3", "spec.minTlsVersion" },
        { "maxItems: 1000", "maxItems: 999", "spec.domains" },
        { "                  maxLength: 261\n", string.Empty, "spec.nextHop" },
        { "\"bounceAfter is only used with action Defer\"", "\"bounceAfter is only used with action Defer.\"", "BounceAfterOnlyForDefer" },
        { "jsonPath: .spec.level", "jsonPath: .spec.levels", "additionalPrinterColumns[0]" },
        { "shortNames: [tlsp]", "shortNames: [tp]", "spec.names.shortNames" },
        { "                    lastTransitionTime:", "                    lastTransitionTimes:", "status.conditions[].lastTransitionTime" },
    };

    [Fact]
    public void Names_TlsPolicyCrd_MatchEntityAndBrief() => AssertNone(CrdChecks.Names(CrdFile.TlsPolicy));

    [Fact]
    public void PrinterColumns_TlsPolicyCrd_AreLevelModeDomainsReadyAppliedAge() => AssertNone(CrdChecks.PrinterColumns(CrdFile.TlsPolicy));

    [Fact]
    public void Properties_SpecAndStatus_MatchEntityClassesBothWays() => AssertNone(CrdChecks.Properties(CrdFile.TlsPolicy));

    [Fact]
    public void Descriptions_EveryProperty_IsNotEmpty() => AssertNone(CrdChecks.Descriptions(CrdFile.TlsPolicy));

    [Fact]
    public void Patterns_EveryPattern_EqualsItsTlsPolicyRulesConstant() => AssertNone(CrdChecks.Patterns(CrdFile.TlsPolicy));

    [Fact]
    public void Limits_EveryListAndString_IsBoundedAsTlsPolicyRulesSays() => AssertNone(CrdChecks.Limits(CrdFile.TlsPolicy));

    [Fact]
    public void Defaults_OptionalFields_EqualWhatTheCompilerFillsIn() => AssertNone(CrdChecks.Defaults(CrdFile.TlsPolicy));

    [Fact]
    public void CelMessages_EveryRuleAndConstant_AreTheSameTexts() => AssertNone(CrdChecks.CelMessages(CrdFile.TlsPolicy));

    [Theory]
    [MemberData(nameof(RuleMessages))]
    public void CelRule_SpecBreakingTheRule_SitsOnTheFieldTheValidatorBlames(string message)
    {
        Assert.True(Violations.TryGetValue(message, out var spec), $"no violating spec for \"{message}\"; add one to {nameof(Violations)}");
        var policy = new TlsPolicy { Metadata = new V1ObjectMeta { Name = "broken", NamespaceProperty = "mail" }, Spec = spec };

        var error = Assert.Single(TlsPolicyValidator.Validate(policy).Errors);

        Assert.Equal(message, error.Message);
        var rules = CrdFile.TlsPolicy.Schema.DescendantsAndSelf().SelectMany(n => n.Validations).Where(r => r.Message == message).ToList();
        Assert.True(rules.Count == 1, $"the CRD has {rules.Count} CEL rules with the message \"{message}\"; expected exactly one");
        var rule = rules[0];
        Assert.True(rule.BlamedPath == error.Path, $"the CRD's rule \"{message}\" blames {rule.BlamedPath} but the validator blames {error.Path}; fix its location or fieldPath");
    }

    [Theory]
    [MemberData(nameof(Breakages))]
    public void All_CrdBrokenOnPurpose_NamesTheProperty(string original, string broken, string expected)
    {
        var yaml = File.ReadAllText(CrdFile.Path);
        Assert.True(yaml.Split(original).Length == 2, $"the edit must hit exactly one place, but \"{original}\" is found {yaml.Split(original).Length - 1} times");

        var problems = CrdChecks.All(CrdFile.Parse(yaml.Replace(original, broken, StringComparison.Ordinal)));

        Assert.True(problems.Any(p => p.Contains(expected, StringComparison.Ordinal)), $"no problem names {expected}; got:\n{string.Join('\n', problems)}");
    }

    private static void AssertNone(List<string> problems) =>
        Assert.True(problems.Count == 0, $"{CrdFile.Path} disagrees with the C# entity or TlsPolicyRules:\n{string.Join('\n', problems)}");
}
