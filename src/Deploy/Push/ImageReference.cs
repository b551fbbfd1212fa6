using System.Text.RegularExpressions;
using Mlops.Core.Errors;

namespace Mlops.Deploy.Push;

/// <summary>
/// Where an image goes: "registry.example.com/team/fashion:tag", "127.0.0.1:5000/fashion",
/// "europe-docker.pkg.dev/project/repo/fashion". Loopback registries are spoken to over plain HTTP.
/// </summary>
public sealed partial record ImageReference(string Registry, string Repository, string? Tag, bool PlainHttp)
{
    public static ImageReference Parse(string text, bool? plainHttp = null, string where = "--push")
    {
        var rest = text;
        bool? schemeSaysHttp = null;
        if (rest.StartsWith("http://", StringComparison.Ordinal))
        {
            schemeSaysHttp = true;
            rest = rest["http://".Length..];
        }
        else if (rest.StartsWith("https://", StringComparison.Ordinal))
        {
            schemeSaysHttp = false;
            rest = rest["https://".Length..];
        }

        var slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1)
            throw new MlopsException(
                $"'{text}' is not <registry>/<repository>[:tag] (e.g. 127.0.0.1:5000/mlops/fashion:staging)",
                where
            );
        var registry = rest[..slash];
        var path = rest[(slash + 1)..];
        string? tag = null;
        var colon = path.LastIndexOf(':');
        if (colon > path.LastIndexOf('/'))
        {
            tag = path[(colon + 1)..];
            path = path[..colon];
            if (!TagPattern().IsMatch(tag))
                throw new MlopsException($"'{tag}' is not a valid tag (letters, digits, _ . -, at most 128)", where);
        }
        if (!RepositoryPattern().IsMatch(path))
            throw new MlopsException(
                $"'{path}' is not a valid repository name (lowercase letters, digits, separators . _ - /)",
                where
            );
        var loopback =
            registry.StartsWith("127.", StringComparison.Ordinal)
            || registry.StartsWith("localhost", StringComparison.Ordinal);
        return new ImageReference(registry, path, tag, plainHttp ?? schemeSaysHttp ?? loopback);
    }

    public Uri BaseUri => new($"{(PlainHttp ? "http" : "https")}://{Registry}/v2/{Repository}/");

    /// <summary>Artifact Registry hosts (REGION-docker.pkg.dev) take a Google access token as password.</summary>
    public bool IsArtifactRegistry =>
        Registry.EndsWith("-docker.pkg.dev", StringComparison.Ordinal)
        || Registry.EndsWith(".gcr.io", StringComparison.Ordinal)
        || Registry == "gcr.io";

    public string WithDigest(Image.Digest digest) => $"{Registry}/{Repository}@{digest}";

    public override string ToString() => Tag is null ? $"{Registry}/{Repository}" : $"{Registry}/{Repository}:{Tag}";

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();
}
