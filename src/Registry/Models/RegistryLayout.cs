using Mlops.Core.Artifacts;

namespace Mlops.Registry.Models;

/// <summary>
/// Where everything lives in the bucket:
/// models/&lt;name&gt;/versions/&lt;n&gt;/{claim.json, files/*, card.json, deleted.json},
/// models/&lt;name&gt;/aliases/&lt;alias&gt;.json, models/&lt;name&gt;/history/&lt;alias&gt;/&lt;seq&gt;.json,
/// models/&lt;name&gt;/tags/&lt;n&gt;.json.
/// </summary>
public static class RegistryLayout
{
    public const string ModelsPrefix = "models/";

    public static string Model(string model) => $"{ModelsPrefix}{model}/";

    public static string Versions(string model) => $"{Model(model)}versions/";

    public static string Version(string model, int version) => $"{Versions(model)}{version}/";

    public static string Claim(string model, int version) => $"{Version(model, version)}claim.json";

    public static string Card(string model, int version) => $"{Version(model, version)}{ArtifactNames.ModelCard}";

    public static string Tombstone(string model, int version) => $"{Version(model, version)}deleted.json";

    public static string File(string model, int version, string file) => $"{Version(model, version)}files/{file}";

    public static string Aliases(string model) => $"{Model(model)}aliases/";

    public static string Alias(string model, string alias) => $"{Aliases(model)}{alias}.json";

    public static string History(string model) => $"{Model(model)}history/";

    public static string Event(string model, string alias, long sequence) =>
        $"{History(model)}{alias}/{sequence:D10}.json";

    public static string Tags(string model, int version) => $"{Model(model)}tags/{version}.json";

    /// <summary>The version number of an object under versions/, or null.</summary>
    public static int? VersionOf(string model, string objectName)
    {
        var prefix = Versions(model);
        if (!objectName.StartsWith(prefix, StringComparison.Ordinal))
            return null;
        var rest = objectName.AsSpan(prefix.Length);
        var slash = rest.IndexOf('/');
        return int.TryParse(slash < 0 ? rest : rest[..slash], out var version) && version > 0 ? version : null;
    }
}
