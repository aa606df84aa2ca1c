using StrictMail.Operator.Entities;
using StrictMail.Operator.Tests.Hosting;

namespace StrictMail.Operator.Tests.Controller;

/// <summary>
/// The preamble of every relay-applied test: a fake API server, three real relays on loopback behind a simulated
/// kubelet, and the operator started against them (optionally with extra pods seeded first).
/// </summary>
internal sealed class RelayAppliedScenario : IAsyncDisposable
{
    public static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    private RelayAppliedScenario(OperatorHarness harness, LoopbackRelays relays)
    {
        Harness = harness;
        Relays = relays;
    }

    public OperatorHarness Harness { get; }

    public LoopbackRelays Relays { get; }

    public static async Task<RelayAppliedScenario> StartAsync(Action<OperatorHarness>? beforeOperator = null)
    {
        var harness = await OperatorHarness.StartAsync();
        try
        {
            var relays = await LoopbackRelays.StartAsync(harness);
            var scenario = new RelayAppliedScenario(harness, relays);
            beforeOperator?.Invoke(harness);
            await harness.StartOperatorAsync(relayAdminPort: relays.AdminPort);
            return scenario;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    public static TlsPolicySpec Spec(string level, params string[] domains) => new() { Level = level, Domains = [.. domains] };

    /// <summary>Applies policy <paramref name="name"/> and waits until it is Ready on every relay; its revision.</summary>
    public async Task<string> ApplyReadyAsync(string name, string level, params string[] domains)
    {
        await Harness.ApplyAsync(name, Spec(level, domains));
        await Harness.WaitForConditionAsync(name, PolicyConditionTypes.Ready, "True", Within);
        return ConfigMapDocument.Read(Harness).Revision;
    }

    public async ValueTask DisposeAsync()
    {
        await Relays.DisposeAsync();
        await Harness.DisposeAsync();
    }
}
