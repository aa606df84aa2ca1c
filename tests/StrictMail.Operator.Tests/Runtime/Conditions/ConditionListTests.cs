using k8s.Models;
using StrictMail.Operator.Runtime.Conditions;

namespace StrictMail.Operator.Tests.Runtime.Conditions;

public sealed class ConditionListTests
{
    private static readonly DateTime T0 = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime T1 = T0.AddMinutes(5);

    [Fact]
    public void Set_SameStatusNewMessage_KeepsTransitionTimeUpdatesTheRest()
    {
        var first = ConditionList.Set(null, "Ready", true, "A", "one", 1, T0);

        var second = ConditionList.Set(first, "Ready", true, "B", "two", 2, T1);

        var ready = Assert.Single(second);
        Assert.Equal(T0, ready.LastTransitionTime);
        Assert.Equal(("B", "two", 2L), (ready.Reason, ready.Message, ready.ObservedGeneration!.Value));
    }

    [Fact]
    public void Set_StatusFlips_MovesTransitionTime()
    {
        var first = ConditionList.Set(null, "Ready", true, "A", "one", 1, T0);

        var second = ConditionList.Set(first, "Ready", false, "A", "one", 1, T1);

        Assert.Equal(T1, Assert.Single(second).LastTransitionTime);
        Assert.Equal("False", second[0].Status);
    }

    [Fact]
    public void Set_OtherTypes_LeftAloneAndSorted()
    {
        var list = ConditionList.Set(ConditionList.Set(null, "Ready", true, "A", "a", 1, T0), "Accepted", true, "V", "v", 1, T1);

        Assert.Equal(["Accepted", "Ready"], list.Select(c => c.Type));
        Assert.Equal(T0, list[1].LastTransitionTime);
    }

    [Fact]
    public void Same_EqualAndChangedLists_Detected()
    {
        var a = ConditionList.Set(null, "Ready", true, "A", "a", 1, T0);
        var b = ConditionList.Set(null, "Ready", true, "A", "a", 1, T0);
        var c = ConditionList.Set(a, "Ready", true, "A", "changed", 1, T1);

        Assert.True(ConditionList.Same(a, b));
        Assert.False(ConditionList.Same(a, c));
        Assert.False(ConditionList.Same(a, new List<V1Condition>()));
    }
}
