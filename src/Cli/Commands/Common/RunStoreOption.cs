using System.CommandLine;
using Mlops.Train.Runs.Store;

namespace Mlops.Cli.Commands.Common;

/// <summary>
/// `--runs` (alias `--runs-dir`), as every command that reads or writes runs takes it: a folder, file://folder or
/// gs://bucket/prefix; default $MLOPS_RUNS, else the config's output.runs_dir, else runs/.
/// </summary>
public static class RunStoreOption
{
    public static readonly string Description =
        $"Run store: a folder, file://<folder> or gs://<bucket>/<prefix> (default: ${RunStore.EnvironmentVariable}, "
        + "else the config's output.runs_dir, else runs)";

    public static Option<string?> Create()
    {
        var option = new Option<string?>("--runs") { Description = Description };
        option.Aliases.Add("--runs-dir");
        return option;
    }

    /// <summary>$MLOPS_RUNS names a store.</summary>
    public static bool FromEnvironment =>
        Environment.GetEnvironmentVariable(RunStore.EnvironmentVariable) is { Length: > 0 };

    /// <summary>Opens the store the command line names, else the default.</summary>
    public static RunStore Open(ParseResult parse, Option<string?> option, string? configured = null) =>
        RunStore.Open(RunStore.Resolve(parse.GetValue(option), configured), option.Name);
}
