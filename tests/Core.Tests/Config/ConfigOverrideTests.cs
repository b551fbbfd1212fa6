using Mlops.Core.Config;

namespace Mlops.Core.Tests.Config;

public class ConfigOverrideTests
{
    private const string Yaml = "name: demo\noptim:\n  lr: 0.1\n";

    private static LoadedConfig<SampleConfig> Load(params string[] overrides) =>
        ConfigLoader.LoadText<SampleConfig>(Yaml, "exp.yaml", overrides);

    [Fact]
    public void Overrides_replace_file_values_and_create_missing_sections()
    {
        var loaded = Load(
            "optim.lr=0.05",
            "seed=7",
            "optim.betas=[0.8, 0.99]",
            "normalize.mean=[0.5]",
            "normalize.std=[0.2]",
            "tags=[x]"
        );

        loaded.Value.Optim.Lr.Should().Be(0.05);
        loaded.Value.Seed.Should().Be(7);
        loaded.Value.Optim.Betas.Should().Equal(0.8, 0.99);
        loaded.Value.Normalize.Mean.Should().Equal(0.5);
        loaded.Value.Tags.Should().Equal("x");
        loaded.Provenance.SourceOf("optim.lr").Should().Be(ConfigSource.CommandLine);
        loaded.Provenance.SourceOf("name").Description.Should().Be("exp.yaml:1");
    }

    [Fact]
    public void An_empty_value_is_null_and_a_flow_mapping_merges_into_the_section()
    {
        var loaded = Load("pretrained=", "optim={name: adamw, nesterov: false}");

        loaded.Value.Pretrained.Should().BeNull();
        loaded.Value.Optim.Name.Should().Be(SampleOptimizer.AdamW);
        loaded.Value.Optim.Lr.Should().Be(0.1, "the file's lr stays when the override mapping does not name it");
    }

    [Fact]
    public void Unknown_override_paths_are_rejected_with_the_command_line_as_location()
    {
        var load = () => Load("optim.lrr=0.05");

        var error = load.Should().Throw<ConfigException>().Which;
        error.Where.Should().Be("command line (optim.lrr)");
        error.Message.Should().StartWith("unknown key 'lrr' (did you mean 'lr'?)");
    }

    [Fact]
    public void Override_values_are_type_checked_like_file_values()
    {
        var load = () => Load("optim.lr=fast");

        var error = load.Should().Throw<ConfigException>().Which;
        error.Where.Should().Be("command line (optim.lr)");
        error.Message.Should().Be("expected a number, got 'fast'");
    }

    [Theory]
    [InlineData("optim.lr")]
    [InlineData("=3")]
    [InlineData("optim..lr=3")]
    public void Malformed_overrides_show_the_expected_form(string argument)
    {
        var load = () => Load(argument);

        load.Should()
            .Throw<ConfigException>()
            .Which.Message.Should()
            .Contain("expected an override like optim.lr=0.05");
    }

    [Fact]
    public void Broken_yaml_in_an_override_value_is_reported()
    {
        var load = () => Load("optim.betas=[0.9");

        var error = load.Should().Throw<ConfigException>().Which;
        error.Where.Should().Be("command line (optim.betas)");
        error.Message.Should().StartWith("invalid YAML");
    }
}
