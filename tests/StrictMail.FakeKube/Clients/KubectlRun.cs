namespace StrictMail.FakeKube;

/// <summary>What one kubectl run printed and how it exited.</summary>
/// <param name="Arguments">The arguments after the kubeconfig ones.</param>
/// <param name="ExitCode">kubectl's exit code.</param>
/// <param name="Out">Standard output.</param>
/// <param name="Error">Standard error.</param>
public sealed record KubectlRun(IReadOnlyList<string> Arguments, int ExitCode, string Out, string Error)
{
    /// <summary>Exit code, output and error, for <c>var (code, output, error) = ...</c>.</summary>
    public void Deconstruct(out int exitCode, out string output, out string error)
    {
        exitCode = ExitCode;
        output = Out;
        error = Error;
    }
}
