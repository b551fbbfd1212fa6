using Mlops.Core.Config;
using Mlops.Train.Config;

namespace Mlops.Train.Tests.Config;

/// <summary>The trainer schema's own rules, each reported at the key and line concerned.</summary>
public class TrainConfigRuleTests
{
    private const string Minimal = "name: t\nmodel:\n  arch: resnet18\n";

    private static ConfigError ErrorFor(string yaml, params string[] overrides)
    {
        var load = () => ConfigLoader.LoadText<TrainConfig>(yaml, "t.yaml", overrides);
        return load.Should().Throw<ConfigException>().Which.Errors.Should().ContainSingle().Subject;
    }

    [Fact]
    public void A_minimal_config_takes_the_documented_defaults()
    {
        var config = ConfigLoader.LoadText<TrainConfig>(Minimal, "t.yaml").Value;

        config.Data.Dataset.Should().Be(DatasetKind.FashionMnist);
        config.Data.Root.Should().BeNull();
        config.Data.ResolvedRoot.Should().Be("/usr/share/datasets/fashion-mnist");
        config.Optim.Betas.Should().Equal(0.9, 0.999);
        config.Train.EarlyStopping.Metric.Should().Be(EarlyStoppingMetric.ValAccuracy);
        config.Output.RunsDir.Should().Be("runs");
    }

    [Fact]
    public void Arch_is_required_and_limited_to_the_resnet_family()
    {
        ErrorFor("name: t\nmodel:\n  small_stem: true\n")
            .Should()
            .Be(new ConfigError("model.arch", ConfigSource.InFile("t.yaml", 3), "missing required key 'arch'"));
        ErrorFor(Minimal, "model.arch=resnet101")
            .Message.Should()
            .Be("expected one of resnet18, resnet34, resnet50, got 'resnet101' (did you mean 'resnet18'?)");
    }

    [Fact]
    public void Dataset_names_are_written_as_in_the_docs()
    {
        ConfigLoader
            .LoadText<TrainConfig>(Minimal + "data:\n  dataset: imagefolder\n  root: /tmp\n", "t.yaml")
            .Value.Data.Dataset.Should()
            .Be(DatasetKind.ImageFolder);
        ErrorFor(Minimal + "data:\n  dataset: fashion\n").Message.Should().Contain("one of fashion-mnist, imagefolder");
    }

    [Fact]
    public void Random_erasing_is_a_probability()
    {
        ConfigLoader
            .LoadText<TrainConfig>(Minimal, "t.yaml", ["data.augment.random_erasing=0.5"])
            .Value.Data.Augment.RandomErasing.Should()
            .Be(0.5);
        ErrorFor(Minimal, "data.augment.random_erasing=1.5").KeyPath.Should().Be("data.augment.random_erasing");
    }

    [Fact]
    public void Progressive_resizing_holds_min_scale_then_grows_linearly_to_the_full_network()
    {
        var resizing = ConfigLoader
            .LoadText<TrainConfig>(
                Minimal,
                "t.yaml",
                [
                    "train.epochs=8",
                    "train.progressive_resizing.min_scale=0.5",
                    "train.progressive_resizing.start_epoch=3",
                    "train.progressive_resizing.end_epoch=7",
                ]
            )
            .Value.Train.ProgressiveResizing;

        Enumerable.Range(1, 8).Select(resizing.ScaleAt).Should().Equal(0.5, 0.5, 0.5, 0.625, 0.75, 0.875, 1, 1);
        ConfigLoader
            .LoadText<TrainConfig>(Minimal, "t.yaml")
            .Value.Train.ProgressiveResizing.ScaleAt(1)
            .Should()
            .Be(1, "off by default");
    }

    [Fact]
    public void Progressive_resizing_must_reach_the_full_network_before_the_run_ends()
    {
        const string Section =
            "train:\n  epochs: 10\n  progressive_resizing:\n    min_scale: 0.5\n    start_epoch: 6\n";
        var backwards = ErrorFor(Minimal + Section + "    end_epoch: 4\n");
        backwards.Where.Should().Be("t.yaml:9 (train.progressive_resizing.end_epoch)");
        backwards.Message.Should().Be("must come after start_epoch (6)");

        ErrorFor(Minimal + Section + "    end_epoch: 11\n")
            .Message.Should()
            .StartWith("epoch 11 is past train.epochs (10)");
        ErrorFor(Minimal, "train.progressive_resizing.min_scale=0.05")
            .KeyPath.Should()
            .Be("train.progressive_resizing.min_scale");
    }

    [Fact]
    public void Imagefolder_needs_a_root()
    {
        var error = ErrorFor(Minimal + "data:\n  dataset: imagefolder\n");

        error.KeyPath.Should().Be("data.root");
        error.Message.Should().StartWith("imagefolder needs data.root");
    }

    [Fact]
    public void Pretrained_weights_must_be_an_existing_pth_or_safetensors_file()
    {
        using var folder = new ScratchFolder();
        var weights = folder.File("w.safetensors");
        File.WriteAllBytes(weights, [0]);

        ConfigLoader
            .LoadText<TrainConfig>(Minimal + $"  pretrained: {weights}\n  freeze: [stem, layer1]\n", "t.yaml")
            .Value.Model.Freeze.Should()
            .Equal(FreezeStage.Stem, FreezeStage.Layer1);
        ErrorFor(Minimal + "  pretrained: w.onnx\n")
            .Should()
            .Be(
                new ConfigError(
                    "model.pretrained",
                    ConfigSource.InFile("t.yaml", 4),
                    "expected a .pth or .safetensors file, got 'w.onnx'"
                )
            );
        ErrorFor(Minimal + $"  pretrained: {folder.File("missing.pth")}\n")
            .Message.Should()
            .StartWith("file not found:");
        ErrorFor(Minimal + "  freeze: [layer5]\n")
            .Message.Should()
            .StartWith("expected one of stem, layer1, layer2, layer3, layer4, got 'layer5'");
    }

    [Fact]
    public void Warm_up_must_end_before_training_does()
    {
        var error = ErrorFor(Minimal + "schedule:\n  name: cosine\n  warmup_epochs: 3\ntrain:\n  epochs: 3\n");

        error.Where.Should().Be("t.yaml:6 (schedule.warmup_epochs)");
    }

    [Fact]
    public void Optimizer_options_must_fit_the_optimizer()
    {
        ErrorFor(Minimal + "optim:\n  name: adamw\n  nesterov: true\n").Where.Should().Be("t.yaml:6 (optim.nesterov)");
        ErrorFor(Minimal, "optim.betas=[0.9]").Where.Should().Be("command line (optim.betas)");
        ErrorFor(Minimal, "optim.lr=0").Message.Should().Be("must be greater than 0 and at most 10, got 0");
        ErrorFor(Minimal, "optim.momentum=1").Message.Should().Be("must be at least 0 and less than 1, got 1");
    }

    [Fact]
    public void Normalization_values_must_match_the_channels()
    {
        ErrorFor(Minimal + "data:\n  normalize:\n    mean: [0.5, 0.5, 0.5]\n    std: [0.2, 0.2, 0.2]\n")
            .KeyPath.Should()
            .Be("data.normalize.mean");
        ErrorFor(Minimal + "data:\n  normalize:\n    mean: [0.5]\n")
            .Message.Should()
            .Be("give both mean and std, or write normalize: auto");
        ErrorFor(Minimal + "data:\n  normalize: zscore\n")
            .Message.Should()
            .Be("expected 'auto' or a mapping with mean and std, got 'zscore'");
    }

    [Fact]
    public void Early_stopping_needs_a_validation_split()
    {
        ErrorFor(Minimal + "data:\n  val_fraction: 0\ntrain:\n  early_stopping:\n    patience: 3\n")
            .Where.Should()
            .Be("t.yaml:8 (train.early_stopping.patience)");
    }

    [Fact]
    public void The_run_name_must_be_usable_as_a_folder_name()
    {
        ErrorFor("name: ../escape\nmodel:\n  arch: resnet18\n").Where.Should().Be("t.yaml:1 (name)");
    }
}
