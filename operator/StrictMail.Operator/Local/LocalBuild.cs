using StrictMail.Policy.Document;

namespace StrictMail.Operator.Local;

/// <summary>The result of compiling a policy directory: the document (null when any error was found) and every diagnostic.</summary>
/// <param name="Document">The document to write, or null when an error must be fixed first.</param>
/// <param name="Diagnostics">Errors and warnings, each with file and line.</param>
internal sealed record LocalBuild(PolicyDocument? Document, IReadOnlyList<SourceDiagnostic> Diagnostics);
