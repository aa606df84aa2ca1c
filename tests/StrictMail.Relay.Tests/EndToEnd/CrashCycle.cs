namespace StrictMail.Relay.Tests.EndToEnd;

/// <summary>What one kill cycle did: 250s before the kill, and what the spool held right after it.</summary>
/// <param name="Cycle">1-based.</param>
/// <param name="Acknowledged">Numbered messages answered 250 in this cycle.</param>
/// <param name="ActiveAtKill">Queue ids in active/ after the kill: caught mid-delivery, so they may arrive twice.</param>
/// <param name="IncomingAtKill">Complete messages in incoming/ after the kill (accepted, not yet picked up).</param>
/// <param name="PartsAtKill">Unfinished part files in incoming/ after the kill (never acknowledged).</param>
/// <param name="DeferredAtKill">Messages in deferred/ after the kill.</param>
/// <param name="SmtpSourceExit">smtp-source's exit code (1 after losing the relay; -1 when it had to be killed).</param>
/// <param name="Restart">How long the restart took until ready.</param>
internal sealed record CrashCycle(
    int Cycle, int Acknowledged, IReadOnlySet<string> ActiveAtKill, int IncomingAtKill, int PartsAtKill, int DeferredAtKill, int SmtpSourceExit, TimeSpan Restart)
{
    public override string ToString() =>
        $"cycle {Cycle}: {Acknowledged} acknowledged; at the kill {ActiveAtKill.Count} active, {IncomingAtKill} incoming, " +
        $"{PartsAtKill} part files, {DeferredAtKill} deferred; smtp-source exit {SmtpSourceExit}; restart {Restart.TotalSeconds:F2} s";
}
