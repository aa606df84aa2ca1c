namespace StrictMail.FakeKube.Faults;

/// <summary>One armed fault: how many more matching requests it hits, and what it does to them.</summary>
internal sealed class FaultRule
{
    public FaultRule(int count, Func<FakeKubeRequest, bool> match, int? statusCode, TimeSpan delay)
    {
        Remaining = count;
        Match = match;
        StatusCode = statusCode;
        Delay = delay;
    }

    public int Remaining { get; set; }

    public Func<FakeKubeRequest, bool> Match { get; }

    /// <summary>The status to answer instead of serving the request, or null to serve it after <see cref="Delay"/>.</summary>
    public int? StatusCode { get; }

    public TimeSpan Delay { get; }
}
