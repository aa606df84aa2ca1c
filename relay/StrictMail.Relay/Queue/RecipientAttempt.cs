using StrictMail.Relay.Delivery;

namespace StrictMail.Relay.Queue;

/// <summary>One recipient's result in an attempt, with the policy it was tried under.</summary>
/// <param name="Result">The delivery engine's result.</param>
/// <param name="PolicyName">The governing policy.</param>
/// <param name="BounceAfter">The policy's onFailure.bounceAfter, if any.</param>
internal sealed record RecipientAttempt(RecipientResult Result, string PolicyName, TimeSpan? BounceAfter);
