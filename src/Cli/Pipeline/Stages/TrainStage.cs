using Mlops.Core.Config;
using Mlops.Data.Datasets;
using Mlops.Data.FashionMnist;
using Mlops.Data.Fingerprints;
using Mlops.Train.Config;
using Mlops.Train.DataSources;
using Mlops.Train.Runs;
using Mlops.Train.Runs.Store;
using Mlops.Train.Training;

namespace Mlops.Cli.Pipeline.Stages;

/// <summary>train: <see cref="Trainer.Run"/> on the training config; inputs are the resolved config, the data content
/// and the code.</summary>
public sealed class TrainStage(Func<IReadOnlyList<string>, LoadedConfig<TrainConfig>> loadConfig) : PipelineStage
{
    public const string StageName = "train";
    public const string RunValue = "run";

    private LoadedConfig<TrainConfig>? _loaded;

    public override string Name => StageName;

    public override IReadOnlyDictionary<string, string> Inputs(PipelineContext context)
    {
        var loaded = Load(context);
        return new Dictionary<string, string>
        {
            ["config"] = Core.Hashing.ContentHash.OfString(loaded.ToYaml(withSources: false)),
            ["data"] = DataFingerprint(loaded.Value.Data, TrainingData.RootGivenAt(loaded.Value, loaded.Provenance)),
            ["code"] = Core.Hashing.ContentHash.Combine([
                KeyValuePair.Create("train", CodeVersion.Of<Trainer>()),
                KeyValuePair.Create("data", CodeVersion.Of<ImageDataset>()),
                KeyValuePair.Create("torch", CodeVersion.Of<Torch.Serialization.StateDict>()),
                KeyValuePair.Create("torchsharp", CodeVersion.Of<TorchSharp.torch.Tensor>()),
            ]),
        };
    }

    public override Task<StageResult> RunAsync(PipelineContext context, CancellationToken cancellation)
    {
        var loaded = Load(context);
        if (context.Config.TrainJob.OnJobs)
            return Task.FromResult(Result(TrainOnJobs.Train(context, loadConfig, cancellation)));
        using var store = context.Config.TrainJob.Runs is { } uri ? RunStore.Open(uri, "train_job.runs") : null;
        var outcome = Trainer.Run(
            new TrainRequest
            {
                Store = store,
                Config = loaded.Value,
                Provenance = loaded.Provenance,
                ResolvedYaml = loaded.ToYaml(withSources: true),
                CommandLine = ["mlops", "pipeline", "run"],
                SourceFolder = context.BaseFolder,
                Output = context.Output,
                ShowProgress = context.ShowProgress,
            },
            cancellation
        );
        if (outcome.Stopped && outcome.Test is null)
            throw new Core.Errors.MlopsException(
                $"training stopped before its test evaluation: {outcome.StopReason}",
                outcome.RunPath
            );
        return Task.FromResult(Result(RunFolder.Open(outcome.RunPath)));
    }

    private static StageResult Result(RunFolder run)
    {
        var accuracy = RunCatalog.Summarize(run.Path).TestAccuracy is { } test ? $", test accuracy {test:P1}" : "";
        return new StageResult(
            [run.BestCheckpointPath, run.EvaluationPath, run.ConfigPath],
            new Dictionary<string, string> { [RunValue] = Path.GetFullPath(run.Path) },
            $"{run.Name} ({run.Info.Progress?.Epochs ?? run.Metrics.ReadEpochs().Count} epochs{accuracy})"
        );
    }

    private LoadedConfig<TrainConfig> Load(PipelineContext context)
    {
        if (_loaded is not null)
            return _loaded;
        // Runs go under the working folder like `mlops train`, whatever folder the pipeline config is in.
        var runs = context.Resolve(new TrainConfig().Output.RunsDir);
        var first = loadConfig([.. context.Config.TrainOverrides]);
        if (!Path.IsPathRooted(first.Value.Output.RunsDir))
            runs = context.Resolve(first.Value.Output.RunsDir);
        return _loaded = loadConfig([$"output.runs_dir={runs}", .. context.Config.TrainOverrides]);
    }

    /// <summary>The content of the training and test data (the view — subset, split — is part of the config
    /// hash).</summary>
    /// <param name="rootGivenAt">Where data.root was set: a missing folder or IDX file is reported at that
    /// line.</param>
    private static string DataFingerprint(DataConfig data, string? rootGivenAt)
    {
        // A bucket's listing (paths, generations, CRC32Cs) says whether its images changed without fetching them.
        if (data.Dataset == Train.Config.DatasetKind.ImageFolder && BucketImageFolder.IsBucket(data.ResolvedRoot))
            return BucketImageFolder.List(data.ResolvedRoot, rootGivenAt ?? "data.root").Fingerprint;
        if (data.Dataset == Train.Config.DatasetKind.ImageFolder)
            return DatasetFingerprint.ContentOf(DatasetSpec.ImageFolder(data.ResolvedRoot), rootGivenAt: rootGivenAt);
        return Core.Hashing.ContentHash.Combine([
            KeyValuePair.Create(
                "train",
                DatasetFingerprint.ContentOf(
                    DatasetSpec.FashionMnist(FashionMnistSplit.Train),
                    data.ResolvedRoot,
                    rootGivenAt
                )
            ),
            KeyValuePair.Create(
                "test",
                DatasetFingerprint.ContentOf(
                    DatasetSpec.FashionMnist(FashionMnistSplit.Test),
                    data.ResolvedRoot,
                    rootGivenAt
                )
            ),
        ]);
    }
}
