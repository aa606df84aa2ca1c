using System.Net;

namespace StrictMail.Bench.Relays;

/// <summary>A relay the load goes through: where it listens and which process tree to measure.</summary>
internal interface IRelayUnderTest : IAsyncDisposable
{
    /// <summary>"StrictMail" or "Postfix".</summary>
    string Name { get; }

    IPEndPoint SmtpEndPoint { get; }

    /// <summary>The process whose tree (itself and every descendant) is the relay.</summary>
    int RootPid { get; }

    /// <summary>Peak memory of the relay over the run, in bytes, and how it was taken.</summary>
    (long Bytes, string Method) PeakMemory(long sampledTreePeak);
}
