using Mlops.Deploy.Tests.Fixtures;

namespace Mlops.Cli.Tests.BadInput;

/// <summary>
/// A Fashion-MNIST data.root without the IDX files is reported at the config line that sets it, naming the missing file:
/// the pipeline's train stage hashes the data before training, so it is checked on its own. Run as the mlops process.
/// </summary>
public sealed class WrongFashionMnistRootTests : IDisposable
{
    private readonly TempDirectory _folder = new("mlops-wrong-root-test");
    private readonly string _trainConfig;
    private readonly string _emptyRoot;
    private readonly string _missingFile;

    public WrongFashionMnistRootTests()
    {
        _emptyRoot = _folder.Combine("no-idx-files");
        Directory.CreateDirectory(_emptyRoot);
        _missingFile = Path.Combine(_emptyRoot, "train-images-idx3-ubyte.gz");
        _trainConfig = _folder.Combine("train.yaml");
        File.WriteAllText(
            _trainConfig,
            TinyTraining.Yaml(_folder.Combine("runs"), $"root: '{_emptyRoot}', subset: 64")
        );
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Train_names_data_root_with_the_config_file_and_line()
    {
        var result = TinyTraining.Mlops("train", "--config", _trainConfig);

        result.ExitCode.Should().Be(2, result.Output + result.Error);
        result.Error.Should().Contain($"error: {_trainConfig}:4 (data.root): data file '{_missingFile}' not found");
    }

    [Fact]
    public void Pipeline_train_names_data_root_with_the_training_config_file_and_line()
    {
        var pipeline = _folder.Combine("pipeline.yaml");
        File.WriteAllText(pipeline, $"train_config: train.yaml\nwork_dir: '{_folder.Combine("work")}'\n");

        var result = TinyTraining.Mlops("pipeline", "run", "--config", pipeline, "--only", "train");

        result.ExitCode.Should().Be(2, result.Output + result.Error);
        result.Error.Should().Contain($"error: {_trainConfig}:4 (data.root): data file '{_missingFile}' not found");
        Directory.Exists(_folder.Combine("runs")).Should().BeFalse("nothing ran");
    }

    [Fact]
    public void Pipeline_evaluate_names_smoke_fashion_mnist_root_not_evaluate_data()
    {
        var pipeline = _folder.Combine("pipeline.yaml");
        File.WriteAllText(
            pipeline,
            $"""
            train_config: train.yaml
            work_dir: '{_folder.Combine("work")}'
            evaluate:
              data: fashion-mnist:test
            smoke:
              fashion_mnist_root: '{_emptyRoot}'
            """
        );

        var result = TinyTraining.Mlops("pipeline", "run", "--config", pipeline, "--only", "evaluate");

        result.ExitCode.Should().Be(2, result.Output + result.Error);
        result
            .Error.Should()
            .Contain(
                $"error: {pipeline}:6 (smoke.fashion_mnist_root): data file '{Path.Combine(_emptyRoot, "t10k-images-idx3-ubyte.gz")}' not found"
            );
    }
}
