using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace StrictMail.Policy.Document;

/// <summary>
/// Builds, writes and reads the policy document. Reading re-checks everything a writer promised
/// (version, revision, one owner per domain key), so a truncated or hand-edited file is refused.
/// </summary>
public static class PolicyDocumentJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Makes a document from accepted policies: sorted by name, with its revision.</summary>
    public static PolicyDocument Create(IEnumerable<CompiledPolicy> policies)
    {
        var sorted = policies.OrderBy(p => p.Name, StringComparer.Ordinal).ToArray();
        return new PolicyDocument { Revision = RevisionOf(sorted), Policies = sorted };
    }

    /// <summary>The revision of a sorted policy list: a content hash, so equal content means equal revision.</summary>
    public static string RevisionOf(IReadOnlyList<CompiledPolicy> sortedPolicies)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(sortedPolicies, Options);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16));
    }

    /// <summary>The document as compact UTF-8 JSON.</summary>
    public static byte[] Serialize(PolicyDocument document) =>
        JsonSerializer.SerializeToUtf8Bytes(document, Options);

    /// <summary>Reads and checks a document; throws <see cref="PolicyDocumentException"/> saying what is wrong.</summary>
    public static PolicyDocument Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        PolicyDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<PolicyDocument>(utf8Json, Options);
        }
        catch (JsonException e)
        {
            throw new PolicyDocumentException($"The policy document is not valid JSON of the expected shape: {e.Message}", e);
        }

        if (document is null)
        {
            throw new PolicyDocumentException("The policy document is empty (JSON null).");
        }

        Check(document);
        return document;
    }

    private static void Check(PolicyDocument document)
    {
        if (document.ApiVersion != PolicyDocument.CurrentApiVersion)
        {
            throw new PolicyDocumentException(
                $"The policy document has apiVersion '{document.ApiVersion}', but this relay reads '{PolicyDocument.CurrentApiVersion}'; upgrade the relay or the operator so they match.");
        }

        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var policy in document.Policies)
        {
            foreach (var domain in policy.Domains)
            {
                if (!owners.TryAdd(domain, policy.Name))
                {
                    throw new PolicyDocumentException(
                        $"The policy document gives domain '{domain}' to both '{owners[domain]}' and '{policy.Name}'; recompile it with the operator.");
                }
            }
        }

        var expected = RevisionOf(document.Policies);
        if (!string.Equals(expected, document.Revision, StringComparison.Ordinal))
        {
            throw new PolicyDocumentException(
                $"The policy document's revision '{document.Revision}' does not match its content ({expected}); it was changed or damaged after it was written.");
        }
    }
}
