using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;
using StrictMail.Operator.Entities;
using StrictMail.Policy.Model;

namespace StrictMail.Operator.Tests.Crds;

/// <summary>
/// Walks a C# entity class and a CRD schema node together and lists every disagreement: property
/// names both ways, required fields, types and enums, recursively into nested classes and lists.
/// </summary>
internal static class EntitySchemaComparer
{
    /// <summary>metav1.Condition's required fields: upstream marks them +required, the C# model cannot say so.</summary>
    public static readonly IReadOnlyList<string> ConditionRequired = ["type", "status", "lastTransitionTime", "reason", "message"];

    /// <summary>Enums that come from upstream Kubernetes types rather than from a [WireEnum].</summary>
    private static readonly Dictionary<string, string[]> UpstreamEnums = new(StringComparer.Ordinal)
    {
        ["status.conditions[].status"] = ["True", "False", "Unknown"],
    };

    private static readonly Dictionary<Type, (string Type, string? Format)> Scalars = new()
    {
        [typeof(string)] = ("string", null),
        [typeof(bool)] = ("boolean", null),
        [typeof(int)] = ("integer", "int32"),
        [typeof(long)] = ("integer", "int64"),
        [typeof(DateTime)] = ("string", "date-time"),
    };

    /// <summary>Every disagreement between <paramref name="type"/> and <paramref name="schema"/>, each naming its property.</summary>
    public static List<string> Compare(Type type, SchemaNode schema)
    {
        var problems = new List<string>();
        CompareObject(type, schema, problems);
        return problems;
    }

    /// <summary>The JSON names of a class's properties, as System.Text.Json and the CRD spell them.</summary>
    public static IReadOnlyDictionary<string, PropertyInfo> JsonProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .ToDictionary(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicyCamelCase(p.Name), StringComparer.Ordinal);

    private static void CompareObject(Type type, SchemaNode schema, List<string> problems)
    {
        if (schema.Type != "object")
        {
            problems.Add($"{schema}: the CRD says type '{schema.Type}' but {type.Name} is an object");
            return;
        }

        var csharp = JsonProperties(type);
        var crd = schema.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var (name, property) in csharp.Where(p => !crd.ContainsKey(p.Key)))
        {
            problems.Add($"{SchemaNode.Join(schema.Path, name)}: {type.Name}.{property.Name} has it but the CRD does not");
        }

        foreach (var name in crd.Keys.Where(n => !csharp.ContainsKey(n)))
        {
            problems.Add($"{SchemaNode.Join(schema.Path, name)}: the CRD has it but {type.Name} has no property with that JSON name");
        }

        var required = type == typeof(V1Condition)
            ? ConditionRequired
            : csharp.Where(p => p.Value.GetCustomAttribute<RequiredAttribute>() is not null).Select(p => p.Key).ToList();
        if (!required.Order(StringComparer.Ordinal).SequenceEqual(schema.Required.Order(StringComparer.Ordinal)))
        {
            problems.Add($"{schema}: the CRD requires [{string.Join(", ", schema.Required)}] but {type.Name} requires [{string.Join(", ", required)}]");
        }

        foreach (var (name, property) in csharp.Where(p => crd.ContainsKey(p.Key)))
        {
            var node = crd[name];
            CompareValue(property.PropertyType, node, problems);
            CompareEnum(property, node, problems);
        }
    }

    private static void CompareValue(Type type, SchemaNode schema, List<string> problems)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            if (schema.Type != "array" || schema.Items is not { } items)
            {
                problems.Add($"{schema}: the CRD says type '{schema.Type}' but C# has a list");
                return;
            }

            CompareValue(type.GetGenericArguments()[0], items, problems);
        }
        else if (Scalars.TryGetValue(type, out var expected))
        {
            if (schema.Type != expected.Type || schema.Format != expected.Format)
            {
                problems.Add($"{schema}: the CRD says type '{schema.Type}' format '{schema.Format}' but C# {type.Name} needs type '{expected.Type}' format '{expected.Format}'");
            }
        }
        else if (type.IsClass)
        {
            CompareObject(type, schema, problems);
        }
        else
        {
            problems.Add($"{schema}: no CRD type is known for C# {type.Name}; teach EntitySchemaComparer");
        }
    }

    private static void CompareEnum(PropertyInfo property, SchemaNode schema, List<string> problems)
    {
        var wire = property.GetCustomAttribute<WireEnumAttribute>();
        IReadOnlyList<string> expected = wire is not null ? WireNamesOf(wire.EnumType)
            : UpstreamEnums.TryGetValue(schema.Path, out var upstream) ? upstream
            : [];
        if (!expected.SequenceEqual(schema.Enum))
        {
            var source = wire is null ? "C# (no [WireEnum])" : $"WireNames.Of<{wire.EnumType.Name}>()";
            problems.Add($"{schema}: the CRD's enum is [{string.Join(", ", schema.Enum)}] but {source} gives [{string.Join(", ", expected)}]");
        }
    }

    /// <summary>WireNames.Of&lt;T&gt;() for a runtime enum type.</summary>
    public static IReadOnlyList<string> WireNamesOf(Type enumType) =>
        (IReadOnlyList<string>)typeof(WireNames).GetMethod(nameof(WireNames.Of))!.MakeGenericMethod(enumType).Invoke(null, null)!;

    private static string JsonNamingPolicyCamelCase(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);
}
