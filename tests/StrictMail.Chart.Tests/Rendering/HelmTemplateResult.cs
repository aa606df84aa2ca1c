namespace StrictMail.Chart.Tests.Rendering;

/// <summary>What one run of helm-template printed and returned.</summary>
internal sealed record HelmTemplateResult(int ExitCode, string Output, string Error);
