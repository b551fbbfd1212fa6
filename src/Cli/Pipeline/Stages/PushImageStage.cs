using System.Globalization;
using Mlops.Core.Errors;
using Mlops.Deploy.Image;
using Mlops.Deploy.Push;
using Mlops.Deploy.Release;
using Mlops.Registry.Models;
using Mlops.Registry.Stores;

namespace Mlops.Cli.Pipeline.Stages;

/// <summary>
/// push (when image.push is set): the image the image stage wrote, read back from its OCI archive (every blob checked
/// against its digest), pushed with <see cref="ImagePusher"/> — blobs the registry has are skipped, so a retrain
/// sends
/// only the model layer. Records the image by digest, which is what gets deployed. Credentials: $MLOPS_REGISTRY_USER
/// and
/// $MLOPS_REGISTRY_PASSWORD, Google credentials for Artifact Registry, else anonymous.
/// </summary>
public sealed class PushImageStage : PipelineStage
{
    public const string StageName = "push";
    public const string ImageValue = "image";
    public const string DigestValue = "digest";

    public override string Name => StageName;

    public override IReadOnlyList<string> DependsOn => [BuildImageStage.StageName];

    public override IReadOnlyDictionary<string, string> Inputs(PipelineContext context) =>
        new Dictionary<string, string>
        {
            ["target"] = Target(context).ToString(),
            ["code"] = CodeVersion.Of<ImagePusher>(),
        };

    public override async Task<StageResult> RunAsync(PipelineContext context, CancellationToken cancellation)
    {
        var built = context.Upstream(BuildImageStage.StageName);
        var expected = built.Value(BuildImageStage.DigestValue, BuildImageStage.StageName);
        var archive = context.Resolve(context.Config.Image.Out);
        var image = OciArchiveReader.Read(
            archive,
            new BlobStore(built.Value(BuildImageStage.LayoutValue, BuildImageStage.StageName))
        );
        if (image.Manifest.Digest.ToString() != expected)
            throw new MlopsException(
                $"the archive holds image {image.Manifest.Digest}, not the {expected} the image stage built; rerun "
                    + $"it with --force",
                archive
            );
        var target = Target(context);
        var pusher = new ImagePusher(new RegistryClient(target, PushCredentials.FromEnvironment(target)));
        var pushed = await pusher.PushAsync(image, cancel: cancellation);
        // The version remembers its image, so a release of it with another image is refused (VersionImages).
        var version = ModelRef.Parse(
            context.Upstream(RegisterStage.StageName).Value(RegisterStage.ReferenceValue, RegisterStage.StageName)
        );
        using (var registry = new ModelRegistry(BlobStoreFactory.Open(context.RegistryUri)))
            await VersionImages.RecordAsync(
                registry,
                version.Model,
                version.Version?.ToString(CultureInfo.InvariantCulture) ?? "",
                pushed.ImageByDigest,
                cancellation
            );
        return new StageResult(
            [],
            new Dictionary<string, string>
            {
                [ImageValue] = pushed.ImageByDigest,
                [DigestValue] = pushed.ManifestDigest.ToString(),
            },
            $"{pushed.ImageByDigest} ({pushed.BytesUploaded / 1048576.0:F1} MB sent: {pushed.BlobsUploaded} blobs "
                + $"uploaded, {pushed.BlobsSkipped} already there)"
        );
    }

    /// <summary>A registry that lost the image (wiped, garbage-collected) gets it again.</summary>
    public override async Task<bool> IsStillInPlaceAsync(
        StageRecord record,
        PipelineContext context,
        CancellationToken cancellation
    )
    {
        var target = Target(context);
        try
        {
            var client = new RegistryClient(target, PushCredentials.FromEnvironment(target));
            return await client.ManifestExistsAsync(record.Value(DigestValue, Name), cancellation);
        }
        catch (Exception error) when (error is MlopsException or HttpRequestException)
        {
            return false;
        }
    }

    private static ImageReference Target(PipelineContext context) =>
        ImageReference.Parse(
            context.Config.Image.Push ?? throw new MlopsException("no image.push given", "image.push"),
            where: "image.push"
        );
}
