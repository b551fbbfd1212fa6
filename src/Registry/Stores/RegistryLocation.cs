using Mlops.Core.Errors;

namespace Mlops.Registry.Stores;

/// <summary>
/// Which registry a command uses, decided once for the CLI and the server: the one given, else
/// $MLOPS_REGISTRY, else <see cref="BlobStoreFactory.DefaultUri"/>.
/// </summary>
public static class RegistryLocation
{
    public const string EnvironmentVariable = "MLOPS_REGISTRY";

    /// <summary>
    /// The store URI to open. A local folder the user named (<paramref name="given"/> or $MLOPS_REGISTRY) must exist
    /// unless the caller creates registries (push): a mistyped path is an error, not an empty registry. The default
    /// folder may be missing: nothing has been pushed yet.
    /// </summary>
    /// <param name="givenAt">where <paramref name="given"/> came from, for the error ("--registry").</param>
    public static string Resolve(string? given, string givenAt, bool createsRegistry = false)
    {
        var fromEnvironment = FromEnvironment();
        var uri = given ?? fromEnvironment ?? BlobStoreFactory.DefaultUri;
        if (createsRegistry || LocalFolder(uri) is not { } folder || Directory.Exists(folder))
            return uri;
        var namedBy =
            given is not null ? givenAt
            : fromEnvironment is not null ? "$" + EnvironmentVariable
            : null;
        if (namedBy is null)
            return uri;
        throw new MlopsException($"registry folder {folder} does not exist (mlops registry push creates one)", namedBy);
    }

    private static string? FromEnvironment() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } uri ? uri : null;

    /// <summary>The folder of a file:// URI or of a plain path (serve takes both); null for gs:// and the
    /// like.</summary>
    private static string? LocalFolder(string uri)
    {
        var path = BlobStoreFactory.LocalPath(uri) ?? (uri.Contains("://", StringComparison.Ordinal) ? null : uri);
        return string.IsNullOrEmpty(path) ? null : Path.GetFullPath(path);
    }
}
