using System.Text;

namespace StrictMail.TestSupport.Postfix;

/// <summary>Plain SMTP commands and replies over one stream, for <see cref="PostfixProbe"/>.</summary>
internal sealed class ProbeConversation(Stream stream, CancellationToken cancel) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.ASCII, detectEncodingFromByteOrderMarks: false, leaveOpen: true);

    public async Task<List<string>> CommandAsync(string command, string code)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), cancel);
        return await ExpectAsync(code);
    }

    /// <summary>Reads one (multi-line) reply; throws unless it has <paramref name="code"/>.</summary>
    public async Task<List<string>> ExpectAsync(string code)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancel)
                ?? throw new IOException($"The server closed the connection while a {code} reply was expected.");
            if (line.Length < 4 || !line.StartsWith(code, StringComparison.Ordinal))
            {
                throw new IOException($"Expected a {code} reply, got \"{line}\".");
            }

            lines.Add(line);
            if (line[3] == ' ')
            {
                return lines;
            }
        }
    }

    public void Dispose() => _reader.Dispose();
}
