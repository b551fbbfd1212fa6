using Mlops.Cli.Pipeline;
using Mlops.Cli.Pipeline.Stages;
using Mlops.Core.Config;
using Mlops.Deploy.CloudRun;
using Mlops.Deploy.Image;
using Mlops.Deploy.Push;
using Mlops.Deploy.Release;
using Mlops.Deploy.Tests.Fixtures;
using Mlops.Registry.Models;
using Mlops.Registry.Stores;

namespace Mlops.Cli.Tests.Pipeline;

/// <summary>
/// The push stage against Debian's docker-registry and the cloudrun deploy stage against the Cloud Run stand-in, fed by
/// stand-in image and register stages (a small image with a stand-in runtime): pushed by digest, deployed by digest,
/// skipped when unchanged, and a new model pushes only what changed.
/// </summary>
public sealed class PushAndCloudRunStageTests : IDisposable
{
    private readonly TempDirectory _folder = new("mlops-push-stage-test");
    private readonly LocalRegistry _registry = new();
    private readonly FakeCloudRun _api = new() { PollsBeforeDone = 1 };

    public PushAndCloudRunStageTests() =>
        Environment.SetEnvironmentVariable(CloudRunConnection.TokenVariable, FakeCloudRun.Token);

    public void Dispose()
    {
        _api.Dispose();
        _registry.Dispose();
        _folder.Dispose();
    }

    private PipelineConfig Config() =>
        ConfigLoader
            .LoadText<PipelineConfig>(
                $"""
                registry: file://bucket
                model_name: fashion
                work_dir: work
                image: {"{"} out: work/image.oci.tar, push: "{_registry.Host}/mlops/fashion:staging" {"}"}
                deploy: {"{"} target: cloudrun, project: p, region: europe-west1, service: fashion, endpoint: "{_api.Endpoint}", memory: 1Gi {"}"}
                """,
                "push stage test"
            )
            .Value;

    private async Task<(IReadOnlyList<StageOutcome> Outcomes, PipelineLock Lock, string Output)> RunAsync(
        StandInImageStage image
    )
    {
        var output = new StringWriter();
        var context = new PipelineContext(Config(), _folder.Path, _folder.Path, output);
        var lockFile = PipelineLock.Load(_folder.Combine(PipelineLock.FileName));
        var outcomes = await new PipelineRunner(
            [new StandInRegisterStage(image.ModelSeed), image, new PushImageStage(), new DeployCloudRunStage()],
            lockFile,
            context
        ).RunAsync(new RunOptions());
        return (outcomes, PipelineLock.Load(_folder.Combine(PipelineLock.FileName)), output.ToString());
    }

    [Fact]
    public async Task The_image_is_pushed_and_deployed_by_digest_skipped_when_unchanged_and_a_new_model_pushes_only_its_layer()
    {
        var (first, lockFile, _) = await RunAsync(new StandInImageStage(_folder, modelSeed: 1));
        first.Should().OnlyContain(o => o.Status == StageStatus.Ran);
        var digest = lockFile.Find(BuildImageStage.StageName)!.Values[BuildImageStage.DigestValue];
        var pushed = lockFile.Find(PushImageStage.StageName)!.Values[PushImageStage.ImageValue];
        pushed.Should().Be($"{_registry.Host}/mlops/fashion@{digest}");
        var client = new RegistryClient(
            ImageReference.Parse($"{_registry.Host}/mlops/fashion"),
            new AnonymousCredentials()
        );
        (await client.ManifestExistsAsync(digest, default)).Should().BeTrue();
        (await client.ManifestExistsAsync("staging", default)).Should().BeTrue("the tag of image.push is set too");

        var service = _api.Service("projects/p/locations/europe-west1/services/fashion")!;
        service["template"]!["containers"]![0]!["image"]!
            .GetValue<string>()
            .Should()
            .Be(pushed, "Cloud Run is given the image by digest");
        service["template"]!["containers"]![0]!["resources"]!["limits"]!["memory"]!
            .GetValue<string>()
            .Should()
            .Be("1Gi");
        service["template"]!["labels"]![ReleaseLabels.Version]!.GetValue<string>().Should().Be("1");
        using (var versions = new ModelRegistry(BlobStoreFactory.Open($"file://{_folder.Combine("bucket")}")))
            (await VersionImages.FindAsync(versions, "fashion", 1, default))
                .Should()
                .Be(pushed, "the version remembers the image it was pushed as");
        lockFile
            .Find(DeployLocalStage.StageName)!
            .Values[DeployLocalStage.UrlValue]
            .Should()
            .Be("https://fashion-abc123-ew.a.run.app");

        var (second, _, output) = await RunAsync(new StandInImageStage(_folder, modelSeed: 1));
        second.Should().OnlyContain(o => o.Status == StageStatus.Skipped, output);

        var (third, thirdLock, thirdOutput) = await RunAsync(new StandInImageStage(_folder, modelSeed: 2));
        third.Should().OnlyContain(o => o.Status == StageStatus.Ran, thirdOutput);
        thirdLock
            .Find(PushImageStage.StageName)!
            .KeyOutput.Should()
            .Contain(
                "2 blobs uploaded, 2 already there",
                "only the model layer and the config (which lists its diff_id) are new; base and runtime layers are skipped"
            );
        var newImage = thirdLock.Find(PushImageStage.StageName)!.Values[PushImageStage.ImageValue];
        newImage.Should().NotBe(pushed);
        var status = _api.Service("projects/p/locations/europe-west1/services/fashion")!;
        status["template"]!["containers"]![0]!["image"]!.GetValue<string>().Should().Be(newImage);
        status["traffic"]![0]!["percent"]!.GetValue<int>().Should().Be(100);
    }

    [Fact]
    public async Task A_registry_that_lost_the_image_gets_it_pushed_again()
    {
        await RunAsync(new StandInImageStage(_folder, modelSeed: 1));
        var record = PipelineLock.Load(_folder.Combine(PipelineLock.FileName)).Find(PushImageStage.StageName)!;
        using var wiped = new LocalRegistry();
        PipelineContext Pushing(string host) =>
            new(
                ConfigLoader
                    .LoadText<PipelineConfig>(
                        $"image: {"{"} out: work/image.oci.tar, push: \"{host}/mlops/fashion:staging\" {"}"}\n",
                        "push stage test"
                    )
                    .Value,
                _folder.Path,
                _folder.Path,
                TextWriter.Null
            );

        (await new PushImageStage().IsStillInPlaceAsync(record, Pushing(_registry.Host), default)).Should().BeTrue();
        (await new PushImageStage().IsStillInPlaceAsync(record, Pushing(wiped.Host), default)).Should().BeFalse();
    }

    /// <summary>Stands for the register stage: version N of "fashion".</summary>
    private sealed class StandInRegisterStage(int version) : PipelineStage
    {
        public override string Name => RegisterStage.StageName;

        public override IReadOnlyDictionary<string, string> Inputs(PipelineContext context) =>
            new Dictionary<string, string> { ["version"] = $"{version}" };

        /// <summary>A real version in the pipeline's file registry (the push stage records its image on it).</summary>
        public override async Task<StageResult> RunAsync(PipelineContext context, CancellationToken cancellation)
        {
            var file = Path.Combine(Path.GetTempPath(), $"mlops-stand-in-model-{Guid.NewGuid():N}.onnx");
            await File.WriteAllBytesAsync(file, BitConverter.GetBytes(version), cancellation);
            using var registry = new ModelRegistry(BlobStoreFactory.Open(context.RegistryUri, where: "registry"));
            var card = await registry.PushAsync(
                new PushRequest { Model = "fashion", Files = [new PushFile(file, "model.onnx")] },
                cancellationToken: cancellation
            );
            File.Delete(file);
            return new StageResult(
                [],
                new Dictionary<string, string>
                {
                    [RegisterStage.ReferenceValue] = $"fashion:{card.Version}",
                    [RegisterStage.VersionValue] = $"{card.Version}",
                },
                $"fashion:{card.Version}"
            );
        }
    }

    /// <summary>Stands for the image stage: a small image (stand-in runtime, random model bytes) written as image.out.</summary>
    private sealed class StandInImageStage(TempDirectory folder, int modelSeed) : PipelineStage
    {
        public int ModelSeed => modelSeed;

        public override string Name => BuildImageStage.StageName;

        public override IReadOnlyList<string> DependsOn => [RegisterStage.StageName];

        public override IReadOnlyDictionary<string, string> Inputs(PipelineContext context) =>
            new Dictionary<string, string> { ["seed"] = $"{modelSeed}" };

        public override Task<StageResult> RunAsync(PipelineContext context, CancellationToken cancellation)
        {
            using var scratch = new TempDirectory();
            var publish = TestImages.FakePublish(scratch); // same bytes every time: deterministic layers
            var layout = folder.Combine("layout");
            var image = ImageBuilder.Build(
                new BlobStore(layout),
                TestImages.Request(publish, TestImages.Model(scratch, modelSeed, 100_000), $"{modelSeed}")
            );
            var archive = context.Resolve(context.Config.Image.Out);
            OciArchive.Write(image, archive, null);
            return Task.FromResult(
                new StageResult(
                    [archive],
                    new Dictionary<string, string>
                    {
                        [BuildImageStage.DigestValue] = image.Manifest.Digest.ToString(),
                        [BuildImageStage.LayoutValue] = layout,
                    },
                    image.Manifest.Digest.Short
                )
            );
        }
    }
}
