namespace StrictMail.Bench.Operator;

/// <summary>Compiling N policies into the document: the median time of three runs, allocation, process peak, sizes.</summary>
internal sealed record CompileFigures(int Policies, double Milliseconds, long AllocatedBytes, long ProcessPeakBytes, long RawBytes, long GzipBytes);
