namespace StrictMail.Operator.Tests.Hosting;

/// <summary>What one kubectl run printed and how it exited.</summary>
internal sealed record KubectlResult(IReadOnlyList<string> Arguments, int ExitCode, string Out, string Error)
{
    public void AssertSucceeded() =>
        Assert.True(ExitCode == 0, $"kubectl {string.Join(' ', Arguments)} exited {ExitCode}:\n{Out}\n{Error}");
}
