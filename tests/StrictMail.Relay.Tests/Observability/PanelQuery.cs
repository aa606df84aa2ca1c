namespace StrictMail.Relay.Tests.Observability;

/// <summary>One query of a dashboard panel, or of a templating variable, or one alert expression: where it is and its PromQL.</summary>
internal sealed record PanelQuery(string Source, string Title, string Expression)
{
    public override string ToString() => $"{Source} / {Title}: {Expression}";
}
