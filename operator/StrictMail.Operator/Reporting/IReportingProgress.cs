namespace StrictMail.Operator.Reporting;

/// <summary>The last UTC day whose reports were handed to a relay: kept outside the operator, so a new leader or a restart neither repeats nor skips a day.</summary>
internal interface IReportingProgress
{
    Task<DateOnly?> ReadAsync(CancellationToken cancellation);

    Task SaveAsync(DateOnly reportedThrough, CancellationToken cancellation);
}
