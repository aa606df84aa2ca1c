namespace StrictMail.Operator.Compilation;

/// <summary>One problem with one field of a TlsPolicy.</summary>
/// <param name="Path">The field, as kubectl names it, e.g. "spec.domains[1]".</param>
/// <param name="Message">What is wrong and what to do, in one sentence.</param>
public sealed record FieldError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
