using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Mlops.Core.Config;

/// <summary>A typed config and where each of its values came from.</summary>
public sealed record BoundConfig<T>(T Value, ConfigProvenance Provenance)
    where T : class;

/// <summary>
/// Binds a <see cref="ConfigMapping"/> onto a typed config class: unknown keys, wrong types, out-of-range
/// values, missing required keys and the sections' own rules (<see cref="IValidatedConfig"/>) are all
/// collected, then thrown together as one <see cref="ConfigException"/>.
/// </summary>
public sealed class ConfigBinder
{
    private readonly List<ConfigError> _errors = [];
    private readonly ConfigProvenance _provenance = new();

    private readonly Type _rootType;

    private ConfigBinder(Type rootType) => _rootType = rootType;

    public static BoundConfig<T> Bind<T>(ConfigMapping root)
        where T : class, new()
    {
        var binder = new ConfigBinder(typeof(T));
        var value = new T();
        binder.BindSection(value, root, "");
        if (binder._errors.Count > 0)
            throw new ConfigException(binder._errors);
        return new BoundConfig<T>(value, binder._provenance);
    }

    private void BindSection(object target, ConfigMapping mapping, string path)
    {
        var properties = ConfigSchema.PropertiesOf(target.GetType());
        var errorsBefore = _errors.Count;
        foreach (var entry in mapping.Entries)
        {
            var keyPath = Join(path, entry.Key);
            var property = properties.FirstOrDefault(candidate => candidate.Key == entry.Key);
            if (property is null)
            {
                var keys = properties.Select(candidate => candidate.Key).ToList();
                var hint = Suggestions.DidYouMean(entry.Key, keys);
                if (hint.Length == 0 && ElsewhereInSchema(entry.Key) is { } elsewhere)
                    hint = $" (did you mean '{elsewhere}'?)";
                Fail(
                    keyPath,
                    entry.KeySource,
                    $"unknown key '{entry.Key}'{hint}; known keys here: {string.Join(", ", keys)}"
                );
                continue;
            }
            _provenance.Record(keyPath, entry.Value.Source);
            if (TryBindValue(property, entry.Value, keyPath, property.Property.GetValue(target), out var value))
                property.Property.SetValue(target, value);
        }

        foreach (var property in properties.Where(candidate => mapping.Find(candidate.Key) is null))
        {
            var keyPath = Join(path, property.Key);
            if (property.Required)
                Fail(keyPath, mapping.Source, $"missing required key '{property.Key}'");
            else if (property.Kind == ConfigValueKind.Section && property.Property.GetValue(target) is { } defaults)
                // nested required keys and rules still apply
                BindSection(defaults, new ConfigMapping(mapping.Source), keyPath);
        }

        // The section's own rules only make sense once its values are all well-formed.
        if (target is IValidatedConfig validated && _errors.Count == errorsBefore)
            foreach (var issue in validated.Validate())
            {
                var keyPath = Join(path, issue.Key);
                Fail(keyPath, _provenance.SourceOf(keyPath), issue.Message);
            }
    }

    private bool TryBindValue(
        ConfigProperty property,
        ConfigNode node,
        string keyPath,
        object? current,
        out object? value
    )
    {
        if (!TryConvert(property.ValueType, property.Nullable, node, keyPath, current, out value))
            return false;
        if (value is string path && property.Property.IsDefined(typeof(PathInConfigAttribute), inherit: false))
            value = PathInConfigAttribute.Resolve(path, node.Source);
        if (value is null || property.Range is null || property.Range.IsValid(value))
            return true;
        Fail(keyPath, node.Source, $"{RangeText(property.Range)}, got {ConfigScalars.Format(value)}");
        return false;
    }

    private bool TryConvert(
        Type type,
        bool nullable,
        ConfigNode node,
        string keyPath,
        object? current,
        out object? value
    )
    {
        value = null;
        var kind = ConfigSchema.KindOf(type);
        if (node is ConfigScalar { IsNull: true })
        {
            if (nullable || Nullable.GetUnderlyingType(type) is not null)
                return true;
            return Fail(keyPath, node.Source, $"expected {Expected(type, kind)}, got null");
        }
        switch (kind)
        {
            case ConfigValueKind.Scalar:
                if (node is not ConfigScalar scalar)
                    return Fail(
                        keyPath,
                        node.Source,
                        $"expected {ConfigScalars.Describe(type)}, got {node.Describe()}"
                    );
                if (ConfigScalars.TryParse(type, scalar.Value!, out value, out var expected))
                    return true;
                var hint =
                    type.IsEnum || Nullable.GetUnderlyingType(type)?.IsEnum == true
                        ? Suggestions.DidYouMean(
                            scalar.Value!,
                            ConfigScalars.EnumNames(Nullable.GetUnderlyingType(type) ?? type)
                        )
                        : "";
                return Fail(keyPath, node.Source, $"expected {expected}, got {node.Describe()}{hint}");
            case ConfigValueKind.List:
                return TryConvertList(type, node, keyPath, out value);
            case ConfigValueKind.Map:
                return TryConvertMap(type, node, keyPath, out value);
            default:
                return TryConvertSection(type, node, keyPath, current, out value);
        }
    }

    private bool TryConvertList(Type type, ConfigNode node, string keyPath, out object? value)
    {
        value = null;
        var elementType = ConfigSchema.ElementTypeOf(type)!;
        if (node is not ConfigSequence sequence)
            return Fail(keyPath, node.Source, $"expected a list of {Plural(elementType)}, got {node.Describe()}");
        var items = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType))!;
        var ok = true;
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            if (TryConvert(elementType, false, sequence.Items[i], $"{keyPath}[{i}]", null, out var item))
                items.Add(item);
            else
                ok = false;
        }
        if (!ok)
            return false;
        if (type.IsArray)
        {
            var array = Array.CreateInstance(elementType, items.Count);
            items.CopyTo(array, 0);
            value = array;
        }
        else
            value = items;
        return true;
    }

    /// <summary>A mapping with free keys (e.g. a sweep's parameters), each value bound as the dictionary's value
    /// type.</summary>
    private bool TryConvertMap(Type type, ConfigNode node, string keyPath, out object? value)
    {
        value = null;
        var valueType = ConfigSchema.MapValueTypeOf(type)!;
        if (node is not ConfigMapping mapping)
            return Fail(keyPath, node.Source, $"expected a mapping, got {node.Describe()}");
        var map = (IDictionary)
            Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType))!;
        var ok = true;
        foreach (var entry in mapping.Entries)
        {
            var entryPath = Join(keyPath, entry.Key);
            _provenance.Record(entryPath, entry.Value.Source);
            if (TryConvert(valueType, false, entry.Value, entryPath, null, out var item))
                map[entry.Key] = item;
            else
                ok = false;
        }
        value = map;
        return ok;
    }

    private bool TryConvertSection(Type type, ConfigNode node, string keyPath, object? current, out object? value)
    {
        value = current
            ?? Activator.CreateInstance(type)
            ?? throw new InvalidOperationException($"{type.Name} needs a parameterless constructor");
        if (node is ConfigScalar scalar && value is IConfigScalarForm scalarForm)
        {
            var expected = scalarForm.ReadScalar(scalar.Value!);
            return expected is null || Fail(keyPath, node.Source, $"expected {expected}, got {node.Describe()}");
        }
        if (node is not ConfigMapping mapping)
            return Fail(
                keyPath,
                node.Source,
                $"expected a mapping with keys {string.Join(", ", ConfigSchema.KeysOf(type))}, got {node.Describe()}"
            );
        var errorsBefore = _errors.Count;
        BindSection(value, mapping, keyPath);
        return _errors.Count == errorsBefore;
    }

    /// <summary>The full path of a key with this exact name in another section ("lr" written at the top →
    /// "optim.lr").</summary>
    private string? ElsewhereInSchema(string key)
    {
        var matches = ConfigSchema
            .AllPaths(_rootType)
            .Where(path => path == key || path.EndsWith("." + key, StringComparison.Ordinal))
            .ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    private bool Fail(string keyPath, ConfigSource source, string message)
    {
        _errors.Add(new ConfigError(keyPath, source, message));
        return false;
    }

    private static string Expected(Type type, ConfigValueKind kind) =>
        kind switch
        {
            ConfigValueKind.Scalar => ConfigScalars.Describe(type),
            ConfigValueKind.List => "a list",
            ConfigValueKind.Map => "a mapping",
            _ => "a mapping",
        };

    private static string Plural(Type elementType) =>
        ConfigScalars.Describe(elementType) switch
        {
            "a number" => "numbers",
            "an integer" => "integers",
            "a string" => "strings",
            var other => $"values, each {other}",
        };

    private static string RangeText(RangeAttribute range)
    {
        string Bound(object bound) => Convert.ToString(bound, CultureInfo.InvariantCulture) ?? "?";
        var lower = range.MinimumIsExclusive
            ? $"greater than {Bound(range.Minimum)}"
            : $"at least {Bound(range.Minimum)}";
        var unbounded = range.Maximum is int.MaxValue or double.MaxValue or long.MaxValue;
        if (unbounded)
            return $"must be {lower}";
        var upper = range.MaximumIsExclusive ? $"less than {Bound(range.Maximum)}" : $"at most {Bound(range.Maximum)}";
        return $"must be {lower} and {upper}";
    }

    private static string Join(string path, string key) =>
        path.Length == 0 ? key
        : key.Length == 0 ? path
        : $"{path}.{key}";
}
