using Mlops.Core.Config;

namespace Mlops.Core.Tests.Config;

public class ConfigCollectionTests
{
    private const string Yaml = """
        grid:
          optim.lr: [0.1, 0.05]
          train.epochs: [5]
        trials:
          - name: a
          - {name: b, weight: 2}
        """;

    [Fact]
    public void Binds_free_keyed_maps_and_lists_of_sections()
    {
        var sweep = ConfigLoader.LoadText<SampleSweep>(Yaml, "sweep.yaml").Value;

        sweep.Grid.Keys.Should().Equal("optim.lr", "train.epochs");
        sweep.Grid["optim.lr"].Should().Equal(0.1, 0.05);
        sweep.Trials.Select(trial => (trial.Name, trial.Weight)).Should().Equal(("a", 1.0), ("b", 2.0));
        sweep.Labels.Should().BeEmpty();
    }

    [Fact]
    public void Errors_inside_maps_and_list_items_name_the_full_path()
    {
        var load = () =>
            ConfigLoader.LoadText<SampleSweep>(
                "grid:\n  optim.lr: [0.1, x]\ntrials:\n  - weight: 3\n  - name: c\n    wieght: 1\n",
                "sweep.yaml"
            );

        load.Should()
            .Throw<ConfigException>()
            .Which.Errors.Select(error => error.ToString())
            .Should()
            .BeEquivalentTo(
                "sweep.yaml:2 (grid.optim.lr[1]): expected a number, got 'x'",
                "sweep.yaml:4 (trials[0].name): missing required key 'name'",
                "sweep.yaml:6 (trials[1].wieght): unknown key 'wieght' (did you mean 'weight'?); known keys here: name, weight"
            );
    }

    [Fact]
    public void Maps_and_lists_of_sections_print_and_load_back()
    {
        var original = ConfigLoader.LoadText<SampleSweep>(
            Yaml + "\nlabels: {team: vision, \"odd key\": x}\n",
            "sweep.yaml"
        );

        var printed = original.ToYaml();
        var reloaded = ConfigLoader.LoadText<SampleSweep>(printed, "again.yaml");

        printed
            .Should()
            .Contain("  optim.lr: [0.1, 0.05]")
            .And.Contain("  - {name: b, weight: 2}")
            .And.Contain("\"odd key\": x");
        reloaded.ToYaml(withSources: false).Should().Be(original.ToYaml(withSources: false));
        reloaded.Value.Labels["odd key"].Should().Be("x");
    }
}
