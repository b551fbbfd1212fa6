using System.Globalization;
using Mlops.Core.Provenance;
using Mlops.Registry.Models;
using Mlops.Registry.Stores;
using Mlops.Train.Runs;

namespace Mlops.Cli.Pipeline.Stages;

/// <summary>
/// register: pushes the exported model with its reports and the run's config to the model registry (a new
/// version), then moves the alias (staging) to it through the registry's promotion gate.
/// </summary>
public sealed class RegisterStage : PipelineStage
{
    public const string StageName = "register";
    public const string ReferenceValue = "reference";
    public const string VersionValue = "version";

    public override string Name => StageName;

    public override IReadOnlyList<string> DependsOn =>
        [TrainStage.StageName, ExportStage.StageName, EvaluateStage.StageName];

    public override IReadOnlyDictionary<string, string> Inputs(PipelineContext context) =>
        new Dictionary<string, string>
        {
            ["registry"] = context.RegistryUri,
            ["model_name"] = context.Config.ModelName,
            ["alias"] = context.Config.Alias,
            ["code"] = CodeVersion.Of<ModelRegistry>(),
        };

    public override async Task<StageResult> RunAsync(PipelineContext context, CancellationToken cancellation)
    {
        var run = RunFolder.Open(
            context.Upstream(TrainStage.StageName).Value(TrainStage.RunValue, TrainStage.StageName)
        );
        var modelFolder = Path.GetDirectoryName(
            context.Upstream(ExportStage.StageName).Value(ExportStage.ModelValue, ExportStage.StageName)
        )!;
        var request = RunFolderReader.Read(
            context.Config.ModelName,
            [modelFolder, run.ConfigPath, run.InfoPath],
            new Lineage { Run = run.Name, GitCommit = GitState.Read(context.BaseFolder)?.Commit },
            description: "registered by mlops pipeline run"
        );
        using var registry = new ModelRegistry(BlobStoreFactory.Open(context.RegistryUri));
        var card = await registry.PushAsync(request, cancellationToken: cancellation);
        await registry.PromoteAsync(
            new PromoteRequest(card.Model, card.Version, context.Config.Alias) { Reason = $"pipeline: run {run.Name}" },
            cancellation
        );
        var reference = $"{card.Model}:{card.Version.ToString(CultureInfo.InvariantCulture)}";
        return new StageResult(
            [],
            new Dictionary<string, string>
            {
                [ReferenceValue] = reference,
                [VersionValue] = card.Version.ToString(CultureInfo.InvariantCulture),
            },
            $"{reference}, {context.Config.Alias} → {card.Version}"
        );
    }

    /// <summary>A deleted or garbage-collected version (or a wiped bucket) is registered again.</summary>
    public override async Task<bool> IsStillInPlaceAsync(
        StageRecord record,
        PipelineContext context,
        CancellationToken cancellation
    )
    {
        try
        {
            using var registry = new ModelRegistry(BlobStoreFactory.Open(context.RegistryUri));
            await registry.ResolveAsync(ModelRef.Parse(record.Value(ReferenceValue, Name)), cancellation);
            return true;
        }
        catch (Core.Errors.MlopsException)
        {
            return false;
        }
    }
}
