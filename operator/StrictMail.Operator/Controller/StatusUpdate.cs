using StrictMail.Operator.Entities;

namespace StrictMail.Operator.Controller;

/// <summary>A status the reconciler should write, or not when it equals what is stored.</summary>
/// <param name="Policy">The policy as read.</param>
/// <param name="Status">Its new status.</param>
/// <param name="Changed">False when the stored status already says this: no write.</param>
internal sealed record StatusUpdate(TlsPolicy Policy, TlsPolicyStatus Status, bool Changed);
