using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.Relay.Tests.EndToEnd;

/// <summary>What reached the sink, sorted into our numbered messages (by number) and smtp-source's load (by Message-Id).</summary>
internal sealed partial class SinkInventory
{
    private SinkInventory(
        IReadOnlyDictionary<int, IReadOnlyList<byte[]>> numbered, IReadOnlyDictionary<string, int> loadCopies, IReadOnlySet<string> loadBodyHashes, int other)
    {
        Numbered = numbered;
        LoadCopies = loadCopies;
        LoadBodyHashes = loadBodyHashes;
        Other = other;
    }

    /// <summary>Every copy of each numbered message, as the sink received it.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<byte[]>> Numbered { get; }

    /// <summary>Copies of each smtp-source message, by its Message-Id.</summary>
    public IReadOnlyDictionary<string, int> LoadCopies { get; }

    /// <summary>SHA-256 of each distinct smtp-source body: smtp-source sends the same body every time, so one value means none was cut.</summary>
    public IReadOnlySet<string> LoadBodyHashes { get; }

    /// <summary>Messages that are neither (should be none).</summary>
    public int Other { get; }

    public int NumberedDuplicates => Numbered.Values.Sum(copies => copies.Count - 1);

    public int LoadDuplicates => LoadCopies.Values.Sum(copies => copies - 1);

    public static SinkInventory Take(IEnumerable<ReceivedMessage> messages)
    {
        var numbered = new Dictionary<int, List<byte[]>>();
        var load = new Dictionary<string, int>(StringComparer.Ordinal);
        var bodies = new HashSet<string>(StringComparer.Ordinal);
        var other = 0;
        foreach (var message in messages)
        {
            if (NumberedMessage.NumberOf(message.Data) is { } number)
            {
                (numbered.TryGetValue(number, out var copies) ? copies : numbered[number] = []).Add(message.Data);
                continue;
            }

            var headerLength = NumberedMessage.HeaderLength(message.Data);
            if (AnyMessageId().Match(Encoding.Latin1.GetString(message.Data, 0, headerLength)) is { Success: true } id)
            {
                load[id.Value] = load.GetValueOrDefault(id.Value) + 1;
                bodies.Add(Convert.ToHexStringLower(SHA256.HashData(message.Data.AsSpan(headerLength))));
            }
            else
            {
                other++;
            }
        }

        return new SinkInventory(numbered.ToDictionary(e => e.Key, e => (IReadOnlyList<byte[]>)e.Value), load, bodies, other);
    }

    /// <summary>
    /// Whether <paramref name="received"/> is exactly what was sent with one trace header in front: the relay's own
    /// "Received:" (folded lines start with white space) and nothing else added, removed or changed.
    /// </summary>
    public static bool IsIntact(byte[] received, byte[] sent)
    {
        if (received.Length <= sent.Length || !received.AsSpan().EndsWith(sent))
        {
            return false;
        }

        var added = Encoding.Latin1.GetString(received, 0, received.Length - sent.Length);
        var lines = added.Split("\r\n")[..^1];
        return added.EndsWith("\r\n", StringComparison.Ordinal)
            && lines[0].StartsWith("Received: ", StringComparison.Ordinal)
            && lines.Skip(1).All(line => line.StartsWith('\t') || line.StartsWith(' '));
    }

    [GeneratedRegex(@"(?im)^Message-Id:\s*\S+")]
    private static partial Regex AnyMessageId();
}
