namespace Mlops.Core.Config;

/// <summary>The merged tree of an experiment and the option chosen for each config group.</summary>
public sealed record ComposedConfig(ConfigMapping Root, IReadOnlyDictionary<string, string> GroupChoices);

/// <summary>
/// Composes a config the Hydra way. An experiment file may start with
/// <code>
/// defaults:
///   - model: resnet18     # configs/model/resnet18.yaml, placed under the key `model`
///   - optim: sgd
///   - _self_              # where the experiment's own keys go (last when omitted)
/// </code>
/// Group files live in folders next to the experiment file. Later layers win: group files, then the
/// experiment's own keys, then command-line overrides. On the command line `model=resnet34` switches a
/// group and `optim.lr=0.05` sets a value.
/// </summary>
public static class ConfigComposer
{
    public const string DefaultsKey = "defaults";
    private const string SelfMarker = "_self_";

    public static ComposedConfig Compose(string experimentPath, IEnumerable<string>? arguments = null)
    {
        var experiment = YamlConfigReader.ReadFile(experimentPath);
        var groupsRoot = Path.GetDirectoryName(experimentPath) is { Length: > 0 } folder ? folder : ".";
        var errors = new List<ConfigError>();
        var layers = ReadDefaults(experiment, errors);
        var overrides = new List<ConfigOverride>();
        foreach (var argument in arguments ?? [])
        {
            var parsed = ConfigOverride.Parse(argument);
            if (IsGroupSwitch(parsed, layers, groupsRoot))
                SwitchGroup(layers, parsed);
            else
                overrides.Add(parsed);
        }

        var root = new ConfigMapping(experiment.Source);
        var choices = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            if (layer.Group == SelfMarker)
            {
                ConfigMerge.Into(root, experiment);
                continue;
            }
            if (LoadGroupOption(groupsRoot, layer, errors) is not { } groupTree)
                continue;
            choices[layer.Group] = layer.Option;
            ConfigMerge.SetOrMerge(root, new ConfigEntry(layer.Group, layer.Source, groupTree));
        }
        if (errors.Count > 0)
            throw new ConfigException(errors);
        foreach (var configOverride in overrides)
            configOverride.ApplyTo(root);
        return new ComposedConfig(root, choices);
    }

    /// <summary>The config groups (sub-folders holding .yaml files) available next to an experiment file.</summary>
    public static IReadOnlyList<string> GroupsIn(string groupsRoot) =>
        Directory.Exists(groupsRoot)
            ? Directory
                .GetDirectories(groupsRoot)
                .Where(folder => Directory.EnumerateFiles(folder, "*.yaml").Any())
                .Select(Path.GetFileName)
                .OfType<string>()
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];

    public static IReadOnlyList<string> OptionsIn(string groupsRoot, string group)
    {
        var folder = Path.Combine(groupsRoot, group);
        return Directory.Exists(folder)
            ? Directory
                .GetFiles(folder, "*.yaml")
                .Select(Path.GetFileNameWithoutExtension)
                .OfType<string>()
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
    }

    private sealed record Layer(string Group, string Option, ConfigSource Source);

    private static List<Layer> ReadDefaults(ConfigMapping experiment, List<ConfigError> errors)
    {
        var layers = new List<Layer>();
        var defaults = experiment.Find(DefaultsKey);
        experiment.Remove(DefaultsKey);
        if (defaults?.Value is ConfigSequence sequence)
        {
            foreach (var item in sequence.Items)
            {
                if (item is ConfigScalar { Value: SelfMarker })
                    layers.Add(new Layer(SelfMarker, "", item.Source));
                else if (item is ConfigMapping { Entries: [{ Value: ConfigScalar { Value: { } option } } entry] })
                    layers.Add(new Layer(entry.Key, option, entry.Value.Source));
                else
                    errors.Add(
                        new ConfigError(
                            DefaultsKey,
                            item.Source,
                            "expected an entry like 'model: resnet18' or '_self_'"
                        )
                    );
            }
        }
        else if (defaults is not null && defaults.Value is not ConfigScalar { IsNull: true })
            errors.Add(
                new ConfigError(
                    DefaultsKey,
                    defaults.Value.Source,
                    $"expected a list of 'group: option' entries, got {defaults.Value.Describe()}"
                )
            );
        if (layers.All(layer => layer.Group != SelfMarker))
            layers.Add(new Layer(SelfMarker, "", experiment.Source));
        return layers;
    }

    private static bool IsGroupSwitch(ConfigOverride candidate, List<Layer> layers, string groupsRoot) =>
        candidate.Segments.Count == 1
        && candidate.Value is ConfigScalar { IsNull: false, Quoted: false }
        && (layers.Any(layer => layer.Group == candidate.KeyPath) || GroupsIn(groupsRoot).Contains(candidate.KeyPath));

    private static void SwitchGroup(List<Layer> layers, ConfigOverride choice)
    {
        var option = ((ConfigScalar)choice.Value).Value!;
        var index = layers.FindIndex(layer => layer.Group == choice.KeyPath);
        var layer = new Layer(choice.KeyPath, option, ConfigSource.CommandLine);
        // A group the experiment did not list goes before the experiment's own keys, like the listed ones.
        if (index >= 0)
            layers[index] = layer;
        else
            layers.Insert(layers.FindIndex(existing => existing.Group == SelfMarker), layer);
    }

    private static ConfigMapping? LoadGroupOption(string groupsRoot, Layer layer, List<ConfigError> errors)
    {
        var path = Path.Combine(groupsRoot, layer.Group, layer.Option + ".yaml");
        if (File.Exists(path))
            return YamlConfigReader.ReadFile(path);
        var options = OptionsIn(groupsRoot, layer.Group);
        var message =
            options.Count == 0
                ? $"unknown config group '{layer.Group}' (no folder {Path.Combine(groupsRoot, layer.Group)} with "
                    + $".yaml files){Suggestions.DidYouMean(layer.Group, GroupsIn(groupsRoot))}; groups available: "
                    + $"{string.Join(", ", GroupsIn(groupsRoot))}"
                : $"unknown option '{layer.Option}' for group "
                    + $"'{layer.Group}'{Suggestions.DidYouMean(layer.Option, options)}; available: "
                    + $"{string.Join(", ", options)}";
        errors.Add(new ConfigError(layer.Group, layer.Source, message));
        return null;
    }
}
