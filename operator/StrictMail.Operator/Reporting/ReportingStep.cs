namespace StrictMail.Operator.Reporting;

/// <summary>What a reporting cycle does with a day once it has asked the relays.</summary>
internal enum ReportingStep
{
    /// <summary>Not every ready relay answered and the wait is not over: ask again next cycle.</summary>
    Wait,

    /// <summary>Every ready relay answered: merge and hand over.</summary>
    Send,

    /// <summary>The wait for the missing relays is over: report what the others had (the missing relays' sessions are lost to the report).</summary>
    SendPartial,
}
