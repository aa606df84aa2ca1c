namespace StrictMail.Operator.Tests.Runtime.Controllers;

/// <summary>One call a <see cref="RecordingController"/> received: which method, for which object, in which state, when it started.</summary>
/// <param name="Deleted">True for DeletedAsync, false for ReconcileAsync.</param>
/// <param name="Key">"namespace/name".</param>
/// <param name="Revision">The object's "rev" label, if any.</param>
/// <param name="Domain">The first of the object's spec.domains.</param>
/// <param name="At">Stopwatch timestamp of the call's start.</param>
internal sealed record ControllerCall(bool Deleted, string Key, string? Revision, string? Domain, long At);
