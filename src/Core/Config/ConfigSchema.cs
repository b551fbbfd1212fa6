using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text;

namespace Mlops.Core.Config;

/// <summary>What kind of YAML value a property takes.</summary>
public enum ConfigValueKind
{
    Scalar,
    List,
    Map,
    Section,
}

/// <summary>One key of a config section: its YAML name, the property behind it and its rules.</summary>
public sealed record ConfigProperty(
    string Key,
    PropertyInfo Property,
    ConfigValueKind Kind,
    Type ValueType,
    bool Nullable,
    bool Required,
    RangeAttribute? Range
);

/// <summary>
/// Reads a config class by reflection: public settable properties in declaration order, named in
/// snake_case (or by <see cref="ConfigNameAttribute"/>).
/// </summary>
public static class ConfigSchema
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<ConfigProperty>> Cache = new();

    public static IReadOnlyList<ConfigProperty> PropertiesOf(Type sectionType) => Cache.GetOrAdd(sectionType, Describe);

    /// <summary>Every key path of a schema ("optim.lr", "data.augment.horizontal_flip"), sections included.</summary>
    public static IEnumerable<string> AllPaths(Type sectionType, string prefix = "")
    {
        foreach (var property in PropertiesOf(sectionType))
        {
            var path = prefix + property.Key;
            yield return path;
            if (property.Kind == ConfigValueKind.Section)
                foreach (var inner in AllPaths(property.ValueType, path + "."))
                    yield return inner;
        }
    }

    public static IEnumerable<string> KeysOf(Type sectionType) =>
        PropertiesOf(sectionType).Select(property => property.Key);

    /// <summary>"NumClasses" → "num_classes"; digits stay attached ("Resnet18" → "resnet18").</summary>
    public static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (
                char.IsUpper(c)
                && i > 0
                && (
                    char.IsLower(name[i - 1])
                    || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))
                )
            )
                builder.Append('_');
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }

    public static ConfigValueKind KindOf(Type type)
    {
        var plain = System.Nullable.GetUnderlyingType(type) ?? type;
        if (plain == typeof(string) || plain.IsPrimitive || plain.IsEnum || plain == typeof(decimal))
            return ConfigValueKind.Scalar;
        if (ElementTypeOf(type) is not null)
            return ConfigValueKind.List;
        return MapValueTypeOf(type) is null ? ConfigValueKind.Section : ConfigValueKind.Map;
    }

    /// <summary>T of Dictionary&lt;string, T&gt;, IDictionary&lt;string, T&gt; or IReadOnlyDictionary&lt;string, T&gt;;
    /// null otherwise.</summary>
    public static Type? MapValueTypeOf(Type type)
    {
        if (!type.IsGenericType)
            return null;
        var definition = type.GetGenericTypeDefinition();
        var arguments = type.GetGenericArguments();
        var isMap =
            definition == typeof(Dictionary<,>)
            || definition == typeof(IDictionary<,>)
            || definition == typeof(IReadOnlyDictionary<,>);
        return isMap && arguments[0] == typeof(string) ? arguments[1] : null;
    }

    /// <summary>The element type of T[], List&lt;T&gt;, IReadOnlyList&lt;T&gt; or IList&lt;T&gt;; null for other
    /// types.</summary>
    public static Type? ElementTypeOf(Type type)
    {
        if (type.IsArray)
            return type.GetElementType();
        if (!type.IsGenericType)
            return null;
        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(List<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>)
            ? type.GetGenericArguments()[0]
            : null;
    }

    private static IReadOnlyList<ConfigProperty> Describe(Type sectionType)
    {
        var nullability = new NullabilityInfoContext();
        return sectionType
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.CanRead && property.CanWrite && property.GetIndexParameters().Length == 0)
            .OrderBy(property => property.MetadataToken)
            .Select(property => new ConfigProperty(
                property.GetCustomAttribute<ConfigNameAttribute>()?.Name ?? SnakeCase(property.Name),
                property,
                KindOf(property.PropertyType),
                property.PropertyType,
                System.Nullable.GetUnderlyingType(property.PropertyType) is not null
                    || nullability.Create(property).WriteState == NullabilityState.Nullable,
                property.GetCustomAttribute<RequiredAttribute>() is not null,
                property.GetCustomAttribute<RangeAttribute>()
            ))
            .ToList();
    }
}
