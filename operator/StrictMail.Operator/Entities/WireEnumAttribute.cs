namespace StrictMail.Operator.Entities;

/// <summary>Marks a string property whose allowed values are the wire names of an enum (the CRD's enum).</summary>
/// <param name="enumType">The enum whose wire names are the allowed values.</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class WireEnumAttribute(Type enumType) : Attribute
{
    /// <summary>The enum whose wire names are the allowed values.</summary>
    public Type EnumType { get; } = enumType;
}
