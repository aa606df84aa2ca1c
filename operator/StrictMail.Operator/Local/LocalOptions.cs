namespace StrictMail.Operator.Local;

/// <summary>Options of <c>operator local</c>.</summary>
/// <param name="PoliciesDirectory">Directory of TlsPolicy YAML files (--policies).</param>
/// <param name="OutputFile">Where the compiled document is written (--out).</param>
/// <param name="Watch">Keep running and recompile on every change (--watch).</param>
/// <param name="PollInterval">How often --watch looks for changes.</param>
internal sealed record LocalOptions(string PoliciesDirectory, string OutputFile, bool Watch, TimeSpan PollInterval);
