namespace StrictMail.Bench.Load;

/// <summary>What the load generator saw: Stopwatch timestamps of each message's DATA by id, and when it started and ended.</summary>
internal sealed record LoadResult(IReadOnlyDictionary<string, long> DataSent, long Started, long Finished, int Failed, string? FirstError);
