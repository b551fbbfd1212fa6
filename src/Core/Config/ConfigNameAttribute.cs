namespace Mlops.Core.Config;

/// <summary>
/// The name a property or enum member has in YAML when the automatic snake_case name is not the one wanted,
/// e.g. <c>[ConfigName("fashion-mnist")] FashionMnist</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ConfigNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
