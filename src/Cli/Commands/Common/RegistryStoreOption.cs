using System.CommandLine;
using Mlops.Registry.Stores;

namespace Mlops.Cli.Commands.Common;

/// <summary>
/// `--registry`, as every command that uses the model registry takes it: one description, one default ($MLOPS_REGISTRY,
/// else file://.mlops/bucket), and one rule for a local folder that is not there.
/// </summary>
public static class RegistryStoreOption
{
    public const string EnvironmentVariable = RegistryLocation.EnvironmentVariable;

    public static readonly string Description =
        $"Model registry: file://<folder> or gs://<bucket>/<prefix> (default: ${EnvironmentVariable}, else "
        + $"{BlobStoreFactory.DefaultUri})";

    /// <param name="recursive">true for `mlops registry`, whose sub-commands all take it.</param>
    /// <remarks>
    /// No DefaultValueFactory: help would print "[default: file://.mlops/bucket]" after a description that already
    /// says the default, and wrongly so when $MLOPS_REGISTRY is set. <see cref="Resolve"/> applies the default.
    /// </remarks>
    public static Option<string> Create(bool recursive = false) =>
        new("--registry") { Description = Description, Recursive = recursive };

    /// <summary>The store URI to open (<see cref="RegistryLocation.Resolve"/>: a named folder must exist).</summary>
    public static string Resolve(ParseResult parse, Option<string> option, bool createsRegistry = false) =>
        RegistryLocation.Resolve(parse.GetValue(option), option.Name, createsRegistry);
}
