using System.Text.RegularExpressions;

namespace StrictMail.TestSupport.Postfix;

/// <summary>
/// Reads a Postfix maillog into sessions and messages. smtpd serves one connection at a time, so a session is
/// keyed by its process id from "connect from" on; a message joins its session at "QUEUEID: client=" and is
/// finished at qmgr's "QUEUEID: removed".
/// </summary>
internal static partial class PostfixLogParser
{
    public static PostfixLogSnapshot Parse(IEnumerable<string> lines)
    {
        var sessions = new List<PostfixSession>();
        var sessionByProcess = new Dictionary<int, int>();
        var pending = new Dictionary<string, PostfixMessage>(StringComparer.Ordinal);
        var finished = new List<PostfixMessage>();
        var rejections = new List<string>();

        foreach (var line in lines)
        {
            var entry = LineFormat().Match(line);
            if (!entry.Success)
            {
                continue;
            }

            var pid = int.Parse(entry.Groups["pid"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
            var text = entry.Groups["text"].Value;
            if (QueueLine().Match(text) is { Success: true } queued)
            {
                var queueId = queued.Groups["qid"].Value;
                var rest = queued.Groups["rest"].Value;
                if (queueId == "NOQUEUE")
                {
                    rejections.Add(rest);
                }
                else if (rest.StartsWith("client=", StringComparison.Ordinal) && sessionByProcess.TryGetValue(pid, out var index))
                {
                    var session = sessions[index];
                    sessions[index] = session with { QueueIds = [.. session.QueueIds, queueId] };
                    pending[queueId] = new PostfixMessage(queueId, null, "", [], session.Client, session.TlsProtocol, session.TlsCipher);
                }
                else if (pending.TryGetValue(queueId, out var message))
                {
                    Apply(rest, queueId, message, pending, finished);
                }

                continue;
            }

            if (ConnectLine().Match(text) is { Success: true } connect)
            {
                sessionByProcess[pid] = sessions.Count;
                sessions.Add(new PostfixSession(pid, connect.Groups["client"].Value, null, null, []));
            }
            else if (TlsLine().Match(text) is { Success: true } tls && sessionByProcess.TryGetValue(pid, out var index))
            {
                sessions[index] = sessions[index] with { TlsProtocol = tls.Groups["protocol"].Value, TlsCipher = tls.Groups["cipher"].Value };
            }
            else if (text.StartsWith("disconnect from ", StringComparison.Ordinal))
            {
                sessionByProcess.Remove(pid);
            }
        }

        return new PostfixLogSnapshot(sessions, finished, rejections);
    }

    private static void Apply(string rest, string queueId, PostfixMessage message, Dictionary<string, PostfixMessage> pending, List<PostfixMessage> finished)
    {
        var address = Address().Match(rest);
        if (rest.StartsWith("message-id=", StringComparison.Ordinal))
        {
            var messageId = rest["message-id=".Length..].Trim().Trim('<', '>');
            pending[queueId] = message with { MessageId = messageId.Length > 0 ? messageId : null };
        }
        else if (address.Success && address.Groups["field"].Value == "from")
        {
            pending[queueId] = message with { From = address.Groups["address"].Value };
        }
        else if (address.Success)
        {
            pending[queueId] = message with { To = [.. message.To, address.Groups["address"].Value] };
        }
        else if (rest == "removed")
        {
            pending.Remove(queueId);
            finished.Add(message);
        }
    }

    // "Nov 28 21:13:58 mx strictmail-mx-x/smtpd[19417]: text": the first token shaped like program[pid]: is the program.
    [GeneratedRegex(@"(?:^|\s)(?<program>[^\s\[]+)\[(?<pid>\d+)\]: (?<text>.*)$")]
    private static partial Regex LineFormat();

    [GeneratedRegex(@"^(?<qid>[0-9A-Za-z]+): (?<rest>.*)$")]
    private static partial Regex QueueLine();

    [GeneratedRegex(@"^connect from (?<client>\S+)$")]
    private static partial Regex ConnectLine();

    // "Anonymous", "Untrusted", "Trusted" or "Verified" TLS connection established from C: TLSv1.3 with cipher X (...)
    [GeneratedRegex(@"^\w+ TLS connection established from \S+: (?<protocol>\S+) with cipher (?<cipher>\S+)")]
    private static partial Regex TlsLine();

    [GeneratedRegex(@"^(?<field>from|to)=<(?<address>[^>]*)>")]
    private static partial Regex Address();
}
