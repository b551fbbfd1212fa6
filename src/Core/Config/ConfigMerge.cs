namespace Mlops.Core.Config;

/// <summary>Layering of config trees: mappings merge key by key, anything else is replaced by the later
/// layer.</summary>
public static class ConfigMerge
{
    public static void Into(ConfigMapping target, ConfigMapping layer)
    {
        foreach (var entry in layer.Entries)
            SetOrMerge(target, entry);
    }

    public static void SetOrMerge(ConfigMapping target, ConfigEntry entry)
    {
        if (target.Find(entry.Key)?.Value is ConfigMapping existing && entry.Value is ConfigMapping incoming)
            Into(existing, incoming);
        else
            target.Set(entry);
    }
}
