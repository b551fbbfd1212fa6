using Mlops.Core.Config;
using Mlops.Train.Config;

namespace Mlops.Train.Tests.Config;

public class ShippedConfigTests
{
    /// <summary>Every training experiment in configs/; pipeline.yaml is a pipeline config (tested in Cli.Tests).</summary>
    public static TheoryData<string> Experiments() =>
        new(
            Directory
                .GetFiles(RepoPaths.Configs, "*.yaml")
                .Select(path => Path.GetFileName(path)!)
                .Where(file => file != "pipeline.yaml")
        );

    [Theory]
    [MemberData(nameof(Experiments))]
    public void Every_experiment_file_loads_and_validates(string file)
    {
        var loaded = TrainConfig.Load(RepoPaths.Config(file));

        loaded.Value.Name.Should().NotBeEmpty();
        loaded.GroupChoices.Should().ContainKeys("model", "data", "optim");
    }

    [Fact]
    public void The_full_run_is_the_proposed_recipe()
    {
        var config = TrainConfig.Load(RepoPaths.Config("fashion_resnet18.yaml")).Value;

        config.Model.Arch.Should().Be(ResNetArch.Resnet18);
        config.Model.SmallStem.Should().BeTrue();
        config.Data.Dataset.Should().Be(DatasetKind.FashionMnist);
        config.Data.ResolvedRoot.Should().Be(DataConfig.FashionMnistDefaultRoot);
        config.Data.Augment.RandomCropPadding.Should().Be(2);
        config.Data.Augment.HorizontalFlip.Should().BeTrue();
        config.Data.Normalize.IsAuto.Should().BeTrue();
        config.Optim.Name.Should().Be(OptimizerKind.Sgd);
        config.Optim.Nesterov.Should().BeTrue();
        config.Optim.Momentum.Should().Be(0.9);
        config.Optim.WeightDecay.Should().Be(5e-4);
        config.Schedule.Name.Should().Be(ScheduleKind.Cosine);
        config.Schedule.WarmupEpochs.Should().Be(1);
        config.Train.LabelSmoothing.Should().Be(0.1);
        config.Train.BatchSize.Should().Be(128);
        config.Train.Epochs.Should().Be(15);
    }

    [Fact]
    public void The_quick_run_trains_a_small_subset_for_two_epochs()
    {
        var config = TrainConfig.Load(RepoPaths.Config("quick.yaml")).Value;

        config.Train.Epochs.Should().Be(2);
        config.Data.Subset.Should().BeInRange(1000, 20000);
        config.Data.TestSubset.Should().NotBeNull();
        config
            .Data.ValFraction.Should()
            .BeInRange(
                0.01,
                0.02,
                "validation runs every epoch and data.subset does not shrink it: 60,000 x 0.1 would outweigh the 8,000 training images"
            );
        config.Model.SmallStem.Should().BeTrue();
    }

    [Fact]
    public void Groups_switch_from_the_command_line()
    {
        var loaded = TrainConfig.Load(
            RepoPaths.Config("quick.yaml"),
            ["model=resnet50", "optim=adamw", "optim.lr=0.002"]
        );

        loaded.Value.Model.Arch.Should().Be(ResNetArch.Resnet50);
        loaded.Value.Model.SmallStem.Should().BeTrue("the experiment's own model keys still apply");
        loaded.Value.Optim.Name.Should().Be(OptimizerKind.AdamW);
        loaded.Value.Optim.Lr.Should().Be(0.002);
        loaded.GroupChoices["model"].Should().Be("resnet50");
    }

    [Fact]
    public void Print_config_names_the_group_file_line_of_each_value()
    {
        var yaml = TrainConfig.Load(RepoPaths.Config("quick.yaml"), ["train.epochs=1"]).ToYaml();
        var lines = yaml.Split('\n');

        lines
            .Should()
            .Contain(line =>
                line.StartsWith("  arch: resnet18 ") && line.EndsWith(Path.Combine("model", "resnet18.yaml") + ":3")
            );
        lines.Should().Contain(line => line.StartsWith("  epochs: 1 ") && line.EndsWith("# command line"));
        lines.Should().Contain(line => line.StartsWith("  eps: 1E-08 ") && line.EndsWith("# default"));
        lines.Should().Contain(line => line.StartsWith("name: quick ") && line.Contains("quick.yaml:"));
    }

    [Fact]
    public void The_resolved_config_reloads_to_the_same_config()
    {
        using var folder = new ScratchFolder();
        var original = TrainConfig.Load(RepoPaths.Config("fashion_resnet18.yaml"), ["optim.lr=0.05"]);
        var saved = folder.File("config.yaml");
        File.WriteAllText(saved, original.ToYaml());

        var reloaded = TrainConfig.Load(saved);

        reloaded.ToYaml(withSources: false).Should().Be(original.ToYaml(withSources: false));
        reloaded.Value.Optim.Lr.Should().Be(0.05);
    }
}
