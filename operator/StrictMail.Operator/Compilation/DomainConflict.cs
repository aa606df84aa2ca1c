namespace StrictMail.Operator.Compilation;

/// <summary>A domain key that this policy lists but an older policy already claims.</summary>
/// <param name="Domain">The contested key.</param>
/// <param name="Winner">"namespace/name" of the older policy that governs it.</param>
public sealed record DomainConflict(string Domain, string Winner)
{
    public override string ToString() => $"domain '{Domain}' is already claimed by the older policy {Winner}";
}
