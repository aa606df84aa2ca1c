using StrictMail.Operator.Controller;
using StrictMail.Operator.Tests.Compilation;

namespace StrictMail.Operator.Tests.Controller;

public sealed class RevisionHistoryTests
{
    private static CompiledSet Compile(CompiledSet? previous, params StrictMail.Operator.Entities.TlsPolicy[] policies) =>
        PolicySetCompiler.WithIntroduced(PolicySetCompiler.Compile(policies, "strictmail-policy", "strictmail-system"), previous);

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
        var history = new RevisionHistory();
        var first = Compile(null, PolicyFactory.Make("bank", "Secure", "bank.example"));
        var second = Compile(first, PolicyFactory.Make("bank", "Secure", "bank.example"), PolicyFactory.Make("shop", "Encrypt", "shop.example"));
        history.Add(first);
        history.Add(second);
        var relays = new RelayRevisions([second.Revision, first.Revision, null, "sha256:unknown"]);

        Assert.Equal(2, history.Carrying("mail/bank", second.Forms["mail/bank"], relays));
        Assert.Equal(1, history.Carrying("mail/shop", second.Forms["mail/shop"], relays));
    }

    [Fact]
    public void Add_BeyondCapacity_ForgetsTheOldest()
    {
        var history = new RevisionHistory(capacity: 1);
        var first = Compile(null, PolicyFactory.Make("bank", "Secure", "bank.example"));
        var second = Compile(first, PolicyFactory.Make("bank", "Secure", "bank.example"), PolicyFactory.Make("shop", "Encrypt", "shop.example"));
        history.Add(first);
        history.Add(second);

        Assert.Equal(0, history.Carrying("mail/bank", first.Forms["mail/bank"], new RelayRevisions([first.Revision])));
        Assert.Equal(1, history.Carrying("mail/bank", first.Forms["mail/bank"], new RelayRevisions([second.Revision])));
    }
}
