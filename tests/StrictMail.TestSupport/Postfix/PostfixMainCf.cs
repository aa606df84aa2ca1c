using System.Text;

namespace StrictMail.TestSupport.Postfix;

/// <summary>main.cf of a private instance: the settings every instance under a <see cref="PostfixPaths"/> root needs, and the file text.</summary>
internal static class PostfixMainCf
{
    /// <summary>
    /// Where the instance keeps its queue, data and log, its name, and no local delivery extras; the caller adds what the
    /// instance is for (relaying, TLS, domains) and may override any of these.
    /// </summary>
    public static Dictionary<string, string> Instance(PostfixPaths paths, string hostName) => new(StringComparer.Ordinal)
    {
        ["compatibility_level"] = "3.6",
        ["queue_directory"] = paths.Queue,
        ["data_directory"] = paths.Data,
        ["maillog_file"] = paths.Log,
        ["maillog_file_prefixes"] = paths.Root,
        ["syslog_name"] = paths.SyslogName,
        ["myhostname"] = hostName,
        // A 127.x.y.z that is not on lo cannot be named here ("no local interface found"); master.cf binds it.
        ["inet_interfaces"] = "all",
        ["inet_protocols"] = "ipv4",
        ["alias_maps"] = "",
        ["alias_database"] = "",
        ["biff"] = "no",
    };

    /// <summary>The file: who wrote it, then one "name = value" line per setting, in order.</summary>
    public static string Render(string writer, IEnumerable<KeyValuePair<string, string>> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var text = new StringBuilder($"# Written by {writer}.\n");
        foreach (var (name, value) in settings)
        {
            text.Append(name).Append(" = ").Append(value).Append('\n');
        }

        return text.ToString();
    }
}
