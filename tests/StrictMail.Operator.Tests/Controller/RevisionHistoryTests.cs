using StrictMail.Operator.Compilation;
using StrictMail.Operator.Controller;
using StrictMail.Operator.Tests.Compilation;

namespace StrictMail.Operator.Tests.Controller;

public sealed class RevisionHistoryTests
{
    private static CompiledSet Compile(CompiledSet? previous, params StrictMail.Operator.Entities.TlsPolicy[] policies) =>
        PolicyConverter.SetFor(policies, new ConversionSettings("strictmail-policy", "strictmail-system", NamespacePermissions.All), previous);

    [Fact]
    public void WithIntroduced_OtherPolicyAdded_UnchangedPolicyKeepsItsRevision()
    {
        var first = Compile(null, PolicyFactory.Make("bank", "Secure", "bank.example"));
        var second = Compile(first, PolicyFactory.Make("bank", "Secure", "bank.example"), PolicyFactory.Make("shop", "Encrypt", "shop.example"));

        Assert.NotEqual(first.Revision, second.Revision);
        Assert.Equal(first.Revision, second.Introduced["mail/bank"]);
        Assert.Equal(second.Revision, second.Introduced["mail/shop"]);
    }

    [Fact]
    public void WithIntroduced_PolicyChanged_GetsTheNewRevision()
    {
        var first = Compile(null, PolicyFactory.Make("bank", "Secure", "bank.example"));
        var second = Compile(first, PolicyFactory.Make("bank", "Verify", "bank.example"));

        Assert.Equal(second.Revision, second.Introduced["mail/bank"]);
        Assert.NotEqual(first.Forms["mail/bank"], second.Forms["mail/bank"]);
    }

    [Fact]
    public void Carrying_RelayOnOlderRevisionWithSameForm_Counts()
    {
        var first = Compile(null, PolicyFactory.Make("bank", "Secure", "bank.example"));
        var second = Compile(first, PolicyFactory.Make("bank", "Secure", "bank.example"), PolicyFactory.Make("shop", "Encrypt", "shop.example"));
        var history = new RevisionHistory().With(first).With(second);
        var relays = new RelayRevisions([second.Revision, first.Revision, null, "sha256:unknown"]);

        Assert.Equal(2, history.Carrying("mail/bank", second.Forms["mail/bank"], relays));
        Assert.Equal(1, history.Carrying("mail/shop", second.Forms["mail/shop"], relays));
    }

    [Fact]
    public void With_BeyondCapacity_ForgetsTheOldest()
    {
        var first = Compile(null, PolicyFactory.Make("bank", "Secure", "bank.example"));
        var second = Compile(first, PolicyFactory.Make("bank", "Secure", "bank.example"), PolicyFactory.Make("shop", "Encrypt", "shop.example"));
        var history = new RevisionHistory(capacity: 1).With(first).With(second);

        Assert.Equal(0, history.Carrying("mail/bank", first.Forms["mail/bank"], new RelayRevisions([first.Revision])));
        Assert.Equal(1, history.Carrying("mail/bank", first.Forms["mail/bank"], new RelayRevisions([second.Revision])));
    }
}
