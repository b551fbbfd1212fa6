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

    /// <summary>A run, or a path inside one (<c>&lt;run&gt;/checkpoints/best.safetensors</c>), as a local path: as
    /// given unless a store is named (by the option, or by $MLOPS_RUNS for a path that is not here); then the run is
    /// found in that store, a bucket's fetched into the cache.</summary>
    public static string LocalPathInRun(ParseResult parse, Option<string?> option, string path)
    {
        if (parse.GetValue(option) is null && (!FromEnvironment || File.Exists(path) || Directory.Exists(path)))
            return path;
        var parts = path.Replace('\\', '/').Split('/', 2);
        using var store = Open(parse, option);
        var run = store.Find(parts[0]);
        return parts.Length == 1 ? run.Path : Path.Combine(run.Path, parts[1]);
    }

    /// <summary>Opens the store the command line names, else the default.</summary>
    public static RunStore Open(ParseResult parse, Option<string?> option, string? configured = null) =>
        RunStore.Open(RunStore.Resolve(parse.GetValue(option), configured), option.Name);
}
