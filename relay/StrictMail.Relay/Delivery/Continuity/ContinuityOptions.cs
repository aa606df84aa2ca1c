namespace StrictMail.Relay.Delivery.Continuity;

/// <summary>Where STARTTLS continuity is kept; not bound from configuration: the composition root copies Relay:StateDirectory in.</summary>
internal sealed class ContinuityOptions
{
    /// <summary>The relay's state directory; the sightings are kept in its starttls-continuity.json.</summary>
    public string StateDirectory { get; set; } = string.Empty;
}
