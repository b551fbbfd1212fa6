namespace Mlops.Core.Config;

/// <summary>
/// The one call a command needs: compose the YAML file (with its `defaults:` groups), apply the
/// command-line overrides, bind and validate. Every problem is raised here, before any work starts.
/// </summary>
public static class ConfigLoader
{
    /// <param name="path">The experiment or config file.</param>
    /// <param name="overrides">Command-line arguments: `key.path=value` or `group=option`.</param>
    public static LoadedConfig<T> Load<T>(string path, IEnumerable<string>? overrides = null)
        where T : class, new()
    {
        var composed = ConfigComposer.Compose(path, overrides);
        var bound = ConfigBinder.Bind<T>(composed.Root);
        return new LoadedConfig<T>(bound.Value, bound.Provenance, composed.GroupChoices);
    }

    /// <summary>Binds YAML text (e.g. an embedded default config); <paramref name="name"/> names it in error
    /// locations.</summary>
    public static LoadedConfig<T> LoadText<T>(string yaml, string name, IEnumerable<string>? overrides = null)
        where T : class, new()
    {
        var root = YamlConfigReader.ReadDocument(yaml, name);
        foreach (var argument in overrides ?? [])
            ConfigOverride.Parse(argument).ApplyTo(root);
        var bound = ConfigBinder.Bind<T>(root);
        return new LoadedConfig<T>(bound.Value, bound.Provenance, new Dictionary<string, string>());
    }
}

/// <summary>A loaded config: the typed value, where each value came from, and the group options chosen.</summary>
public sealed record LoadedConfig<T>(
    T Value,
    ConfigProvenance Provenance,
    IReadOnlyDictionary<string, string> GroupChoices
)
    where T : class
{
    /// <summary>The resolved config as YAML; with <paramref name="withSources"/> each value says where it came
    /// from.</summary>
    public string ToYaml(bool withSources = true)
    {
        var yaml = ConfigPrinter.ToYaml(Value, withSources ? Provenance : null);
        if (!withSources || GroupChoices.Count == 0)
            return yaml;
        var groups = string.Join(", ", GroupChoices.Select(choice => $"{choice.Key}={choice.Value}"));
        return $"# composed from config groups: {groups}\n{yaml}";
    }
}
