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

    [Fact]
    public void Train_names_data_root_with_the_config_file_and_line()
    {
        using var folder = new TempDirectory("mlops-missing-folder-test");
        var config = folder.Combine("folder.yaml");
        File.WriteAllText(config, TinyTraining.Yaml(folder.Combine("runs"), $"dataset: imagefolder, root: {Missing}"));

        var result = TinyTraining.Mlops("train", "--config", config);

        result.ExitCode.Should().Be(2, result.Output + result.Error);
        result.Error.Should().Contain($"error: {config}:4 (data.root): image folder '{Missing}' not found");
        Directory.Exists(folder.Combine("runs")).Should().BeFalse("nothing ran");
    }

    [Fact]
    public void Pipeline_train_names_data_root_with_the_training_config_file_and_line()
    {
        using var folder = new TempDirectory("mlops-missing-folder-test");
        var train = folder.Combine("train.yaml");
        File.WriteAllText(train, TinyTraining.Yaml(folder.Combine("runs"), $"dataset: imagefolder, root: {Missing}"));
        var pipeline = folder.Combine("pipeline.yaml");
        File.WriteAllText(pipeline, $"train_config: train.yaml\nwork_dir: '{folder.Combine("work")}'\n");

        var result = TinyTraining.Mlops("pipeline", "run", "--config", pipeline, "--only", "train");

        result.ExitCode.Should().Be(2, result.Output + result.Error);
        result.Error.Should().Contain($"error: {train}:4 (data.root): image folder '{Missing}' not found");
    }

    [Fact]
    public void Eval_names_the_data_option()
    {
        using var folder = new TempDirectory("mlops-missing-folder-test");
        var loaded = ConfigLoader.LoadText<TrainConfig>(
            TinyTraining.Yaml(folder.Combine("runs"), "subset: 64, val_fraction: 0, test_subset: 32"),
            "tiny.yaml"
        );
        var outcome = Trainer.Run(
            new TrainRequest
            {
                Config = loaded.Value,
                ResolvedYaml = loaded.ToYaml(),
                Output = TextWriter.Null,
                ShowProgress = false,
            }
        );

        var result = TinyTraining.Mlops(
            "eval",
            "--checkpoint",
            RunFolder.Open(outcome.RunPath).BestCheckpointPath,
            "--data",
            $"imagefolder:{Missing}"
        );

        result.ExitCode.Should().Be(2, result.Output + result.Error);
        result.Error.Should().Contain($"error: --data: image folder '{Missing}' not found");
    }

    [Fact]
    public void Pipeline_evaluate_names_evaluate_data_with_the_config_file_and_line()
    {
        using var folder = new TempDirectory("mlops-missing-folder-test");
        File.WriteAllText(folder.Combine("train.yaml"), TinyTraining.Yaml(folder.Combine("runs"), "subset: 64"));
        var pipeline = folder.Combine("pipeline.yaml");
        File.WriteAllText(
            pipeline,
            $"""
            train_config: train.yaml
            work_dir: '{folder.Combine("work")}'
            evaluate:
              data: imagefolder:{Missing}
            """
        );

        var result = TinyTraining.Mlops("pipeline", "run", "--config", pipeline, "--only", "evaluate");

        result.ExitCode.Should().Be(2, result.Output + result.Error);
        result.Error.Should().Contain($"error: {pipeline}:4 (evaluate.data): image folder '{Missing}' not found");
    }
}
