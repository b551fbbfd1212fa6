using Mlops.Core.Artifacts;
using Mlops.Core.Config;
using Mlops.Core.Errors;
using Mlops.Train.Config;
using Mlops.Train.Runs;

namespace Mlops.Cli.Commands.Runs;

/// <summary>
/// The config `mlops train --resume runs/x [key=value ...]` continues with. The run continues with the settings its
/// config.yaml recorded (its optimizer state, schedule and data split were made with them, and config.yaml must keep
/// saying what trained it), so an override may repeat a recorded value or say how to run, never change what is
/// computed.
/// </summary>
internal static class ResumeOverrides
{
    private static readonly string[] HowToRun = ["train.threads", "train.eval_batch_size", "data.prefetch_batches"];

    public static LoadedConfig<TrainConfig> Load(string runPath, IReadOnlyList<string> overrides)
    {
        var runConfig = Path.Combine(runPath, ArtifactNames.Config);
        var lastCheckpoint = Path.Combine(runPath, RunFolder.CheckpointsFolder, ArtifactNames.LastCheckpoint);
        var recorded = LoadRecorded(runConfig, lastCheckpoint, []);
        var recordedYaml = recorded.ToYaml(withSources: false);
        foreach (var item in overrides)
        {
            var key = item.Split('=', 2)[0].Trim();
            if (
                HowToRun.Contains(key)
                || LoadRecorded(runConfig, lastCheckpoint, [item]).ToYaml(withSources: false) == recordedYaml
            )
                continue;
            throw new MlopsException(
                $"--resume continues {runPath} with the settings its config.yaml recorded, so {key} cannot change "
                    + $"(only {string.Join(", ", HowToRun)} can); to train on with other settings, start a new run "
                    + $"from its weights: "
                    + $"model.pretrained={lastCheckpoint}",
                $"command line ({key})"
            );
        }
        return overrides.Count == 0 ? recorded : LoadRecorded(runConfig, lastCheckpoint, overrides);
    }

    private static LoadedConfig<TrainConfig> LoadRecorded(
        string runConfig,
        string lastCheckpoint,
        IReadOnlyList<string> overrides
    )
    {
        try
        {
            return TrainConfig.Load(runConfig, overrides);
        }
        catch (MlopsException error)
            when (error.Where?.EndsWith("(model.pretrained)", StringComparison.Ordinal) == true
                && File.Exists(lastCheckpoint)
            )
        {
            // The pretrained file a fine-tuned run started from is gone (or named relative to another folder): the last
            // checkpoint, which the resume restores, holds every weight, so it stands in.
            return TrainConfig.Load(runConfig, [$"model.pretrained={lastCheckpoint}", .. overrides]);
        }
    }
}
