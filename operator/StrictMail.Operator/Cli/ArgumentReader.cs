namespace StrictMail.Operator.Cli;

/// <summary>Reads "--name value" and "--flag" arguments; unknown or repeated options are errors.</summary>
internal sealed class ArgumentReader
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    private ArgumentReader()
    {
    }

    /// <summary>Parses <paramref name="args"/>; <paramref name="flags"/> take no value, <paramref name="valued"/> take one.</summary>
    public static ArgumentReader Parse(IReadOnlyList<string> args, IReadOnlySet<string> valued, IReadOnlySet<string> flags)
    {
        var reader = new ArgumentReader();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string? value = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (name.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }

            if (flags.Contains(name) && value is null)
            {
                value = "true";
            }
            else if (valued.Contains(name))
            {
                if (value is null && (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal)))
                {
                    throw new UsageException($"{name} needs a value");
                }

                value ??= args[++i];
            }
            else
            {
                throw new UsageException($"unknown option '{args[i]}'");
            }

            if (!reader._values.TryAdd(name, value))
            {
                throw new UsageException($"{name} is given twice");
            }
        }

        return reader;
    }

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public string Require(string name) => Get(name) ?? throw new UsageException($"{name} is required");

    public bool Has(string name) => _values.ContainsKey(name);
}
