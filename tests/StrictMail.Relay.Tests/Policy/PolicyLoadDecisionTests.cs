using System.Text;
using StrictMail.Relay.Policy;
using StrictMail.Relay.Tests.TestSupport;

namespace StrictMail.Relay.Tests.Policy;

public sealed class PolicyLoadDecisionTests
{
    private static readonly byte[] Valid = TestDocuments.Json(TestDocuments.Create("decision"));

    [Fact]
    public void Decide_NewValidBytes_Apply()
    {
        var decision = PolicyLoadDecision.Decide(PolicyFileRead.Content(Valid), lastFingerprint: null);

        Assert.Equal(PolicyLoadAction.Apply, decision.Action);
        Assert.Equal(TestDocuments.Create("decision").Revision, decision.Document?.Revision);
    }

    [Fact]
    public void Decide_SameBytesAsLastRead_Unchanged()
    {
        var first = PolicyLoadDecision.Decide(PolicyFileRead.Content(Valid), lastFingerprint: null);

        var second = PolicyLoadDecision.Decide(PolicyFileRead.Content([.. Valid]), first.Fingerprint);

        Assert.Equal(PolicyLoadAction.Unchanged, second.Action);
    }

    [Fact]
    public void Decide_InvalidBytes_RejectWithProblem()
    {
        var decision = PolicyLoadDecision.Decide(PolicyFileRead.Content(Encoding.UTF8.GetBytes("{ not json")), lastFingerprint: null);

        Assert.Equal(PolicyLoadAction.Reject, decision.Action);
        Assert.Contains("not valid JSON", decision.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_MissingFile_RejectSaysItDoesNotExist()
    {
        var decision = PolicyLoadDecision.Decide(PolicyFileRead.Missing(), lastFingerprint: "sha256:abc");

        Assert.Equal(PolicyLoadAction.Reject, decision.Action);
        Assert.Contains("does not exist", decision.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_MissingAgain_UnchangedSoTheErrorIsReportedOnce()
    {
        var first = PolicyLoadDecision.Decide(PolicyFileRead.Missing(), lastFingerprint: null);

        var second = PolicyLoadDecision.Decide(PolicyFileRead.Missing(), first.Fingerprint);

        Assert.Equal(PolicyLoadAction.Unchanged, second.Action);
    }

    [Fact]
    public void Decide_GoodAfterBadAfterGood_AppliesAgain()
    {
        var good = PolicyLoadDecision.Decide(PolicyFileRead.Content(Valid), lastFingerprint: null);
        var bad = PolicyLoadDecision.Decide(PolicyFileRead.Content([1, 2, 3]), good.Fingerprint);

        var again = PolicyLoadDecision.Decide(PolicyFileRead.Content(Valid), bad.Fingerprint);

        Assert.Equal(PolicyLoadAction.Apply, again.Action);
    }
}
