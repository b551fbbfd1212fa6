using Mlops.Core.Errors;
using Mlops.Train.Config;
using Mlops.Train.Runs;

namespace Mlops.Cli.Commands;

/// <summary>
/// What `mlops train --resume runs/x key=value` may change. The run continues with the settings its config.yaml recorded
/// (its optimizer state, schedule and data split were made with them, and config.yaml must keep saying what trained it),
/// so an override may repeat a recorded value or say how to run, never change what is computed.
/// </summary>
internal static class ResumeOverrides
{
    private static readonly string[] HowToRun = ["train.threads", "train.eval_batch_size", "data.prefetch_batches"];

    public static void RefuseChanges(string runPath, string runConfig, IReadOnlyList<string> overrides)
    {
        var recorded = TrainConfig.Load(runConfig).ToYaml(withSources: false);
        foreach (var item in overrides)
        {
            var key = item.Split('=', 2)[0].Trim();
            if (HowToRun.Contains(key) || TrainConfig.Load(runConfig, [item]).ToYaml(withSources: false) == recorded) continue;
            var weights = Path.Combine(runPath, RunFolder.CheckpointsFolder, "last.safetensors");
            throw new MlopsException(
                $"--resume continues {runPath} with the settings its config.yaml recorded, so {key} cannot change " +
                $"(only {string.Join(", ", HowToRun)} can); to train on with other settings, start a new run from its weights: " +
                $"model.pretrained={weights}", $"command line ({key})");
        }
    }
}
