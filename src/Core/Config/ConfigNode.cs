namespace Mlops.Core.Config;

/// <summary>
/// A config document as a tree that remembers where every value came from. YAML files and command-line
/// overrides are read into this tree, merged, then bound to typed classes by <see cref="ConfigBinder"/>.
/// </summary>
public abstract class ConfigNode
{
    protected ConfigNode(ConfigSource source) => Source = source;

    public ConfigSource Source { get; }

    /// <summary>How the node is named in messages: "a number", "a mapping"...</summary>
    public abstract string Describe();
}

/// <summary>A scalar; <see cref="Value"/> is null for YAML null (`null`, `~` or nothing).</summary>
public sealed class ConfigScalar(string? value, bool quoted, ConfigSource source) : ConfigNode(source)
{
    public string? Value { get; } = value;

    /// <summary>True when written in quotes: `"null"` is then the text null, not a null value.</summary>
    public bool Quoted { get; } = quoted;

    public bool IsNull => Value is null;

    public override string Describe() => Value is null ? "null" : $"'{Value}'";
}

public sealed class ConfigSequence(IReadOnlyList<ConfigNode> items, ConfigSource source) : ConfigNode(source)
{
    public IReadOnlyList<ConfigNode> Items { get; } = items;

    public override string Describe() => "a list";
}

/// <summary>One key of a mapping, with the place of the key itself (for "unknown key" errors).</summary>
public sealed record ConfigEntry(string Key, ConfigSource KeySource, ConfigNode Value);

/// <summary>A mapping whose keys keep their order of appearance.</summary>
public sealed class ConfigMapping(ConfigSource source) : ConfigNode(source)
{
    private readonly List<ConfigEntry> _entries = [];

    public IReadOnlyList<ConfigEntry> Entries => _entries;

    public override string Describe() => "a mapping";

    public ConfigEntry? Find(string key) => _entries.FirstOrDefault(entry => entry.Key == key);

    /// <summary>Adds the key, or replaces its value where it already is (keeping the order).</summary>
    public void Set(ConfigEntry entry)
    {
        var index = _entries.FindIndex(existing => existing.Key == entry.Key);
        if (index >= 0)
            _entries[index] = entry;
        else
            _entries.Add(entry);
    }

    public bool Remove(string key) => _entries.RemoveAll(entry => entry.Key == key) > 0;
}
