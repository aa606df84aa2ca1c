namespace StrictMail.Policy.Document;

/// <summary>Where a policy's private CA certificates live: a key of a Secret (a file in local mode).</summary>
/// <param name="SecretName">The Secret, in the policy's namespace.</param>
/// <param name="Key">The key in the Secret that holds PEM certificates.</param>
public sealed record TrustAnchorRef(string SecretName, string Key);
