using System.CommandLine;
using Mlops.Core.Errors;
using Mlops.Registry.Stores;

namespace Mlops.Cli.Commands;

/// <summary>
/// `--registry`, as every command that uses the model registry takes it: one description, one default ($MLOPS_REGISTRY,
/// else file://.mlops/bucket), and one rule for a local folder that is not there.
/// </summary>
public static class RegistryStoreOption
{
    public const string EnvironmentVariable = "MLOPS_REGISTRY";

    public static readonly string Description =
        $"Model registry: file://<folder> or gs://<bucket>/<prefix> (default: ${EnvironmentVariable}, else {BlobStoreFactory.DefaultUri})";

    /// <param name="recursive">true for `mlops registry`, whose sub-commands all take it.</param>
    /// <remarks>
    /// No DefaultValueFactory: help would print "[default: file://.mlops/bucket]" after a description that already
    /// says the default, and wrongly so when $MLOPS_REGISTRY is set. <see cref="Resolve"/> applies the default.
    /// </remarks>
    public static Option<string> Create(bool recursive = false) => new("--registry")
    {
        Description = Description,
        Recursive = recursive,
    };

    /// <summary>
    /// The store URI to open. A local folder the user named (--registry or $MLOPS_REGISTRY) must exist unless the command
    /// creates registries (push): a mistyped path is an error, not an empty registry. The default folder may be missing:
    /// nothing has been pushed yet.
    /// </summary>
    public static string Resolve(ParseResult parse, Option<string> option, bool createsRegistry = false)
    {
        var uri = parse.GetValue(option) ?? FromEnvironment() ?? BlobStoreFactory.DefaultUri;
        if (createsRegistry || LocalFolder(uri) is not { } folder || Directory.Exists(folder)) return uri;
        var namedBy = parse.GetResult(option) is { Implicit: false } ? option.Name
            : FromEnvironment() is not null ? "$" + EnvironmentVariable
            : null;
        if (namedBy is null) return uri;
        throw new MlopsException($"registry folder {folder} does not exist (mlops registry push creates one)", namedBy);
    }

    private static string? FromEnvironment() => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } uri ? uri : null;

    /// <summary>The folder of a file:// URI or of a plain path (serve and predict take both); null for gs:// and other schemes.</summary>
    private static string? LocalFolder(string uri)
    {
        var path = BlobStoreFactory.LocalPath(uri) ?? (uri.Contains("://", StringComparison.Ordinal) ? null : uri);
        return string.IsNullOrEmpty(path) ? null : Path.GetFullPath(path);
    }
}
