using System.Net;
using k8s.Models;
using StrictMail.Operator.Controller;

namespace StrictMail.Operator.Tests.Controller;

public sealed class RelayPodSelectorTests
{
    [Fact]
    public void ReadyAddresses_RunningReadyWithIp_Counted()
    {
        var addresses = RelayPodSelector.ReadyAddresses([Pod("relay-0", "10.0.0.5")]);

        Assert.Equal([IPAddress.Parse("10.0.0.5")], addresses);
    }

    [Fact]
    public void ReadyAddresses_NoPods_Empty()
    {
        Assert.Empty(RelayPodSelector.ReadyAddresses([]));
    }

    [Fact]
    public void ReadyAddresses_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => RelayPodSelector.ReadyAddresses(null!));
    }

    [Theory]
    [InlineData("Pending")]
    [InlineData("Succeeded")]
    [InlineData("Failed")]
    [InlineData("Unknown")]
    [InlineData(null)]
    public void ReadyAddresses_NotRunning_Skipped(string? phase)
    {
        var pod = Pod("relay-0", "10.0.0.5");
        pod.Status.Phase = phase;

        Assert.Empty(RelayPodSelector.ReadyAddresses([pod]));
    }

    [Theory]
    [InlineData("False")]
    [InlineData("Unknown")]
    public void ReadyAddresses_ReadyConditionNotTrue_Skipped(string status)
    {
        var pod = Pod("relay-0", "10.0.0.5", ready: status);

        Assert.Empty(RelayPodSelector.ReadyAddresses([pod]));
    }

    [Fact]
    public void ReadyAddresses_NoConditions_Skipped()
    {
        var pod = Pod("relay-0", "10.0.0.5");
        pod.Status.Conditions = null;

        Assert.Empty(RelayPodSelector.ReadyAddresses([pod]));
    }

    [Fact]
    public void ReadyAddresses_OnlyOtherConditionsTrue_Skipped()
    {
        var pod = Pod("relay-0", "10.0.0.5");
        pod.Status.Conditions = [new V1PodCondition { Type = "ContainersReady", Status = "True" }, new V1PodCondition { Type = "PodScheduled", Status = "True" }];

        Assert.Empty(RelayPodSelector.ReadyAddresses([pod]));
    }

    [Fact]
    public void ReadyAddresses_Terminating_Skipped()
    {
        var pod = Pod("relay-0", "10.0.0.5");
        pod.Metadata.DeletionTimestamp = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

        Assert.Empty(RelayPodSelector.ReadyAddresses([pod]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-an-ip")]
    public void ReadyAddresses_NoUsablePodIp_Skipped(string? podIp)
    {
        Assert.Empty(RelayPodSelector.ReadyAddresses([Pod("relay-0", podIp)]));
    }

    [Fact]
    public void ReadyAddresses_NoStatus_Skipped()
    {
        var pod = Pod("relay-0", "10.0.0.5");
        pod.Status = null;

        Assert.Empty(RelayPodSelector.ReadyAddresses([pod]));
    }

    [Fact]
    public void ReadyAddresses_IPv6_Parsed()
    {
        var addresses = RelayPodSelector.ReadyAddresses([Pod("relay-0", "fd00:10:244::7")]);

        var address = Assert.Single(addresses);
        Assert.Equal(IPAddress.Parse("fd00:10:244::7"), address);
        Assert.Equal(System.Net.Sockets.AddressFamily.InterNetworkV6, address.AddressFamily);
    }

    [Fact]
    public void ReadyAddresses_SeveralPods_SortedByNameOrdinal()
    {
        var pods = new[]
        {
            Pod("relay-c", "10.0.0.3"),
            Pod("relay-a", "10.0.0.1"),
            Pod("Relay-z", "10.0.0.9"),
            Pod("relay-b", "fd00::2"),
        };

        var addresses = RelayPodSelector.ReadyAddresses(pods);

        Assert.Equal(["10.0.0.9", "10.0.0.1", "fd00::2", "10.0.0.3"], addresses.Select(a => a.ToString()));
    }

    [Fact]
    public void ReadyAddresses_MixedPods_OnlyTheEligibleInNameOrder()
    {
        var terminating = Pod("relay-1", "10.0.0.2");
        terminating.Metadata.DeletionTimestamp = DateTime.UtcNow;
        var pods = new[]
        {
            Pod("relay-3", "10.0.0.4"),
            terminating,
            Pod("relay-2", "10.0.0.3", ready: "False"),
            Pod("relay-0", "10.0.0.1"),
            Pod("relay-4", null),
        };

        var addresses = RelayPodSelector.ReadyAddresses(pods);

        Assert.Equal([IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.0.4")], addresses);
    }

    private static V1Pod Pod(string name, string? podIp, string ready = "True") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "strictmail-system" },
        Status = new V1PodStatus
        {
            Phase = "Running",
            PodIP = podIp,
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready }],
        },
    };
}
