namespace StrictMail.FakeKube.Selection;

/// <summary>The operators of the label selector syntax; = and == are In with one value, != is NotIn.</summary>
internal enum LabelOperator
{
    In,
    NotIn,
    Exists,
    DoesNotExist,
}
