using System.Globalization;
using Mlops.Core.Errors;
using Mlops.Deploy.CloudRun;

namespace Mlops.Cli.Pipeline.Stages;

/// <summary>
/// deploy (target cloudrun): the pushed image, by digest, rolled out with <see cref="CloudRunReleaser.DeployAsync"/> to
/// all
/// traffic of deploy.service (created when missing); the revision is labelled with the model and version it serves,
/// which
/// `mlops release promote|rollback` read to move registry aliases. Credentials as for `mlops release`.
/// </summary>
public sealed class DeployCloudRunStage : PipelineStage
{
    public const string RevisionValue = "revision";

    public override string Name => DeployLocalStage.StageName;

    public override IReadOnlyList<string> DependsOn => [RegisterStage.StageName, PushImageStage.StageName];

    public override IReadOnlyDictionary<string, string> Inputs(PipelineContext context)
    {
        var deploy = context.Config.Deploy;
        return new Dictionary<string, string>
        {
            ["target"] = "cloudrun",
            ["service"] = Service(context).Name,
            ["settings"] = SectionHash.Of(
                new
                {
                    deploy.Cpu,
                    deploy.Memory,
                    deploy.Concurrency,
                    deploy.MinInstances,
                    deploy.MaxInstances,
                }
            ),
            ["code"] = CodeVersion.Of<CloudRunReleaser>(),
        };
    }

    public override async Task<StageResult> RunAsync(PipelineContext context, CancellationToken cancellation)
    {
        var deploy = context.Config.Deploy;
        var image = context
            .Upstream(PushImageStage.StageName)
            .Value(PushImageStage.ImageValue, PushImageStage.StageName);
        var register = context.Upstream(RegisterStage.StageName);
        var settings = new ServiceSettings(
            image,
            deploy.Cpu,
            deploy.Memory,
            deploy.Concurrency,
            deploy.MinInstances,
            deploy.MaxInstances
        );
        var labels = ReleaseLabels.For(
            context.Config.ModelName,
            register.Value(RegisterStage.VersionValue, RegisterStage.StageName)
        );
        var state = await Releaser(context).DeployAsync(settings, labels, cancellation);
        var url = state.Uri
            ?? throw new MlopsException("Cloud Run answered without the service's URL", Service(context).Name);
        return new StageResult(
            [],
            new Dictionary<string, string>
            {
                [DeployLocalStage.UrlValue] = url,
                [RevisionValue] = state.LatestReadyRevision ?? "",
                [PushImageStage.ImageValue] = image,
            },
            $"{register.Value(RegisterStage.ReferenceValue, RegisterStage.StageName)} on Cloud Run: revision "
                + $"{state.LatestReadyRevision} serves 100% at {url}"
        );
    }

    /// <summary>Still in place while the service runs this image; another image deployed since (or a deleted service)
    /// redeploys.</summary>
    public override async Task<bool> IsStillInPlaceAsync(
        StageRecord record,
        PipelineContext context,
        CancellationToken cancellation
    )
    {
        try
        {
            var status = await Releaser(context).StatusAsync(cancellation);
            return status.Service.Image == record.Value(PushImageStage.ImageValue, Name)
                && status.Service.ServingRevision == record.Value(RevisionValue, Name);
        }
        catch (Exception error) when (error is MlopsException or HttpRequestException)
        {
            return false;
        }
    }

    private static CloudRunReleaser Releaser(PipelineContext context) =>
        new(CloudRunConnection.FromEnvironment(context.Config.Deploy.Endpoint, "deploy.endpoint"), Service(context));

    private static CloudRunService Service(PipelineContext context)
    {
        var deploy = context.Config.Deploy;
        return CloudRunService.Create(deploy.Project ?? "", deploy.Region ?? "", deploy.Service ?? "");
    }
}
