namespace StrictMail.Operator.Tests.Crds;

/// <summary>One x-kubernetes-validations entry of the CRD.</summary>
/// <param name="Location">The schema path of the node that declares the rule, e.g. "spec".</param>
/// <param name="Rule">The CEL expression.</param>
/// <param name="Message">What the API server answers when the rule is false.</param>
/// <param name="FieldPath">The field the API server blames, relative to the location (".fingerprints"), if any.</param>
internal sealed record CelRule(string Location, string Rule, string Message, string? FieldPath)
{
    /// <summary>The field the API server names in its error, as the C# validator names it ("spec.fingerprints").</summary>
    public string BlamedPath => FieldPath is null ? Location : Location + FieldPath;
}
