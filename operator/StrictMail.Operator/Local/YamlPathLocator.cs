using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace StrictMail.Operator.Local;

/// <summary>Finds the line of a field path ("spec.domains[1]") in a YAML document.</summary>
internal static class YamlPathLocator
{
    /// <summary>The 1-based line of the path, or of the deepest part of it that exists.</summary>
    public static long Line(YamlNode root, string path)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        var node = root;
        var line = root.Start.Line;
        foreach (var segment in Segments(path))
        {
            YamlNode? next = null;
            if (segment is int index && node is YamlSequenceNode sequence && index < sequence.Children.Count)
            {
                next = sequence.Children[index];
                line = next.Start.Line;
            }
            else if (segment is string key && node is YamlMappingNode mapping)
            {
                foreach (var (k, v) in mapping.Children)
                {
                    if (k is YamlScalarNode { Value: var name } && name == key)
                    {
                        next = v;
                        line = k.Start.Line;
                        break;
                    }
                }
            }

            if (next is null)
            {
                break;
            }

            node = next;
        }

        return line;
    }

    private static IEnumerable<object> Segments(string path)
    {
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            yield return bracket < 0 ? part : part[..bracket];
            if (bracket >= 0 && int.TryParse(part.AsSpan(bracket + 1, part.Length - bracket - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                yield return index;
            }
        }
    }
}
