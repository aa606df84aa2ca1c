namespace StrictMail.Relay.Inbound.Auth;

/// <summary>A stored password: PBKDF2-SHA256 with <paramref name="Iterations"/> rounds over <paramref name="Salt"/>, giving <paramref name="Hash"/>.</summary>
internal sealed record PasswordHash(int Iterations, byte[] Salt, byte[] Hash);
