using StrictMail.FakeKube;

namespace StrictMail.Operator.Tests.Hosting;

/// <summary>kubectl runs that must succeed.</summary>
internal static class KubectlAssertions
{
    public static void AssertSucceeded(this KubectlRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Assert.True(run.ExitCode == 0, $"kubectl {string.Join(' ', run.Arguments)} exited {run.ExitCode}:\n{run.Out}\n{run.Error}");
    }

    /// <summary>Runs kubectl and fails the test unless it exits 0; returns standard output.</summary>
    public static async Task<string> SucceedAsync(this Kubectl kubectl, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(kubectl);
        var run = await kubectl.RunAsync(arguments);
        run.AssertSucceeded();
        return run.Out;
    }
}
