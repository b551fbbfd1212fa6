using System.Runtime.CompilerServices;

namespace Mlops.Cli.Tests;

/// <summary>
/// Local deployments are recorded in the user's state folder; the tests' (in-process pipelines and the `mlops`
/// processes they start) go to a folder of their own, so a test run neither lists nor stops the user's servers.
/// </summary>
internal static class StateFolderIsolation
{
    public static readonly string Folder = Path.Combine(
        Path.GetTempPath(),
        $"mlops-cli-tests-state-{Environment.ProcessId}"
    );

    [ModuleInitializer]
    internal static void Isolate()
    {
        Environment.SetEnvironmentVariable("MLOPS_STATE_HOME", Folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (Directory.Exists(Folder))
                Directory.Delete(Folder, recursive: true);
        };
    }
}
