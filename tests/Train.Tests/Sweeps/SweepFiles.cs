using Mlops.Train.Tests.Config;
using Mlops.Train.Tests.Training;

namespace Mlops.Train.Tests.Sweeps;

/// <summary>A sweep file over the tiny training config, both written into a scratch folder.</summary>
internal static class SweepFiles
{
    public static string Write(ScratchFolder scratch, string sweepBody, string baseExtra = "")
    {
        File.WriteAllText(scratch.File("base.yaml"), TinyRuns.Yaml(scratch.File("runs"), baseExtra));
        var path = scratch.File("sweep.yaml");
        File.WriteAllText(
            path,
            $"""
            name: tinysweep
            base: base.yaml
            sweeps_dir: '{scratch.File("sweeps")}'
            {sweepBody}
            """
        );
        return path;
    }
}
