using System.Text;
using StrictMail.Policy.Document;
using StrictMail.Policy.Model;

namespace StrictMail.Policy.Tests.Document;

public sealed class PolicyDocumentJsonTests
{
    private static readonly PolicyDocument Sample = TestPolicies.Document(
        TestPolicies.Make("mail/b", TlsLevel.Secure, "b.example") with { MinTlsVersion = TlsVersionFloor.Tls13, BounceAfterSeconds = 3600 },
        TestPolicies.Make("mail/a", TlsLevel.Fingerprint, "a.example") with { Fingerprints = ["sha256:" + new string('a', 64)] });

    [Fact]
    public void Deserialize_SerializedDocument_RoundTripsEveryField()
    {
        var read = PolicyDocumentJson.Deserialize(PolicyDocumentJson.Serialize(Sample));

        Assert.Equal(Sample.Revision, read.Revision);
        Assert.Equal(["mail/a", "mail/b"], read.Policies.Select(p => p.Name));
        Assert.Equal(TlsVersionFloor.Tls13, read.Policies[1].MinTlsVersion);
        Assert.Equal(3600, read.Policies[1].BounceAfterSeconds);
        Assert.Equal(Sample.Policies[0].Fingerprints, read.Policies[0].Fingerprints);
    }

    [Fact]
    public void Serialize_MinTlsVersion_UsesWireName()
    {
        var json = Encoding.UTF8.GetString(PolicyDocumentJson.Serialize(Sample));

        Assert.Contains("\"minTlsVersion\":\"TLS1.3\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SamePoliciesInAnyOrder_SameRevision()
    {
        var reversed = PolicyDocumentJson.Create(Sample.Policies.Reverse());

        Assert.Equal(Sample.Revision, reversed.Revision);
    }

    [Fact]
    public void Create_ChangedField_ChangesRevision()
    {
        var changed = PolicyDocumentJson.Create([Sample.Policies[0], Sample.Policies[1] with { Mode = PolicyMode.Testing }]);

        Assert.NotEqual(Sample.Revision, changed.Revision);
    }

    [Fact]
    public void Deserialize_ContentChangedAfterWriting_ThrowsRevisionMismatch()
    {
        var json = Encoding.UTF8.GetString(PolicyDocumentJson.Serialize(Sample)).Replace("\"Secure\"", "\"Encrypt\"", StringComparison.Ordinal);

        var error = Assert.Throws<PolicyDocumentException>(() => PolicyDocumentJson.Deserialize(Encoding.UTF8.GetBytes(json)));

        Assert.Contains("does not match its content", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_Truncated_ThrowsShapeError()
    {
        var bytes = PolicyDocumentJson.Serialize(Sample);

        var error = Assert.Throws<PolicyDocumentException>(() => PolicyDocumentJson.Deserialize(bytes.AsSpan(0, bytes.Length / 2)));

        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_UnknownApiVersion_ThrowsVersionError()
    {
        var json = Encoding.UTF8.GetString(PolicyDocumentJson.Serialize(Sample)).Replace("strictmail.io/v1alpha1", "strictmail.io/v9", StringComparison.Ordinal);

        var error = Assert.Throws<PolicyDocumentException>(() => PolicyDocumentJson.Deserialize(Encoding.UTF8.GetBytes(json)));

        Assert.Contains("apiVersion 'strictmail.io/v9'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_DomainOwnedTwice_ThrowsNamingBoth()
    {
        var policies = new[] { TestPolicies.Make("mail/a", TlsLevel.Secure, "x.example"), TestPolicies.Make("mail/b", TlsLevel.Encrypt, "x.example") };
        var forged = new PolicyDocument { Revision = PolicyDocumentJson.RevisionOf(policies), Policies = policies };

        var error = Assert.Throws<PolicyDocumentException>(() => PolicyDocumentJson.Deserialize(PolicyDocumentJson.Serialize(forged)));

        Assert.Contains("'mail/a' and 'mail/b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_UnknownLevel_ThrowsShapeError()
    {
        var json = Encoding.UTF8.GetString(PolicyDocumentJson.Serialize(Sample)).Replace("\"Secure\"", "\"Paranoid\"", StringComparison.Ordinal);

        Assert.Throws<PolicyDocumentException>(() => PolicyDocumentJson.Deserialize(Encoding.UTF8.GetBytes(json)));
    }
}
