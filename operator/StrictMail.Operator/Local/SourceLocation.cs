namespace StrictMail.Operator.Local;

/// <summary>A place in a policy file, for messages a user can jump to.</summary>
/// <param name="File">The file path as the user gave it.</param>
/// <param name="Line">1-based line number.</param>
public readonly record struct SourceLocation(string File, long Line)
{
    public override string ToString() => $"{File}:{Line}";
}
