using StrictMail.Policy.Document;

namespace StrictMail.Operator.Compilation;

/// <summary>The compiled document and one report per input policy, in input order.</summary>
/// <param name="Document">Every accepted policy with the domains it won.</param>
/// <param name="Reports">One report per input policy.</param>
public sealed record DocumentBuild(PolicyDocument Document, IReadOnlyList<PolicyReport> Reports);
