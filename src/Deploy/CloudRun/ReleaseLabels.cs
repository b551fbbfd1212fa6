using System.Globalization;
using System.Text.RegularExpressions;

namespace Mlops.Deploy.CloudRun;

/// <summary>
/// The labels a revision carries to say which registry version it serves ("mlops-model", "mlops-version"), so a
/// traffic move can move the registry alias to the same version. Cloud Run label values: lowercase letters, digits, _
/// and -.
/// </summary>
public static partial class ReleaseLabels
{
    public const string Model = "mlops-model";
    public const string Version = "mlops-version";

    public static IReadOnlyDictionary<string, string> For(string model, string version) =>
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Model] = LabelValue(model),
            [Version] = LabelValue(version),
        };

    /// <summary>The registry version a revision serves, or null when it was deployed without one.</summary>
    public static int? VersionOf(RevisionInfo revision) =>
        revision.Labels?.GetValueOrDefault(Version) is { } text
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : null;

    private static string LabelValue(string text)
    {
        var value = InvalidCharacters().Replace(text.ToLowerInvariant(), "-");
        return value.Length > 63 ? value[..63] : value;
    }

    [GeneratedRegex("[^a-z0-9_-]")]
    private static partial Regex InvalidCharacters();
}
