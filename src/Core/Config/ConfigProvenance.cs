namespace Mlops.Core.Config;

/// <summary>Where each key of a bound config was set; keys nobody set come from the schema's defaults.</summary>
public sealed class ConfigProvenance
{
    private readonly Dictionary<string, ConfigSource> _sources = new(StringComparer.Ordinal);

    public ConfigSource SourceOf(string keyPath) => _sources.GetValueOrDefault(keyPath, ConfigSource.Default);

    /// <summary>True when the key (or a key below it) was written in a file or on the command line.</summary>
    public bool WasSet(string keyPath) => _sources.ContainsKey(keyPath);

    /// <summary>"configs/quick.yaml:12 (data.root)", "command line (data.root)": for an error about a value found
    /// unusable after loading.</summary>
    public string Locate(string keyPath) => new ConfigError(keyPath, SourceOf(keyPath), "").Where;

    internal void Record(string keyPath, ConfigSource source) => _sources[keyPath] = source;
}
