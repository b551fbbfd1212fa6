using Mlops.Core.Config;
using Mlops.Deploy.Tests.Fixtures;
using Mlops.Train.Config;
using Mlops.Train.Runs;
using Mlops.Train.Training;

namespace Mlops.Cli.Tests.BadInput;

/// <summary>
/// An image folder that does not exist is reported where the user named it: train names data.root with the config file
/// and line, eval names --data, the pipeline's evaluate stage names evaluate.data with the pipeline config's line; the
/// message names the path. Run as the mlops process, so the printed line is checked.
/// </summary>
public sealed class MissingImageFolderTests
{
    private const string Missing = "/nonexistent/images";

    private static string TinyYaml(string runsDir, string data) => $$"""
        name: tiny
        seed: 0
        model: { arch: resnet18, num_classes: 10, in_channels: 1, small_stem: false }
        data: { {{data}} }
        optim: { name: sgd, lr: 0.05, momentum: 0.9 }
        schedule: { name: none }
        train: { epochs: 1, batch_size: 32, threads: 2 }
        output: { runs_dir: '{{runsDir}}' }
        """;

    [Fact]
    public void Train_names_data_root_with_the_config_file_and_line()
    {
        using var folder = new TempDirectory("mlops-missing-folder-test");
        var config = folder.Combine("folder.yaml");
        File.WriteAllText(config, TinyYaml(folder.Combine("runs"), $"dataset: imagefolder, root: {Missing}"));

        var result = Mlops("train", "--config", config);

        result.ExitCode.Should().Be(2, result.Output + result.Error);
        result.Error.Should().Contain($"error: {config}:4 (data.root): image folder '{Missing}' not found");
        Directory.Exists(folder.Combine("runs")).Should().BeFalse("nothing ran");
    }

    [Fact]
    public void Eval_names_the_data_option()
    {
        using var folder = new TempDirectory("mlops-missing-folder-test");
        var loaded = ConfigLoader.LoadText<TrainConfig>(
            TinyYaml(folder.Combine("runs"), "subset: 64, val_fraction: 0, test_subset: 32"), "tiny.yaml");
        var outcome = Trainer.Run(new TrainRequest { Config = loaded.Value, ResolvedYaml = loaded.ToYaml(), Output = TextWriter.Null, ShowProgress = false });

        var result = Mlops("eval", "--checkpoint", RunFolder.Open(outcome.RunPath).BestCheckpointPath, "--data", $"imagefolder:{Missing}");

        result.ExitCode.Should().Be(2, result.Output + result.Error);
        result.Error.Should().Contain($"error: --data: image folder '{Missing}' not found");
    }

    [Fact]
    public void Pipeline_evaluate_names_evaluate_data_with_the_config_file_and_line()
    {
        using var folder = new TempDirectory("mlops-missing-folder-test");
        File.WriteAllText(folder.Combine("train.yaml"), TinyYaml(folder.Combine("runs"), "subset: 64"));
        var pipeline = folder.Combine("pipeline.yaml");
        File.WriteAllText(pipeline, $"""
            train_config: train.yaml
            work_dir: '{folder.Combine("work")}'
            evaluate:
              data: imagefolder:{Missing}
            """);

        var result = Mlops("pipeline", "run", "--config", pipeline, "--only", "evaluate");

        result.ExitCode.Should().Be(2, result.Output + result.Error);
        result.Error.Should().Contain($"error: {pipeline}:4 (evaluate.data): image folder '{Missing}' not found");
    }

    private static ProcessRunner.Result Mlops(params string[] arguments) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "mlops.dll"), .. arguments], timeout: TimeSpan.FromSeconds(120));
}
