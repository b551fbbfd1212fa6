using Mlops.Cli.Commands;
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
        var root = DeployWorkspace.RepositoryRoot();
        var reference = context
            .Upstream(RegisterStage.StageName)
            .Value(RegisterStage.ReferenceValue, RegisterStage.StageName);
        using var scratch = new DeployScratchFolder();
        var model = await DeployModelSource.FromRegistryAsync(
            reference,
            context.RegistryUri,
            artifact: null,
            DeployWorkspace.GitCommit(root),
            scratch.Path,
            cancellation
        );
        var layout = Path.Combine(root, ".mlops", "images");
        var progress = new Progress<string>(step => context.Output.WriteLine($"  {step}"));
        var publish = ServePublisher.Publish(
            root,
            Path.Combine(root, "artifacts", "serve-image", "publish"),
            Path.Combine(root, "artifacts", "serve-image", "build"),
            progress
        );
        var image = ImageBuilder.Build(
            new BlobStore(layout),
            new ImageRequest(publish, model.ModelFile, model.CardJson, model.Metadata),
            progress
        );
        var archive = context.Resolve(context.Config.Image.Out);
        Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
        OciArchive.Write(image, archive, $"{model.Metadata.ModelName}-{model.Metadata.ModelVersion}");
        return new StageResult(
            [archive],
            new Dictionary<string, string> { [DigestValue] = image.Manifest.Digest.ToString(), [LayoutValue] = layout },
            $"{image.Manifest.Digest.Short} ({image.CompressedSize / 1048576.0:F1} MB) → "
                + $"{Path.GetRelativePath(context.BaseFolder, archive)}"
        );
    }
}
