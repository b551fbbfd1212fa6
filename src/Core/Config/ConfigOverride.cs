using System.Text.RegularExpressions;

namespace Mlops.Core.Config;

/// <summary>
/// One `key.path=value` argument from the command line. The value is read as YAML (`0.1`, `true`,
/// `[0.9, 0.999]`, `{mean: [0.5], std: [0.25]}`); an empty value is null.
/// </summary>
public sealed partial record ConfigOverride(string KeyPath, ConfigNode Value, string Text)
{
    public IReadOnlyList<string> Segments => KeyPath.Split('.');

    public static ConfigOverride Parse(string argument)
    {
        var equals = argument.IndexOf('=');
        var keyPath = equals < 0 ? argument : argument[..equals].Trim();
        if (equals < 0 || !KeyPathPattern().IsMatch(keyPath))
            throw new ConfigException(
                new ConfigError(
                    keyPath,
                    ConfigSource.CommandLine,
                    $"expected an override like optim.lr=0.05, got '{argument}'"
                )
            );
        return new ConfigOverride(
            keyPath,
            YamlConfigReader.ReadCommandLineValue(argument[(equals + 1)..], keyPath),
            argument
        );
    }

    /// <summary>Sets the value in <paramref name="root"/>, creating the mappings on its path as needed.</summary>
    public void ApplyTo(ConfigMapping root)
    {
        var mapping = root;
        var segments = Segments;
        foreach (var segment in segments.Take(segments.Count - 1))
        {
            if (mapping.Find(segment)?.Value is not ConfigMapping child)
            {
                child = new ConfigMapping(ConfigSource.CommandLine);
                mapping.Set(new ConfigEntry(segment, ConfigSource.CommandLine, child));
            }
            mapping = child;
        }
        ConfigMerge.SetOrMerge(mapping, new ConfigEntry(segments[^1], ConfigSource.CommandLine, Value));
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$")]
    private static partial Regex KeyPathPattern();
}
