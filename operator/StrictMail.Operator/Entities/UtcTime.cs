namespace StrictMail.Operator.Entities;

/// <summary>Times read back from the API server may come without a kind; they are UTC (RFC 3339 "Z").</summary>
internal static class UtcTime
{
    public static DateTime Of(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => time.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        _ => time,
    };
}
