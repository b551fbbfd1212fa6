using Mlops.Deploy.Build;
using Mlops.Deploy.Image;

namespace Mlops.Cli.Pipeline.Stages;

/// <summary>
/// image: the serving image (base, runtime, model layers) with the registered version baked in, written as an
/// OCI tarball; its blobs stay in the image layout for the push stage.
/// </summary>
public sealed class BuildImageStage : PipelineStage
{
    public const string StageName = "image";
    public const string DigestValue = "digest";
    public const string LayoutValue = "layout";

    public override string Name => StageName;

    public override IReadOnlyList<string> DependsOn => [RegisterStage.StageName];

    public override IReadOnlyDictionary<string, string> Inputs(PipelineContext context) =>
        new Dictionary<string, string>
        {
            ["out"] = context.Resolve(context.Config.Image.Out),
            ["code"] = Core.Hashing.ContentHash.Combine([
                KeyValuePair.Create("deploy", CodeVersion.Of<ImageRequest>()),
                KeyValuePair.Create("serve", CodeVersion.Of<Serve.ServeOptions>()),
            ]),
        };

    public override async Task<StageResult> RunAsync(PipelineContext context, CancellationToken cancellation)
    {
        var reference = context
            .Upstream(RegisterStage.StageName)
            .Value(RegisterStage.ReferenceValue, RegisterStage.StageName);
        var archive = context.Resolve(context.Config.Image.Out);
        var built = await ServingImageBuild.RunAsync(
            new ServingImageRequest(new RegistryImageModel(reference, context.RegistryUri), Archive: archive),
            new Progress<string>(step => context.Output.WriteLine($"  {step}")),
            cancellation
        );
        var image = built.Image;
        return new StageResult(
            [archive],
            new Dictionary<string, string>
            {
                [DigestValue] = image.Manifest.Digest.ToString(),
                [LayoutValue] = built.Layout,
            },
            $"{image.Manifest.Digest.Short} ({image.CompressedSize / 1048576.0:F1} MB) → "
                + $"{Path.GetRelativePath(context.BaseFolder, archive)}"
        );
    }
}
