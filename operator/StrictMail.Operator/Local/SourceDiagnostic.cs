namespace StrictMail.Operator.Local;

/// <summary>One message about a policy file: an error stops the document from being written, a warning does not.</summary>
/// <param name="Location">Where the problem is.</param>
/// <param name="Subject">"TlsPolicy namespace/name" when known, else empty.</param>
/// <param name="Message">What is wrong, naming the field.</param>
/// <param name="IsError">True for an error, false for a warning.</param>
internal sealed record SourceDiagnostic(SourceLocation Location, string Subject, string Message, bool IsError)
{
    public override string ToString() =>
        $"{Location}: {(IsError ? "error" : "warning")}: {(Subject.Length > 0 ? Subject + ": " : string.Empty)}{Message}";
}
