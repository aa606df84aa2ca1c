using System.Text;

namespace StrictMail.TestSupport.Postfix;

/// <summary>Reads a maillog that postlogd is still appending to: only whole lines, from a byte offset.</summary>
internal static class PostfixLogFile
{
    /// <summary>The complete lines from <paramref name="offset"/> on; a line still being written is left for the next read.</summary>
    public static IReadOnlyList<string> ReadLines(string path, long offset)
    {
        var text = ReadFrom(path, offset);
        var end = text.LastIndexOf('\n');
        return end < 0 ? [] : text[..end].Split('\n');
    }

    /// <summary>The byte offset just after the first line containing <paramref name="marker"/>, or null when there is none yet.</summary>
    public static long? EndOfLine(string path, string marker)
    {
        var text = ReadFrom(path, 0);
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        var end = at < 0 ? -1 : text.IndexOf('\n', at);
        return end < 0 ? null : Encoding.UTF8.GetByteCount(text.AsSpan(0, end + 1));
    }

    /// <summary>The last <paramref name="lines"/> lines, headed by the file's path.</summary>
    public static string Tail(string path, int lines)
    {
        var all = ReadFrom(path, 0).TrimEnd('\n').Split('\n');
        return $"--- last {lines} lines of {path} ---\n{string.Join('\n', all.TakeLast(lines))}";
    }

    private static string ReadFrom(string path, long offset)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(offset, SeekOrigin.Begin);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return "";
        }
        catch (DirectoryNotFoundException)
        {
            return "";
        }
    }
}
