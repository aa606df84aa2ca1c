using StrictMail.Operator.Entities;
using StrictMail.Operator.Runtime.Controllers;

namespace StrictMail.Operator.Tests.Probe;

/// <summary>A fixed set of policies standing in for the controller host's cache.</summary>
internal sealed class ListStore(params TlsPolicy[] policies) : IEntityStore<TlsPolicy>
{
    public IReadOnlyList<TlsPolicy> Items { get; } = policies;

    public long Version => 1;

    public void RequeueAll()
    {
    }
}
