namespace StrictMail.Bench.Operator;

/// <summary>1,000 policies through the operator process against the fake API server.</summary>
internal sealed record ReconcileFigures(int Policies, double Seconds, double CpuSeconds, long PeakBytes, int Requests);
