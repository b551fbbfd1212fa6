using Mlops.Core.Config;

namespace Mlops.Core.Tests.Config;

public class ConfigComposerTests
{
    private static TempFolder Configs()
    {
        var folder = new TempFolder();
        folder.Write("optim/sgd.yaml", "name: sgd\nlr: 0.1\nnesterov: true\n");
        folder.Write("optim/adamw.yaml", "name: adamw\nlr: 0.001\n");
        folder.Write(
            "exp.yaml",
            """
            defaults:
              - optim: sgd
            name: demo
            optim:
              lr: 0.2
            """
        );
        return folder;
    }

    [Fact]
    public void Group_files_are_layered_under_the_experiment_and_the_command_line()
    {
        using var folder = Configs();
        var path = folder.File("exp.yaml");

        var loaded = ConfigLoader.Load<SampleConfig>(path, ["seed=3"]);

        loaded.Value.Optim.Name.Should().Be(SampleOptimizer.Sgd);
        loaded.Value.Optim.Nesterov.Should().BeTrue();
        loaded.Value.Optim.Lr.Should().Be(0.2, "the experiment's own keys override its group files");
        loaded.GroupChoices.Should().Equal(new Dictionary<string, string> { ["optim"] = "sgd" });
        loaded.Provenance.SourceOf("optim.nesterov").Description.Should().Be($"{folder.File("optim/sgd.yaml")}:3");
        loaded.Provenance.SourceOf("optim.lr").Description.Should().Be($"{path}:5");
        loaded.Provenance.SourceOf("seed").Should().Be(ConfigSource.CommandLine);
    }

    [Fact]
    public void A_group_is_switched_on_the_command_line_and_values_still_override()
    {
        using var folder = Configs();
        folder.Write("exp2.yaml", "defaults:\n  - optim: sgd\nname: demo\n");

        var loaded = ConfigLoader.Load<SampleConfig>(folder.File("exp2.yaml"), ["optim=adamw", "optim.lr=0.003"]);

        loaded.Value.Optim.Name.Should().Be(SampleOptimizer.AdamW);
        loaded.Value.Optim.Nesterov.Should().BeFalse("nothing of the replaced sgd file remains");
        loaded.Value.Optim.Lr.Should().Be(0.003);
        loaded.GroupChoices["optim"].Should().Be("adamw");
        loaded
            .ToYaml()
            .Should()
            .StartWith("# composed from config groups: optim=adamw\n")
            .And.Contain("# command line");
    }

    [Fact]
    public void _self_first_lets_group_files_override_the_experiment()
    {
        using var folder = Configs();
        folder.Write("exp3.yaml", "defaults:\n  - _self_\n  - optim: sgd\nname: demo\noptim:\n  lr: 0.2\n");

        ConfigLoader.Load<SampleConfig>(folder.File("exp3.yaml")).Value.Optim.Lr.Should().Be(0.1);
    }

    [Fact]
    public void An_unknown_option_lists_the_available_ones()
    {
        using var folder = Configs();

        var load = () => ConfigLoader.Load<SampleConfig>(folder.File("exp.yaml"), ["optim=adamv"]);

        var error = load.Should().Throw<ConfigException>().Which;
        error.Where.Should().Be("command line (optim)");
        error
            .Message.Should()
            .Be("unknown option 'adamv' for group 'optim' (did you mean 'adamw'?); available: adamw, sgd");
    }

    [Fact]
    public void An_unknown_group_in_the_defaults_list_names_its_line()
    {
        using var folder = Configs();
        folder.Write("bad.yaml", "name: demo\ndefaults:\n  - optimizer: sgd\n");

        var load = () => ConfigLoader.Load<SampleConfig>(folder.File("bad.yaml"));

        var error = load.Should().Throw<ConfigException>().Which;
        error.Where.Should().Be($"{folder.File("bad.yaml")}:3 (optimizer)");
        error.Message.Should().StartWith("unknown config group 'optimizer'").And.Contain("(did you mean 'optim'?)");
    }

    [Fact]
    public void A_mistake_inside_a_group_file_names_that_file_and_line()
    {
        using var folder = Configs();
        folder.Write("optim/sgd.yaml", "name: sgd\nlrr: 0.1\n");

        var load = () => ConfigLoader.Load<SampleConfig>(folder.File("exp.yaml"));

        load.Should()
            .Throw<ConfigException>()
            .Which.Where.Should()
            .Be($"{folder.File("optim/sgd.yaml")}:2 (optim.lrr)");
    }
}
