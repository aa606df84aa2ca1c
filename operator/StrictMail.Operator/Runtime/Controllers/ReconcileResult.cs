namespace StrictMail.Operator.Runtime.Controllers;

/// <summary>What a reconciliation asks of the runtime: nothing more, or another look after a delay.</summary>
/// <param name="RequeueAfter">Reconcile the object again after this long (null: only on the next change or resync).</param>
internal sealed record ReconcileResult(TimeSpan? RequeueAfter)
{
    /// <summary>Done until the object changes.</summary>
    public static ReconcileResult Done { get; } = new((TimeSpan?)null);

    /// <summary>Look again after <paramref name="delay"/> (e.g. while waiting for something outside the API).</summary>
    public static ReconcileResult Requeue(TimeSpan delay) => new(delay);
}
