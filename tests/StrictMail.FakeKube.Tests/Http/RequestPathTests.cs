using StrictMail.FakeKube.Http;

namespace StrictMail.FakeKube.Tests.Http;

public sealed class RequestPathTests
{
    [Theory]
    [InlineData("/api/v1/namespaces/mail/configmaps", "", "v1", "mail", "configmaps", null, null)]
    [InlineData("/api/v1/namespaces/mail/configmaps/a", "", "v1", "mail", "configmaps", "a", null)]
    [InlineData("/api/v1/namespaces/mail", "", "v1", null, "namespaces", "mail", null)]
    [InlineData("/api/v1/namespaces/mail/status", "", "v1", null, "namespaces", "mail", "status")]
    [InlineData("/api/v1/configmaps", "", "v1", null, "configmaps", null, null)]
    [InlineData("/apis/strictmail.io/v1alpha1/namespaces/mail/tlspolicies/bank/status", "strictmail.io", "v1alpha1", "mail", "tlspolicies", "bank", "status")]
    [InlineData("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/x", "apiextensions.k8s.io", "v1", null, "customresourcedefinitions", "x", null)]
    public void Parse_ResourceUrl_TakesItApart(string url, string group, string version, string? ns, string plural, string? name, string? subresource)
    {
        Assert.Equal(new RequestPath(group, version, ns, plural, name, subresource), RequestPath.Parse(url));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api")]
    [InlineData("/apis/strictmail.io")]
    [InlineData("/healthz")]
    public void Parse_NotAResource_ReturnsNull(string url) => Assert.Null(RequestPath.Parse(url));
}
