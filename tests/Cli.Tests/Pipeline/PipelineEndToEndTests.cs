using System.Text.Json.Nodes;
using Mlops.Cli.Pipeline;
using Mlops.Cli.Pipeline.Stages;
using Mlops.Core.Config;
using Mlops.Core.Errors;
using Mlops.Deploy.Local;
using Mlops.Deploy.Push;
using Mlops.Deploy.Tests.Fixtures;
using Mlops.Registry.Models;
using Mlops.Registry.Stores;
using Mlops.Train.Config;

namespace Mlops.Cli.Tests.Pipeline;

/// <summary>
/// The real pipeline on tiny settings: ResNet-18 (ImageNet stem) trained on 200 Fashion-MNIST images, exported with its
/// parity proof, quantized, evaluated through ONNX Runtime, registered, baked into an OCI image, pushed to Debian's
/// docker-registry, run (podman where installed, as on this machine's test setup) and asked about a real test image, whose
/// answer must match the registered file's own in-process answer; a second run skips every stage; a server that answers
/// differently from the model file fails the smoke stage; switching to the process runner redeploys and smokes only.
/// </summary>
public sealed class PipelineEndToEndTests : IDisposable
{
    private const string TrainYaml = """
        name: e2e
        seed: 0
        model: { arch: resnet18, num_classes: 10, in_channels: 1, small_stem: false }
        data: { dataset: fashion-mnist, image_size: 28, val_fraction: 0, subset: 200, test_subset: 100 }
        optim: { name: sgd, lr: 0.05, momentum: 0.9 }
        schedule: { name: none }
        train: { epochs: 1, batch_size: 32, threads: 2, log_every_steps: 5 }
        """;

    private readonly TempFolder _folder = new();
    private readonly LocalRegistry _registry = new();
    private PipelineConfig? _config;

    public void Dispose()
    {
        // The deploy stage leaves its server or container running for the user: stop the one this test started.
        var lockFile = PipelineLock.Load(Path.Combine(_folder.Path, PipelineLock.FileName));
        if (lockFile.Find(DeployLocalStage.StageName) is { } deploy && _config is not null)
            DeployLocalStage.StopPrevious(
                deploy,
                new PipelineContext(_config, _folder.Path, _folder.Path, TextWriter.Null)
            );
        var podmanState = Path.Combine(_folder.Path, "work", "podman");
        if (Directory.Exists(podmanState))
        {
            // The image storage holds overlay mounts: podman removes it, not Directory.Delete.
            var podman = new PodmanEngine(podmanState);
            ProcessRunner.Run(
                "podman",
                [.. podman.GlobalArguments, "system", "reset", "--force"],
                new Dictionary<string, string> { ["CONTAINERS_CONF"] = Path.Combine(podmanState, "containers.conf") }
            );
        }
        _registry.Dispose();
        _folder.Dispose();
    }

    private static LoadedConfig<TrainConfig> Train(IReadOnlyList<string> overrides) =>
        ConfigLoader.LoadText<TrainConfig>(TrainYaml, "e2e train", overrides);

    [Fact]
    public async Task Tiny_pipeline_runs_every_stage_to_a_served_prediction_that_matches_the_model_file_and_a_second_run_skips_them_all()
    {
        // max_accuracy_drop 100: one epoch on 200 images is too noisy a model for the quantize gate (tested in Export.Tests).
        // max_abs_diff: a model trained one epoch on 200 images has large, badly scaled logits, where float32 sums
        // in another order differ by ~1e-3 (seen: 1.5e-3, all top-1 answers equal); the default 1e-4 suits trained models.
        var yaml = $"""
            registry: file://bucket
            model_name: fashion
            alias: staging
            work_dir: work
            export: {"{"} parity_images: 32, max_abs_diff: 0.01 {"}"}
            quantize: {"{"} calibration_images: 64, max_accuracy_drop: 100 {"}"}
            evaluate: {"{"} images: 200, min_accuracy: 0.0 {"}"}
            image: {"{"} out: work/image.oci.tar, push: "{_registry.Host}/mlops/fashion" {"}"}
            deploy: {"{"} port: {ProcessRunner.FreeLoopbackPort()}, ready_timeout_seconds: 120 {"}"}
            smoke: {"{"} test_image: 0 {"}"}
            """;
        var config = _config = ConfigLoader.LoadText<PipelineConfig>(yaml, "e2e pipeline").Value;

        var first = new StringWriter();
        var outcomes = await PipelineSession.RunAsync(
            config,
            _folder.Path,
            _folder.Path,
            Train,
            new RunOptions(),
            first,
            false,
            CancellationToken.None
        );
        outcomes
            .Select(o => (o.Stage, o.Status))
            .Should()
            .Equal(
                [
                    ("train", StageStatus.Ran),
                    ("export", StageStatus.Ran),
                    ("quantize", StageStatus.Ran),
                    ("evaluate", StageStatus.Ran),
                    ("register", StageStatus.Ran),
                    ("image", StageStatus.Ran),
                    ("push", StageStatus.Ran),
                    ("deploy", StageStatus.Ran),
                    ("smoke", StageStatus.Ran),
                ],
                first.ToString()
            );

        var lockFile = PipelineLock.Load(Path.Combine(_folder.Path, PipelineLock.FileName));
        var smoke = lockFile.Find(SmokeStage.StageName)!;
        Data.FashionMnist.FashionMnistDataset.ClassNames.Should().Contain(smoke.Values[SmokeStage.PredictedValue]);
        smoke
            .Values[SmokeStage.TrueLabelValue]
            .Should()
            .Be("Ankle boot", "test image 0 of Fashion-MNIST is an ankle boot");
        var served = double.Parse(
            smoke.Values[SmokeStage.ProbabilityValue],
            System.Globalization.CultureInfo.InvariantCulture
        );
        var offline = double.Parse(
            smoke.Values[SmokeStage.OfflineProbabilityValue],
            System.Globalization.CultureInfo.InvariantCulture
        );
        served.Should().BeApproximately(offline, 1e-3);
        var digest = lockFile.Find(BuildImageStage.StageName)!.Values[BuildImageStage.DigestValue];
        lockFile
            .Find(PushImageStage.StageName)!
            .Values[PushImageStage.ImageValue]
            .Should()
            .Be($"{_registry.Host}/mlops/fashion@{digest}");
        (
            await new RegistryClient(
                ImageReference.Parse($"{_registry.Host}/mlops/fashion"),
                new AnonymousCredentials()
            ).ManifestExistsAsync(digest, default)
        )
            .Should()
            .BeTrue();
        var deploy = lockFile.Find(DeployLocalStage.StageName)!;
        deploy
            .Values[DeployLocalStage.RunnerValue]
            .Should()
            .Be(DeployLocalStage.Runner(LocalRunner.Auto) == LocalRunner.Podman ? "podman" : "process");
        deploy
            .KeyOutput.Should()
            .Contain(deploy.Values[DeployLocalStage.RunnerValue] == "podman" ? "podman container" : "server process");
        var deployments = new LocalDeployer(new LocalDeploymentStore(LocalDeploymentStore.DefaultFolder()));
        var recorded = deployments
            .List()
            .Deployments.Single(s => s.Deployment.Name == deploy.Values[DeployLocalStage.DeploymentValue]);
        recorded.Running.Should().BeTrue("`mlops deploy list` finds what the pipeline started");
        recorded.Deployment.Url.Should().Be(deploy.Values[DeployLocalStage.UrlValue]);
        deploy.Values[DeployLocalStage.StopValue].Should().Be($"mlops deploy stop {recorded.Deployment.Name}");
        using (
            var registry = new ModelRegistry(BlobStoreFactory.Open("file://" + Path.Combine(_folder.Path, "bucket")))
        )
        {
            var card = await registry.ResolveAsync(ModelRef.Parse("fashion@staging"));
            card.Version.Should().Be(1);
            card.Files.Select(f => f.Name)
                .Should()
                .Contain([
                    "model.onnx",
                    "model.int8.onnx",
                    "quantize.json",
                    "evaluation.json",
                    "export.json",
                    "config.yaml",
                ]);
            card.Metrics.Should().ContainKey("accuracy");
        }

        var second = new StringWriter();
        var again = await PipelineSession.RunAsync(
            config,
            _folder.Path,
            _folder.Path,
            Train,
            new RunOptions(),
            second,
            false,
            CancellationToken.None
        );
        again.Should().OnlyContain(o => o.Status == StageStatus.Skipped, second.ToString());
        second
            .ToString()
            .Should()
            .Contain("train: unchanged (inputs ")
            .And.Contain("push: unchanged")
            .And.Contain("smoke: unchanged");

        await A_server_whose_answer_differs_from_the_model_file_fails_the_smoke_stage(config, smoke, offline);

        var process = ConfigLoader.LoadText<PipelineConfig>(yaml, "e2e pipeline", ["deploy.runner=process"]).Value;
        var third = new StringWriter();
        var switched = await PipelineSession.RunAsync(
            process,
            _folder.Path,
            _folder.Path,
            Train,
            new RunOptions(),
            third,
            false,
            CancellationToken.None
        );
        switched
            .Where(o => o.Status == StageStatus.Ran)
            .Select(o => o.Stage)
            .Should()
            .Equal(["deploy", "smoke"], third.ToString());
        switched.Single(o => o.Stage == "deploy").KeyOutput.Should().Contain("server process");
        deployments
            .List()
            .Deployments.Where(s => s.Deployment.Name == recorded.Deployment.Name)
            .Should()
            .ContainSingle(
                s => s.Deployment.Runner == LocalRunnerKind.Process && s.Running,
                "the process replaced the container"
            );
    }

    /// <summary>
    /// The smoke stage alone (the lock's records for the rest) against a stand-in server that answers with the registered
    /// version and the model's label, but a probability 0.01 away from the file's own: the stage must refuse it.
    /// </summary>
    private async Task A_server_whose_answer_differs_from_the_model_file_fails_the_smoke_stage(
        PipelineConfig config,
        StageRecord smoke,
        double offline
    )
    {
        var answer = new JsonObject
        {
            ["model"] = "fashion",
            ["version"] = "1",
            ["predictions"] = new JsonArray(
                new JsonObject
                {
                    ["top"] = new JsonArray(
                        new JsonObject
                        {
                            ["label"] = smoke.Values[SmokeStage.PredictedValue],
                            ["index"] = 0,
                            ["probability"] = offline > 0.5 ? offline - 0.01 : offline + 0.01,
                        }
                    ),
                }
            ),
        }.ToJsonString();
        using var server = new StandInHttpServer(_ => (200, answer));

        var elsewhere = Path.Combine(_folder.Path, "stand-in");
        Directory.CreateDirectory(elsewhere);
        var lockJson = JsonNode.Parse(File.ReadAllText(Path.Combine(_folder.Path, PipelineLock.FileName)))!;
        lockJson["stages"]!["deploy"]!["values"]!["url"] = $"http://127.0.0.1:{server.Port}";
        File.WriteAllText(Path.Combine(elsewhere, PipelineLock.FileName), lockJson.ToJsonString());

        var error = (
            await FluentActions
                .Awaiting(() =>
                    PipelineSession.RunAsync(
                        config,
                        elsewhere,
                        _folder.Path,
                        Train,
                        new RunOptions(Force: true, Only: SmokeStage.StageName),
                        TextWriter.Null,
                        false,
                        CancellationToken.None
                    )
                )
                .Should()
                .ThrowAsync<MlopsException>()
        ).Which;
        error.Message.Should().Contain("stage 'smoke' failed").And.Contain("but the registered model file answers");

        // Its test image missing: reported at the key that names the folder, with the file (issue 24, item 7).
        var noImages = Path.Combine(_folder.Path, "no-fashion-mnist");
        Directory.CreateDirectory(noImages);
        var elsewhereConfig = ConfigLoader.LoadText<PipelineConfig>(
            "registry: file://bucket\nmodel_name: fashion\n"
                + "work_dir: work\nsmoke: { test_image: 0, fashion_mnist_root: "
                + noImages
                + " }\n",
            "smoke.yaml"
        );
        var missing = (
            await FluentActions
                .Awaiting(() =>
                    PipelineSession.RunAsync(
                        elsewhereConfig.Value,
                        elsewhere,
                        _folder.Path,
                        Train,
                        new RunOptions(Force: true, Only: SmokeStage.StageName),
                        TextWriter.Null,
                        false,
                        CancellationToken.None,
                        elsewhereConfig.Provenance
                    )
                )
                .Should()
                .ThrowAsync<MlopsException>()
        ).Which;
        missing
            .Message.Should()
            .Contain("smoke.yaml:4 (smoke.fashion_mnist_root)")
            .And.Contain(Path.Combine(noImages, "t10k-images-idx3-ubyte.gz"));
    }
}
