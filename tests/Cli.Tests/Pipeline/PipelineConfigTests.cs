using Mlops.Cli.Pipeline;
using Mlops.Core.Config;

namespace Mlops.Cli.Tests.Pipeline;

/// <summary>configs/pipeline.yaml binds like every config: typed, and each error names the key and its line.</summary>
public sealed class PipelineConfigTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Write(string yaml)
    {
        var path = Path.Combine(_folder.Path, "pipeline.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static string RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Mlops.sln")))
                return Path.Combine(dir.FullName, relative);
        throw new InvalidOperationException("repository root not found");
    }

    [Fact]
    public void The_shipped_pipeline_config_binds_and_names_an_existing_training_config()
    {
        var path = RepositoryFile("configs/pipeline.yaml");
        var config = ConfigLoader.Load<PipelineConfig>(path).Value;
        config.ModelName.Should().Be("fashion");
        config.Alias.Should().Be("staging");
        config.Deploy.Target.Should().Be(DeployTarget.Local);
        var load = PipelineDefinition.TrainConfigFile(config, Path.GetDirectoryName(path)!);
        load([]).Value.Name.Should().Be("quick");
    }

    [Fact]
    public void The_embedded_quickstart_defaults_bind_with_every_stage()
    {
        var config = QuickstartDefaults.Pipeline([]);
        var stages = PipelineDefinition.Stages(config, QuickstartDefaults.Train);
        stages
            .Select(s => s.Name)
            .Should()
            .Equal("train", "export", "quantize", "evaluate", "register", "image", "deploy", "smoke");
        var train = QuickstartDefaults.Train(["train.epochs=1"]).Value;
        train.Train.Epochs.Should().Be(1);
        train.Data.Subset.Should().BeLessThanOrEqualTo(10_000, "the quickstart trains on a subset");
    }

    [Fact]
    public void A_misspelt_key_is_reported_with_its_line()
    {
        var path = Write("model_name: fashion\nallias: staging\n");
        var error = FluentActions
            .Invoking(() => ConfigLoader.Load<PipelineConfig>(path))
            .Should()
            .Throw<ConfigException>()
            .Which;
        error.Where.Should().Be($"{path}:2 (allias)");
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_reported_with_its_key_and_line()
    {
        var path = Write("model_name: fashion\ndeploy:\n  port: eighty\n");
        var error = FluentActions
            .Invoking(() => ConfigLoader.Load<PipelineConfig>(path))
            .Should()
            .Throw<ConfigException>()
            .Which;
        error.Where.Should().Be($"{path}:3 (deploy.port)");
    }

    [Fact]
    public void Cloud_run_without_its_project_and_a_registry_that_is_not_a_uri_are_refused()
    {
        var path = Write("registry: /tmp/bucket\ndeploy:\n  target: cloudrun\n");
        var error = FluentActions
            .Invoking(() => ConfigLoader.Load<PipelineConfig>(path))
            .Should()
            .Throw<ConfigException>()
            .Which;
        error.Errors.Select(e => e.KeyPath).Should().Contain(["registry", "deploy.target"]);
        error.Message.Should().Contain("cloudrun needs deploy.project, deploy.region and deploy.service");
    }

    [Fact]
    public void A_training_job_needs_a_known_target_a_bucket_and_for_cloud_run_its_project_region_and_image()
    {
        var path = Write("train_job:\n  target: cloudrun-job\n  runs: runs\n");
        var error = FluentActions
            .Invoking(() => ConfigLoader.Load<PipelineConfig>(path))
            .Should()
            .Throw<ConfigException>()
            .Which;
        error.Errors.Select(e => e.KeyPath).Should().BeEquivalentTo(["train_job.runs", "train_job.target"]);
        error.Message.Should().Contain("cloudrun-job needs train_job.project, train_job.region and train_job.image");
        var unknown = Write("train_job:\n  target: kubernetes\n  runs: gs://b/runs\n");
        FluentActions
            .Invoking(() => ConfigLoader.Load<PipelineConfig>(unknown))
            .Should()
            .Throw<ConfigException>()
            .WithMessage("*'kubernetes' is not a target*");
        var fine = ConfigLoader.Load<PipelineConfig>(
            Write(
                "train_job:\n  target: cloudrun-job\n  runs: gs://b/runs\n  project: p\n  region: europe-west1\n"
                    + "  image: europe-docker.pkg.dev/p/r/train@sha256:"
                    + new string('5', 64)
                    + "\n"
            )
        );
        fine.Value.TrainJob.OnJobs.Should().BeTrue();
        ConfigLoader.Load<PipelineConfig>(Write("model_name: x\n")).Value.TrainJob.OnJobs.Should().BeFalse();
    }

    [Fact]
    public void A_missing_training_config_names_the_file()
    {
        var config = ConfigLoader.Load<PipelineConfig>(Write("train_config: nowhere.yaml\n")).Value;
        FluentActions
            .Invoking(() => PipelineDefinition.TrainConfigFile(config, _folder.Path))
            .Should()
            .Throw<Core.Errors.MlopsException>()
            .Which.Where.Should()
            .Be(Path.Combine(_folder.Path, "nowhere.yaml"));
    }

    [Fact]
    public void Image_push_adds_the_push_stage_and_target_cloudrun_deploys_there()
    {
        var push = ConfigLoader.Load<PipelineConfig>(Write("image:\n  push: 127.0.0.1:5000/mlops/fashion\n")).Value;
        PipelineDefinition
            .Stages(push, QuickstartDefaults.Train)
            .Select(s => s.Name)
            .Should()
            .Equal("train", "export", "quantize", "evaluate", "register", "image", "push", "deploy", "smoke");
        var cloudRun = ConfigLoader
            .Load<PipelineConfig>(
                Write(
                    "image:\n  push: europe-docker.pkg.dev/p/r/fashion\ndeploy:\n  target: cloudrun\n  project: p\n  region: europe-west1\n  service: fashion\n"
                )
            )
            .Value;
        var stages = PipelineDefinition.Stages(cloudRun, QuickstartDefaults.Train);
        stages.Single(s => s.Name == "deploy").Should().BeOfType<Cli.Pipeline.Stages.DeployCloudRunStage>();
        stages.Single(s => s.Name == "deploy").DependsOn.Should().Contain("push");
    }

    [Fact]
    public void The_local_runner_binds_and_a_misspelt_one_is_reported_with_its_line()
    {
        ConfigLoader
            .Load<PipelineConfig>(Write("deploy:\n  runner: process\n"))
            .Value.Deploy.Runner.Should()
            .Be(LocalRunner.Process);
        ConfigLoader
            .Load<PipelineConfig>(Write("deploy:\n  target: local\n"))
            .Value.Deploy.Runner.Should()
            .Be(LocalRunner.Auto);
        var path = Write("deploy:\n  runner: podmann\n");
        FluentActions
            .Invoking(() => ConfigLoader.Load<PipelineConfig>(path))
            .Should()
            .Throw<ConfigException>()
            .Which.Where.Should()
            .Be($"{path}:2 (deploy.runner)");
    }

    [Fact]
    public void Auto_runs_podman_where_podman_and_runc_are_installed()
    {
        var expected =
            File.Exists("/usr/bin/podman") && (File.Exists("/usr/sbin/runc") || File.Exists("/usr/bin/runc"))
                ? LocalRunner.Podman
                : LocalRunner.Process;
        Cli.Pipeline.Stages.DeployLocalStage.Runner(LocalRunner.Auto).Should().Be(expected);
        Cli.Pipeline.Stages.DeployLocalStage.Runner(LocalRunner.Process).Should().Be(LocalRunner.Process);
    }
}
