namespace StrictMail.FakeKube.Selection;

/// <summary>One clause of a label selector: key = value, key != value, key in (...), key notin (...), key, !key.</summary>
internal sealed record LabelRequirement(string Key, LabelOperator Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            LabelOperator.Exists => present,
            LabelOperator.DoesNotExist => !present,
            LabelOperator.In => present && Values.Contains(value!),
            LabelOperator.NotIn => !present || !Values.Contains(value!),
            _ => false,
        };
    }
}
