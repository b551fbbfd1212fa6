using Mlops.Core.Config;

namespace Mlops.Core.Tests.Config;

public class ConfigPrinterTests
{
    [Fact]
    public void Each_value_is_annotated_with_where_it_came_from()
    {
        var loaded = ConfigLoader.LoadText<SampleConfig>(
            "name: demo\noptim:\n  lr: 0.1\n",
            "exp.yaml",
            ["optim.nesterov=true"]
        );

        var lines = loaded.ToYaml().Split('\n');

        lines.Should().Contain(line => line.StartsWith("name: demo ") && line.EndsWith("# exp.yaml:1"));
        lines.Should().Contain(line => line.StartsWith("  lr: 0.1 ") && line.EndsWith("# exp.yaml:3"));
        lines.Should().Contain(line => line.StartsWith("  nesterov: true ") && line.EndsWith("# command line"));
        lines.Should().Contain(line => line.StartsWith("seed: 1 ") && line.EndsWith("# default"));
        lines.Should().Contain(line => line.StartsWith("  betas: [0.9, 0.999] ") && line.EndsWith("# default"));
        lines.Should().Contain(line => line.StartsWith("normalize: auto ") && line.EndsWith("# default"));
        lines.Should().Contain(line => line.StartsWith("pretrained: null "));
        lines.Should().Contain("optim:");
    }

    [Fact]
    public void The_printed_config_loads_back_to_the_same_values()
    {
        var original = ConfigLoader.LoadText<SampleConfig>(
            """
            name: "yes"
            seed: 5
            tags: ["1.5", "a b", "x#y", ""]
            optim: {name: adamw, lr: 0.000123, betas: [0.5, 0.75]}
            normalize: {mean: [0.1, 0.2], std: [0.3, 0.4]}
            pretrained: weights/model.pth
            """,
            "exp.yaml"
        );

        var printed = original.ToYaml();
        var reloaded = ConfigLoader.LoadText<SampleConfig>(printed, "config.yaml");

        reloaded.ToYaml(withSources: false).Should().Be(original.ToYaml(withSources: false));
        reloaded.Value.Name.Should().Be("yes");
        reloaded.Value.Tags.Should().Equal("1.5", "a b", "x#y", "");
        reloaded.Value.Optim.Lr.Should().Be(0.000123);
        reloaded.Value.Normalize.Std.Should().Equal(0.3, 0.4);
    }
}
